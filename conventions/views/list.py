import hashlib
from collections import OrderedDict

from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.http import JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET
from dsfr.utils import list_pages

from conventions import perms, selectors
from conventions.enums import ONGLETS
from conventions.filters import ConventionFilterSet
from conventions.models import Convention, FiltreEnregistre
from conventions.search import fold
from conventions.services import avenants as end_service
from conventions.views.filtres import FiltreForm
from conventions.views.list_rows import rows_html
from core.pagination import PaginatorSansCoupure
from programmes.models import Programme
from programmes.querysets import scope_q
from users.models import Bailleur

PER_PAGE = 20
AUTOCOMPLETE_MAX = 20

# Column headers of the list: (label, sort key).
COLUMNS = [
    ("Statut", "statut"),
    ("Opération", "operation"),
    ("Bailleur et administration", "bailleur"),
    ("Financement", "financement"),
    ("Ville", "ville"),
    ("Logements", "logements"),
    ("Date de livraison", "livraison"),
    ("Date de signature", "signature"),
]


def convention_filterset(request, *, for_page: bool = True) -> ConventionFilterSet:
    """The list's FilterSet for this request (also used by the Excel export, so both show the same rows; the
    export needs no choices for the form)."""
    user = request.user
    visible = Convention.objects.visible_to(user)
    return ConventionFilterSet(
        request.GET or None,
        queryset=visible.with_list_relations(),
        role=perms.role_for_labels(user),
        annees=selectors.annees_signature(visible, user=user) if for_page else None,
        originals_by_default=True,
        request=request,
    )


FILTRES_RENDUS_MAX = 500
_filtres_rendus: OrderedDict[str, str] = OrderedDict()


def filtres_html(request, filterset: ConventionFilterSet) -> str:
    """The fields of the filter form. Their HTML depends only on the role's status labels, the years offered and
    the values typed (errors included), so it is rendered once per combination and kept in this process (the
    last FILTRES_RENDUS_MAX): a dozen DSFR field templates cost more CPU than the rest of the page."""
    params = sorted((k, v) for k, values in request.GET.lists() for v in values if k != "page")
    choices = (filterset.form.fields["statut"].choices, filterset.form.fields["annee"].widget.choices)
    key = hashlib.sha256(repr((choices, params)).encode()).hexdigest()
    html = _filtres_rendus.get(key)
    if html is None:
        html = render_to_string("conventions/_filtres.html", {"form": filterset.form})
        _filtres_rendus[key] = html
        while len(_filtres_rendus) > FILTRES_RENDUS_MAX:
            _filtres_rendus.popitem(last=False)
    return html


def _columns(filterset: ConventionFilterSet):
    sorts = filterset.sort_filter.columns(filterset.cleaned().get("tri") if filterset.explicit_sort() else None)
    if filterset.cleaned().get("q") and not filterset.explicit_sort():
        sorts = {key: {**column, "active": False, "aria_sort": ""} for key, column in sorts.items()}
    return [{"label": label, **sorts[key]} for label, key in COLUMNS]


def _onglets(request, filterset: ConventionFilterSet, counts: dict) -> list[dict]:
    current = filterset.cleaned().get("onglet") or ""
    params = request.GET.copy()
    params.pop("page", None)
    tabs = []
    for key, label in [("", "Toutes"), *((k, label) for k, (label, _s) in ONGLETS.items())]:
        params["onglet"] = key
        if not key:
            params.pop("onglet")
        tabs.append(
            {
                "key": key,
                "label": label,
                "count": counts[key or "toutes"],
                "active": key == current,
                "query": params.urlencode(),
            }
        )
    return tabs


def _counts_key(request) -> str:
    """Cache key of the tab counts: the user and every filter but the tab, the sort and the page."""
    params = sorted((k, v) for k, values in request.GET.lists() for v in values if k not in ("onglet", "tri", "page"))
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    return f"onglets:{request.user.pk}:{digest}"


class ListePaginator(PaginatorSansCoupure):
    """Told its count by the tab counts (the same rows, counted once and cached until the next write:
    selectors.counts_by_onglet) instead of counting again: at 100,000 conventions that COUNT was the page's most
    expensive query."""

    def __init__(self, object_list, per_page, *, count: int | None):
        super().__init__(object_list, per_page)
        if count is not None:
            self.count = count  # replaces the cached_property


