"""The history of the fields and rows of a convention (conventions.historique), for everyone who sees it."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from conventions import historique as history
from conventions import perms
from conventions.steps.registry import kind_of
from conventions.views.helpers import get_visible_convention


@require_GET
def convention_historique(request, uuid):
    """`?cle=objet__champ[__uuid]` (a field, a row, a table), `?etape=slug` (a step), nothing: every step."""
    convention = get_visible_convention(request, uuid)
    kind = kind_of(convention)
    cle, etape = request.GET.get("cle", ""), request.GET.get("etape", "")
    cibles = []
    status, erreur = 200, ""
    if cle:
        try:
            cibles = [history.cible_de_cle(kind, cle)]
        except history.CleInvalide as exc:
            erreur = str(exc)
            status = 404
    elif etape:
        step = kind.step(etape)
        if step is None or step not in kind.editable_steps:
            erreur = "Cette étape n'existe pas dans cette convention."
            status = 404
        else:
            cibles = [history.cible_d_etape(step)]
    else:
        cibles = [history.cible_d_etape(step) for step in kind.editable_steps]
    sections = [{"titre": cible.titre, "evenements": history.historique(convention, cible)} for cible in cibles]
    context = {
        "page_title": f"Historique – {convention.titre}",
        "breadcrumb_label": "Historique des modifications",
        "convention": convention,
        "role": perms.role_on(request.user, convention),
        "sections": sections,
        "une_cible": bool(cle),
        "etapes": [(step.slug, step.title) for step in kind.editable_steps],
        "etape": etape,
        "erreur": erreur,
    }
    return render(request, "conventions/historique.html", context, status=status)
