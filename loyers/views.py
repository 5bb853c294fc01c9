from uuid import UUID

from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from conventions.models import Convention
from loyers.forms import SimulateurLoyerForm
from loyers.services import TYPE_PAR_NATURE, IndiceManquant, simuler


def _initial_from_convention(user, uuid) -> tuple[dict, Convention]:
    """Pre-fill from a convention the user may see (404 otherwise)."""
    convention = get_object_or_404(Convention.objects.visible_to(user).select_related("programme", "lot"), uuid=uuid)
    programme = convention.programme
    initial = {"departement": programme.code_insee_departement or None}
    if programme.nature_logement in TYPE_PAR_NATURE:
        initial["nature_logement"] = programme.nature_logement
    if convention.date_signature:
        initial["date_initiale"] = convention.date_signature
    loyer = convention.lot.logements.aggregate(m=Max("loyer_par_metre_carre"))["m"]
    if loyer is not None:
        initial["montant"] = loyer
    return initial, convention


@require_GET
def simulateur(request):
    """GET only: the calculation changes nothing, so the result can be bookmarked or shared."""
    convention = None
    initial = {}
    if request.GET.get("convention"):
        try:
            uuid = UUID(request.GET["convention"])
        except ValueError as exc:  # a malformed uuid is a 404 too, never a 500
            raise Http404 from exc
        initial, convention = _initial_from_convention(request.user, uuid)
    bound = any(name in request.GET for name in ("montant", "date_initiale", "nature_logement"))
    form = SimulateurLoyerForm(request.GET if bound else None, initial=initial)
    revision = erreur = None
    if bound and form.is_valid():
        data = form.cleaned_data
        try:
            revision = simuler(
                montant=data["montant"],
                nature_logement=data["nature_logement"],
                date_initiale=data["date_initiale"],
                date_actualisation=data["date_actualisation"],
                departement_code=data["departement"].code_insee if data["departement"] else None,
            )
        except IndiceManquant as exc:
            erreur = f"{exc} Le calcul n'est pas possible sur cette période ; l'équipe nationale tient la table à jour."
    return render(
        request,
        "loyers/simulateur.html",
        {
            "page_title": "Simulateur de loyer",
            "form": form,
            "revision": revision,
            "erreur": erreur,
            "convention": convention,
        },
    )