def _onglet(filterset: ConventionFilterSet) -> str:
    return filterset.cleaned().get("onglet") or "toutes"


LISTE_CACHE_SECONDS = 60


def _liste_key(request) -> str:
    """Cache key of what the list found for these parameters (its pages' ids, what a search matched): the rows the
    user may see (their scope, not the user: two instructeurs of one administration share it), every parameter
    but the page, and the generation that the next write to a convention or an operation renews
    (selectors.generation), so nothing cached outlives a change of the rows."""
    params = sorted((k, v) for k, values in request.GET.lists() for v in values if k != "page")
    return selectors.cle_jusqu_a_ecriture("liste", str(scope_q(request.user, "programme__")), params)


@require_GET
def convention_list(request):
    user = request.user
    filterset = convention_filterset(request)
    key = _liste_key(request)
    memo = cache.get(f"{key}:recherche") if filterset.cleaned().get("q") else None
    if memo is not None:
        filterset.recherche_memo = memo  # what the words matched: no query to find it out again
    counts = selectors.counts_by_onglet(
        filterset.without("onglet"), statut_q=filterset.statut_q, cache_key=_counts_key(request)
    )
    # Paginate the ids only (an index scan, even far in the list), then load those 20 rows with their relations.
    paginator = ListePaginator(
        filterset.qs.values_list("pk", flat=True), PER_PAGE, count=counts.get(_onglet(filterset))
    )
    page = paginator.get_page(request.GET.get("page"))
    ids = cache.get(f"{key}:page:{page.number}")
    if ids is None:
        ids = list(page.object_list)
        cache.set(f"{key}:page:{page.number}", ids, LISTE_CACHE_SECONDS)
    if memo is None and filterset.recherche_memo:
        cache.set(f"{key}:recherche", filterset.recherche_memo, LISTE_CACHE_SECONDS)
    page.object_list = selectors.conventions_in_order(
        ids, with_avenants=filterset.cleaned().get("avenants") is None, visible=Convention.objects.visible_to(user)
    )
    list_pages(page)
    rows = []
    for c in page.object_list:
        role = perms.role_on(user, c)
        rows.append({"convention": c, "statut_label": c.statut_label_for(role), "statut": c.statut})
        if c.parent_id is None:  # its avenants, under it
            rows += [
                {"convention": a, "statut_label": a.statut_label_for(role), "statut": a.statut, "avenant": True}
                for a in c.avenants_du_listing
            ]
    filters = filterset.active_filters()
    return render(
        request,
        "conventions/list.html",
        {
            "page_title": "Conventions",
            "form": filterset.form,
            "filtres_html": filtres_html(request, filterset),
            "filterset": filterset,
            "statut_labels": filterset.statut_labels(),
            "filtered": bool({k: v for k, v in filters.items() if k != "onglet"}),
            "page_obj": page,
            "rows": rows,
            "rows_html": rows_html(rows),
            "columns": _columns(filterset),
            "onglets": _onglets(request, filterset, counts),
            "filtres_enregistres": FiltreEnregistre.objects.filter(user=user).order_by("nom"),
            "filtre_form": FiltreForm(initial={"parametres": request.GET.urlencode()}),
            "can_create": perms.can_create_convention(user),
            "can_end_batch": end_service.can_end_conventions_batch(user),
        },
    )


@require_GET
def bailleur_autocomplete(request):
    """Bailleurs of the conventions the user may see whose name or SIRET starts like `q` (20 at most)."""
    q = (request.GET.get("q") or "").strip()[:100]
    bailleurs = Bailleur.objects.filter(
        Exists(Programme.objects.visible_to(request.user).filter(bailleur=OuterRef("pk")))
    )
    if q.isdigit():
        bailleurs = bailleurs.filter(siret__startswith=q)
    elif q:
        bailleurs = selectors.bailleurs_matching(bailleurs, fold(q))
    results = [
        {"uuid": str(b.uuid), "nom": b.nom, "siren": b.siret[:9], "label": f"{b.nom} ({b.siret[:9]})"}
        for b in bailleurs.order_by("nom")[:AUTOCOMPLETE_MAX]
    ]
    return JsonResponse({"results": results})
