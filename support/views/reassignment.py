from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from conventions.filters import ConventionFilterSet
from conventions.models import Convention
from support import reassignment
from support.forms import ReaffectationConventionsForm, ReaffectationDelegationForm
from support.views.common import national_team_required


def _selection(data) -> tuple:
    """The conventions to move: by numbers, or by the list's filters applied to the whole country (the national
    team acts on every convention; only reached behind national_team_required)."""
    if data["liste_numeros"]:
        return Convention.objects.filter(numero__in=data["liste_numeros"]), data["liste_numeros"]
    filterset = ConventionFilterSet(
        QueryDict(data["filtre"].lstrip("?")), queryset=Convention.objects.with_list_relations()
    )
    return filterset.apply_filters(filterset.queryset), []


def _handle(request, form, build_plan, template, title):
    plan = erreur = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = build_plan(form.cleaned_data)
            if "confirmer" in request.POST:
                count = reassignment.apply_plan(
                    plan=plan,
                    user=request.user,
                    motif=form.cleaned_data["motif"],
                    empreinte=form.cleaned_data["empreinte"],
                )
                messages.success(
                    request,
                    f"{count} convention(s) réaffectée(s). Leur historique le mentionne et les personnes "
                    "concernées sont prévenues par e-mail.",
                )
                return redirect("support:index")
        except reassignment.ReassignmentError as exc:
            erreur = str(exc)
        if plan is not None:
            # The confirmation carries the fingerprint of what is shown.
            data = request.POST.copy()
            data["empreinte"] = plan.empreinte
            form = form.__class__(data)
            form.is_valid()
        if erreur:
            form.add_error(None, erreur)
    return render(request, template, {"page_title": title, "form": form, "plan": plan})


@require_http_methods(["GET", "POST"])
@national_team_required
def conventions(request):
    if request.method == "POST":
        form = ReaffectationConventionsForm(request.POST)
    else:
        # Coming from the conventions list: its search is carried over as the selection.
        query = request.GET.copy()
        query.pop("page", None)
        form = ReaffectationConventionsForm(initial={"filtre": query.urlencode()})

    def build(data):
        selection, numeros = _selection(data)
        return reassignment.plan_conventions(
            conventions=selection, champ=data["champ"], cible=data["cible"], numeros_demandes=numeros
        )

    return _handle(request, form, build, "support/reaffectation_conventions.html", "Réaffecter des conventions")


@require_http_methods(["GET", "POST"])
@national_team_required
def delegation(request):
    form = ReaffectationDelegationForm(request.POST if request.method == "POST" else None)

    def build(data):
        return reassignment.plan_delegation(source=data["source"], cible=data["destination"], communes=data["communes"])

    return _handle(
        request, form, build, "support/reaffectation_delegation.html", "Transférer les communes d'une délégation"
    )
