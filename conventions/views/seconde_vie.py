"""« Seconde vie »: the page where the former conventions of a renovated operation are searched (in the user's
perimeter) and linked to its new convention. Everyone who sees the convention reads the page; those who may edit
its operation add and remove links."""

import uuid
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from dsfr.forms import DsfrBaseForm

from conventions import perms
from conventions.services import seconde_vie as service
from conventions.views.helpers import get_visible_convention


class RechercheForm(DsfrBaseForm):
    q = forms.CharField(
        label="Rechercher une convention antérieure",
        max_length=200,
        required=False,
        help_text="Numéro de la convention, nom de l'opération ou commune.",
    )


@require_http_methods(["GET", "POST"])
def convention_seconde_vie(request, uuid):
    convention = get_visible_convention(request, uuid)
    peut_modifier = service.can_set_parents(request.user, convention)
    page_url = reverse("conventions:seconde_vie", args=[convention.uuid])
    if request.method == "POST":
        if not peut_modifier:
            raise PermissionDenied("Vous ne pouvez pas modifier les conventions antérieures de cette convention.")
        _post(request, convention)
        q = request.GET.get("q", "")[:200]  # the search stays shown after adding one of its results
        return redirect(page_url + (f"?{urlencode({'q': q})}" if q else ""))
    form = RechercheForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "conventions/seconde_vie.html",
        {
            "page_title": f"Seconde vie – {convention.titre}",
            "breadcrumb_label": "Conventions antérieures (seconde vie)",
            "convention": convention,
            "role": perms.role_on(request.user, convention),
            "seconde_vie": convention.programme.seconde_vie,
            "parents": sorted(convention.parents_2nd_vie.all(), key=lambda p: (p.numero or "", p.pk)),
            "peut_modifier": peut_modifier,
            "form": form,
            "q": q,
            "resultats": service.rechercher(user=request.user, convention=convention, q=q) if peut_modifier else [],
        },
    )


def _post(request, convention) -> None:
    ajouter, retirer = request.POST.get("ajouter", ""), request.POST.get("retirer", "")
    try:
        if ajouter:
            parent = service.ajouter_parent(convention=convention, user=request.user, parent_uuid=_uuid(ajouter))
            messages.success(request, f"Convention n° {parent.numero} rattachée ; le rattachement figure au journal.")
        elif retirer:
            if service.retirer_parent(convention=convention, user=request.user, parent_uuid=_uuid(retirer)):
                messages.success(request, "Convention antérieure retirée.")
        else:
            messages.error(request, "Choisissez une convention à rattacher ou à retirer.")
    except service.SecondeVieRefusee as exc:
        messages.error(request, exc.message)


def _uuid(value: str):
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise service.SecondeVieRefusee("Cette convention n'existe pas.") from exc
