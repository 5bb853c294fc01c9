"""Read queries of the convention pages: the list (search, filters, sort) and the recap's data.

Each function returns querysets or plain data with a fixed number of queries, whatever the number of rows."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from conventions.enums import CommentaireStatut, ConventionStatut
from conventions.models import Comment, Convention, ConventionHistory, UploadedFile
from programmes.enums import TypologieAnnexe, TypologieLogement
from programmes.models import Annexe, Logement, LogementEDD, Lot

# Sortable columns of the list: URL value → ORDER BY (whitelist; anything else falls back to the default).
LIST_SORTS = {
    "statut": "statut",
    "operation": "programme__nom",
    "bailleur": "programme__bailleur__nom",
    "administration": "programme__administration__nom",
    "financement": "lot__financement",
    "ville": "programme__ville",
    "logements": "lot__nb_logements",
    "livraison": "programme__date_achevement_compile",
    "signature": "date_signature",
    "maj": "mis_a_jour_le",
}
DEFAULT_SORT = "-maj"


def normalize_sort(value: str | None) -> str:
    value = (value or "").strip()
    return value if value.lstrip("-") in LIST_SORTS else DEFAULT_SORT


def convention_list(
    *,
    user,
    q: str = "",
    statut: list[str] | str = (),
    financement: str = "",
    annee: int | None = None,
    avenants: str = "",
    tri="",
):
    """The conventions `user` may see, filtered and sorted; paginate the result (one COUNT, one SELECT, and one
    for the avenants of the page). By default the rows are conventions, each with its avenants (shown under
    it); `avenants="seulement"` lists the avenants themselves."""
    qs = Convention.objects.visible_to(user).with_list_relations()
    if avenants == "seulement":
        qs = qs.filter(parent__isnull=False).prefetch_related("avenant_types")
    else:
        qs = qs.filter(parent__isnull=True).prefetch_related(
            Prefetch(
                "avenants",
                queryset=Convention.objects.select_related(
                    "programme", "programme__bailleur", "programme__administration", "lot"
                )
                .prefetch_related("avenant_types")
                .order_by("cree_le", "pk"),
            )
        )
    q = (q or "").strip()
    if q:
        qs = qs.filter(
            Q(programme__nom__icontains=q)
            | Q(programme__numero_operation__icontains=q)
            | Q(numero__icontains=q)
            | Q(programme__bailleur__nom__icontains=q)
            | Q(programme__ville__icontains=q)
            | Q(programme__code_postal__startswith=q)
        )
    statuts = [statut] if isinstance(statut, str) else list(statut)
    statuts = [s for s in statuts if s]
    if statuts:
        qs = qs.filter(statut__in=statuts)
    if financement:
        qs = qs.filter(lot__financement=financement)
    if annee:
        qs = qs.filter(date_signature__year=annee)
    tri = normalize_sort(tri)
    field = LIST_SORTS[tri.lstrip("-")]
    descending = tri.startswith("-")
    order = f"-{field}" if descending else field
    # Stable pagination: a unique tie-breaker after the chosen column.
    return qs.order_by(order, "-pk" if descending else "pk")


def lots_for_creation(*, user):
    """Lots the user may start a convention on, flagged with `has_active_convention`."""
    active = Convention.objects.filter(lot=OuterRef("pk")).exclude(statut=ConventionStatut.ANNULEE)
    return (
        Lot.objects.visible_to(user)
        .originals()
        .select_related("programme")
        .annotate(has_active_convention=Exists(active))
        .order_by("programme__ville", "programme__nom", "financement", "pk")
    )


# --- Recap ----------------------------------------------------------------------------------------------


def comments_by_key(convention: Convention, *, include_closed: bool = False) -> dict[str, list[Comment]]:
    """The convention's comments grouped by key ("objet__champ" or "objet__champ__uuid"), in ONE query (none
    when the comments were prefetched, as `get_visible_convention` does)."""
    if "comments" in getattr(convention, "_prefetched_objects_cache", {}):
        comments = list(convention.comments.all())
    else:
        comments = list(Comment.objects.filter(convention=convention).select_related("user").order_by("cree_le", "id"))
    grouped: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        if include_closed or comment.statut != CommentaireStatut.CLOS:
            grouped[comment.cle].append(comment)
    return dict(grouped)


@dataclass
class LogementsTotaux:
    nombre: int
    surface_habitable: Decimal
    surface_annexes: Decimal
    surface_annexes_retenue: Decimal
    surface_utile: Decimal
    loyer: Decimal


def logements_totaux(lot: Lot) -> LogementsTotaux:
    """Totals of the dwellings table (one aggregate query)."""
    zero = Decimal("0")
    data = Logement.objects.filter(lot=lot).aggregate(
        nombre=Count("pk"),
        surface_habitable=Sum("surface_habitable"),
        surface_annexes=Sum("surface_annexes"),
        surface_annexes_retenue=Sum("surface_annexes_retenue"),
        surface_utile=Sum("surface_utile"),
        loyer=Sum("loyer"),
    )
    return LogementsTotaux(**{key: (value if value is not None else zero) for key, value in data.items()})


def _avenants_for_recap():
    return (
        Convention.objects.select_related("programme", "programme__bailleur", "programme__administration", "lot")
        .prefetch_related(
            "avenant_types",
            "prets",
            "programme__references_cadastrales",
            "lot__type_stationnements",
            Prefetch("fichiers", queryset=UploadedFile.objects.order_by("champ", "cree_le")),
        )
        .order_by("cree_le", "pk")
    )


def recap_convention(queryset, *, uuid) -> Convention:
    """The convention with everything the recap shows, in a fixed number of queries."""
    return (
        queryset.select_related(
            "programme", "programme__bailleur", "programme__administration", "lot", "cree_par", "parent"
        )
        .prefetch_related(
            "prets",
            "programme__references_cadastrales",
            "lot__type_stationnements",
            "avenant_types",
            Prefetch("historique", queryset=ConventionHistory.objects.select_related("user")),
            Prefetch("fichiers", queryset=UploadedFile.objects.order_by("champ", "cree_le")),
            # The avenants (versions, « Avenants » section) with what a version's blocks show: a fixed number of
            # queries whatever their number.
            Prefetch("avenants", queryset=_avenants_for_recap()),
            Prefetch("parent__avenants", queryset=_avenants_for_recap()),
        )
        .get(uuid=uuid)
    )


def logements_par_typologie(lot: Lot) -> list[dict]:
    """[{"typologie": "T3", "label": "T3", "nombre": 4}, …] (one query)."""
    rows = Logement.objects.filter(lot=lot).values("typologie").annotate(nombre=Count("pk")).order_by("typologie")
    labels = dict(TypologieLogement.choices)
    return [{**row, "label": labels.get(row["typologie"], row["typologie"])} for row in rows]


def annexes_resume(lot: Lot) -> list[dict]:
    """Annexes of the lot per type: count, total surface, total rent (one query)."""
    rows = (
        Annexe.objects.filter(logement__lot=lot)
        .values("typologie")
        .annotate(nombre=Count("pk"), surface=Sum("surface_hors_surface_retenue"), loyer=Sum("loyer"))
        .order_by("typologie")
    )
    labels = dict(TypologieAnnexe.choices)
    return [{**row, "label": labels.get(row["typologie"], row["typologie"])} for row in rows]


def edd_resume(programme) -> list[dict]:
    """Rows of the simplified EDD per financement (one query)."""
    rows = (
        LogementEDD.objects.filter(programme=programme)
        .values("financement")
        .annotate(nombre=Count("pk"))
        .order_by("financement")
    )
    return list(rows)
