from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from conventions import perms
from conventions.forms.create import ConventionFromLotForm, ConventionFromScratchForm
from conventions.selectors import lots_for_creation
from conventions.services.creation import convention_create_from_lot, convention_create_from_scratch
from conventions.steps.registry import kind_of
from conventions.views.helpers import step_url
from conventions.workflow import WorkflowError

MODES = ("lot", "creation")


def convention_create(request):
    user = request.user
    if not perms.can_create_convention(user):
        raise PermissionDenied("Vous ne pouvez pas créer de convention.")
    lots = lots_for_creation(user=user)
    mode = request.POST.get("mode") if request.method == "POST" else None
    lot_form = ConventionFromLotForm(request.POST if mode == "lot" else None, lots=lots)
    scratch_form = ConventionFromScratchForm(request.POST if mode == "creation" else None, user=user)
    if request.method == "POST":
        form = lot_form if mode == "lot" else scratch_form if mode == "creation" else None
        if form is None:
            messages.error(request, "Choisissez comment créer la convention.")
        elif form.is_valid():
            try:
                convention = _create(mode, form.cleaned_data, user)
            except WorkflowError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "La convention est créée : complétez maintenant ses informations.")
                return redirect(step_url(convention, kind_of(convention).steps[0].slug))
    return render(
        request,
        "conventions/create.html",
        {
            "page_title": "Nouvelle convention",
            "lot_form": lot_form,
            "scratch_form": scratch_form,
            "has_lots": lot_form.is_bound or lots.exists(),
        },
    )


def _create(mode, data, user):
    if mode == "lot":
        return convention_create_from_lot(lot=data["lot"], user=user)
    return convention_create_from_scratch(
        user=user,
        bailleur=data["bailleur"],
        administration=data.get("administration"),
        nom=data["nom"],
        nb_logements=data["nb_logements"],
        financement=data["financement"],
        nature_logement=data["nature_logement"],
        type_habitat=data["type_habitat"],
        code_postal=data["code_postal"],
        ville=data["ville"],
    )
