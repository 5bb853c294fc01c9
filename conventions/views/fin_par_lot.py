"""Batch dénonciation or résiliation by an instructeur (reference §12.5): choose the conventions (numbers, or the
search of the conventions list), preview what each will become, confirm. Each convention goes through its own
special avenant and the workflow's rules (conventions.services.avenants.end_conventions_batch), journaled."""

import hashlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from conventions.filters import ConventionFilterSet
from conventions.forms.actions import FinParLotForm
from conventions.models import Convention
from conventions.services import avenants as service

NATURES = {"denonciation": "dénonciation", "resiliation": "résiliation"}


def _selection(user, data) -> tuple[list[Convention], list[str]]:
    """(conventions in the user's scope, numbers asked for but not found)."""
    visible = Convention.objects.visible_to(user).conventions().select_related("programme", "programme__bailleur")
    if data["liste_numeros"]:
        found = list(visible.filter(numero__in=data["liste_numeros"])[: service.BATCH_MAX + 1])
        numeros = {c.numero for c in found}
        return found, [n for n in data["liste_numeros"] if n not in numeros]
    filterset = ConventionFilterSet(QueryDict(data["filtre"]), queryset=visible)
    if not filterset.is_valid():
        return [], []
    return list(filterset.apply_filters(filterset.queryset).order_by("numero", "pk")[: service.BATCH_MAX + 1]), []


def _empreinte(lignes) -> str:
    return hashlib.sha256("|".join(str(c.uuid) for c, refus in lignes if not refus).encode()).hexdigest()[:16]


def _context(form) -> dict:
    return {
        "form": form,
        "page_title": "Dénoncer ou résilier par lot",
        "lignes": None,
        "possibles": [],
        "inconnues": [],
        "nature_label": "",
    }


@require_http_methods(["GET", "POST"])
def fin_par_lot(request):
    user = request.user
    if not service.can_end_conventions_batch(user):
        raise PermissionDenied("Seuls les instructeurs peuvent dénoncer ou résilier des conventions par lot.")
    if request.method == "GET":
        query = request.GET.copy()
        for name in ("page", "tri", "onglet"):
            query.pop(name, None)
        form = FinParLotForm(initial={"filtre": query.urlencode()})
        return render(request, "conventions/fin_par_lot.html", _context(form))
    form = FinParLotForm(request.POST)
    context = _context(form)
    if not form.is_valid():
        return render(request, "conventions/fin_par_lot.html", context)
    data = form.cleaned_data
    conventions, inconnues = _selection(user, data)
    if len(conventions) > service.BATCH_MAX:
        form.add_error(
            None,
            f"La sélection compte plus de {service.BATCH_MAX} conventions : précisez la recherche ou la liste des "
            "numéros.",
        )
        return render(request, "conventions/fin_par_lot.html", context)
    lignes = service.end_conventions_preview(user=user, conventions=conventions)
    possibles = [c for c, refus in lignes if not refus]
    empreinte = _empreinte(lignes)
    changed = "confirmer" in request.POST and data["empreinte"] != empreinte
    if "confirmer" in request.POST and possibles and not changed:
        result = service.end_conventions_batch(
            numeros=[c.numero for c in possibles],
            user=user,
            nature=data["nature"],
            date=data["date"],
            motif=data["motif"],
        )
        faites = len(result["faites"])
        messages.success(
            request,
            f"{faites} convention{'s' if faites > 1 else ''} : {NATURES[data['nature']]} enregistrée au "
            f"{data['date']:%d/%m/%Y} (voir le journal de chacune).",
        )
        for numero, message in result["refus"].items():
            messages.error(request, f"{numero} : {message}")
        return redirect("conventions:list")
    posted = request.POST.copy()
    posted["empreinte"] = empreinte
    form = FinParLotForm(posted)
    form.is_valid()
    if changed:
        form.add_error(None, "La sélection a changé depuis l'aperçu : vérifiez le nouvel aperçu puis confirmez.")
    context |= {
        "form": form,
        "lignes": lignes,
        "possibles": possibles,
        "inconnues": inconnues,
        "nature_label": NATURES[data["nature"]],
    }
    return render(request, "conventions/fin_par_lot.html", context)
