"""Read queries of the convention pages: the list's helpers (its filters are conventions.filters) and the recap's data.

Each function returns querysets or plain data with a fixed number of queries, whatever the number of rows."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils import timezone

from conventions.enums import ONGLETS, CommentaireStatut, ConventionStatut
from conventions.models import Comment, Convention, ConventionHistory, UploadedFile
from conventions.rules.dates import DEBUT_CONVENTIONS
from core import generations
from core.prefetch import prefetched, sans_lignes
from programmes.enums import TableauLogement, TypologieAnnexe, TypologieLogement
from programmes.models import Annexe, Logement, LogementEDD, Lot, TypeStationnement
from programmes.querysets import filtre_tableau

ANNEES_CACHE_SECONDS = 10 * 60


def annees_signature(visible, *, user=None) -> list[int]:
    """Years in which at least one of these conventions was signed (1977 to this year), most recent first (one
    query, then cached 10 minutes per user: a new year appears at most once a year)."""

    def compute():
        # Only plausible years (conventions.rules.dates): a date typed wrong in a legacy import (1801, 2090) does
        # not lengthen the list.
        debut, fin = DEBUT_CONVENTIONS, timezone.localdate()
        dates = visible.filter(date_signature__range=(debut, fin)).dates("date_signature", "year", order="DESC")
        return [d.year for d in dates]

    if user is None:
        return compute()
    return cache.get_or_set(f"annees-signature:{user.pk}", compute, ANNEES_CACHE_SECONDS)


# The columns a list row shows (templates/conventions/list.html) and the ones the role on each row needs
# (users.perms.roles_on: the operation's bailleur, administration and perimeter). Whole rows of six tables were
# a 12 KB statement whose compiling and reading cost more than the query itself.
LIST_ROW_FIELDS = (
    "uuid",
    "cree_le",
    "mis_a_jour_le",
    "parent_id",
    "numero",
    "numero_avenant",
    "statut",
    "date_signature",
    "programme__nom",
    "programme__numero_operation",
    "programme__ville",
    "programme__code_postal",
    "programme__date_achevement_compile",
    "programme__code_insee_departement",
    "programme__code_insee_region",
    "programme__bailleur__nom",
    "programme__administration__nom",
    "lot__financement",
    "lot__nb_logements",
)


def list_rows(queryset=None, *, extra: tuple[str, ...] = ()):
    """Conventions (of `queryset`, by default all) with just what a list row shows (`LIST_ROW_FIELDS`, and the
    `extra` fields a page adds)."""
    return (
        (queryset if queryset is not None else Convention.objects.all()).with_relations().only(*LIST_ROW_FIELDS, *extra)
    )


def conventions_in_order(ids: list[int], *, with_avenants: bool = False, visible=None) -> list[Convention]:
    """These conventions, with what the list shows, in the order of `ids`; with_avenants: each with its avenants
    (those of `visible`, the user's scope: after a sale, the buyer's avenant is not the seller's to open) in
    `avenants_du_listing`, oldest first. Two queries: the rows (and their avenants), the avenants' types."""
    rows = list_rows(visible)
    rows = rows.filter(Q(pk__in=ids) | Q(parent_id__in=ids)) if with_avenants else rows.filter(pk__in=ids)
    by_id, avenants = {}, defaultdict(list)
    for convention in rows.order_by("cree_le", "pk"):
        if convention.pk in ids:
            by_id[convention.pk] = convention
        if with_avenants and convention.parent_id in ids:
            avenants[convention.parent_id].append(convention)
    prefetch_related_objects([c for c in by_id.values() if c.parent_id] + sum(avenants.values(), []), "avenant_types")
    for convention in by_id.values():
        convention.avenants_du_listing = avenants[convention.pk]
    return [by_id[pk] for pk in ids if pk in by_id]


COUNTS_CACHE_SECONDS = 60
GENERATION_KEY = "conventions:generation"


def generation() -> int:
    """A number that every committed write to a convention or an operation changes (conventions.signals,
    support.reassignment, the reprise import): the cached counts are keyed on it, so a write is counted at once."""
    return generations.generation(GENERATION_KEY)


def bump_generation() -> None:
    generations.renew(GENERATION_KEY)


def cle_jusqu_a_ecriture(prefix: str, *parts) -> str:
    """Cache key of a value kept until the next write to a convention or an operation: `parts` (what the value
    depends on: a scope, parameters…) hashed, and the current generation."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{prefix}:{generation()}:{digest}"


def counts_by_onglet(queryset, *, statut_q=None, cache_key: str | None = None) -> dict[str, int]:
    """{"toutes": n, "en_cours": n, "finalisees": n} in one query; `statut_q(statuts)`: the condition of a tab (by
    default the row's own status; the list page's FilterSet also counts a convention by its avenants). With
    `cache_key`, kept 60 seconds or until the next write to a convention or an operation (counting every visible
    row is the list's most expensive query at 100,000 conventions)."""
    condition = statut_q or (lambda statuts: Q(statut__in=statuts))

    def compute():
        counts = {key: Count("pk", filter=condition(statuts)) for key, (_label, statuts) in ONGLETS.items()}
        return queryset.order_by().aggregate(toutes=Count("pk"), **counts)

    if cache_key is None:
        return compute()
    return cache.get_or_set(f"{cache_key}:{generation()}", compute, COUNTS_CACHE_SECONDS)


def bailleurs_matching(bailleurs, folded: str):
    """Bailleurs whose name contains the (folded) text; on PostgreSQL accents and small typos are forgiven."""
    if connection.vendor == "postgresql":
        return bailleurs.filter(Q(nom__unaccent__icontains=folded) | Q(nom__trigram_word_similar=folded))
    return bailleurs.filter(nom__icontains=folded)


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
    comments = prefetched(convention, "comments")
    if comments is None:
        comments = Comment.objects.filter(convention=convention).select_related("user").order_by("cree_le", "id")
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
    surface_corrigee: Decimal
    loyer: Decimal
    # The same totals per table of ordinary housing present (programmes.enums.TableauLogement), in their order:
    # [{"tableau", "label", "nombre", "surface_habitable", …}].
    par_tableau: list = field(default_factory=list)

    @property
    def plusieurs_tableaux(self) -> bool:
        return len(self.par_tableau) > 1 or any(t["tableau"] != TableauLogement.SU for t in self.par_tableau)


SOMMES_LOGEMENTS = (
    "surface_habitable",
    "surface_annexes",
    "surface_annexes_retenue",
    "surface_utile",
    "surface_corrigee",
    "loyer",
)
# The table of a dwelling, by its empty fields (reference §13.7; programmes.querysets.filtre_tableau).
TABLEAU_DU_LOGEMENT = Case(
    *(When(Q(**filtre_tableau(tableau)), then=Value(tableau)) for tableau in TableauLogement.values)
)


def _somme(values):
    """SQL's SUM: None when every value is NULL."""
    values = [value for value in values if value is not None]
    return sum(values[1:], values[0]) if values else None


def logements_totaux(lot: Lot) -> LogementsTotaux:
    """Totals of the dwellings of the lot, in all and per table (one aggregate query; none when the dwellings
    were prefetched)."""
    zero = Decimal("0")
    loaded = prefetched(lot, "logements")
    if loaded is None:
        groupes = (
            Logement.objects.filter(lot=lot)
            .annotate(tableau=TABLEAU_DU_LOGEMENT)
            .values("tableau")
            .annotate(nombre=Count("pk"), **{f"somme_{name}": Sum(name) for name in SOMMES_LOGEMENTS})
            .order_by()
        )
    else:
        by_tableau = defaultdict(list)
        for logement in loaded:
            by_tableau[logement.tableau].append(logement)
        groupes = [
            {
                "tableau": tableau,
                "nombre": len(rows),
                **{f"somme_{name}": _somme(getattr(row, name) for row in rows) for name in SOMMES_LOGEMENTS},
            }
            for tableau, rows in by_tableau.items()
        ]
    par_tableau = {groupe["tableau"]: groupe for groupe in groupes}
    lignes = [
        {
            "tableau": tableau,
            "label": label,
            "nombre": par_tableau[tableau]["nombre"],
            **{name: par_tableau[tableau][f"somme_{name}"] or zero for name in SOMMES_LOGEMENTS},
        }
        for tableau, label in TableauLogement.choices
        if tableau in par_tableau
    ]
    return LogementsTotaux(
        nombre=sum(ligne["nombre"] for ligne in lignes),
        **{name: sum((ligne[name] for ligne in lignes), zero) for name in SOMMES_LOGEMENTS},
        par_tableau=lignes,
    )


def _avenants_for_recap():
    return (
        Convention.objects.with_relations()
        .prefetch_related(
            "avenant_types",
            "prets",
            "programme__references_cadastrales",
            "lot__type_stationnements",
            Prefetch("fichiers", queryset=UploadedFile.objects.order_by("champ", "cree_le")),
        )
        .order_by("cree_le", "pk")
    )


# Relations most conventions do not have, known empty from the recap's own row, without their queries: relation →
# (its table, the column pointing at the convention's row, that column of the convention).
RELATIONS_RARES = {
    "avenants": (Convention._meta.db_table, "parent_id", "id"),
    "avenant_types": (Convention.avenant_types.through._meta.db_table, "convention_id", "id"),
    "fichiers": (UploadedFile._meta.db_table, "convention_id", "id"),
    "type_stationnements": (TypeStationnement._meta.db_table, "lot_id", "lot_id"),
    "comments": (Comment._meta.db_table, "convention_id", "id"),
}


class RelationsPresentes(Expression):
    """A number with one bit per relation of RELATIONS_RARES, set when the convention's row has rows in it. Plain
    SQL rather than five `Exists`, whose building and compiling cost the recap about 7 % of its time (decision
    79); the convention's table is named by its alias in the query being compiled (a subquery renames it)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        convention = compiler.quote_name_unless_alias(compiler.query.base_table)
        sql = " + ".join(
            f"CAST(EXISTS (SELECT 1 FROM {quote(table)} r WHERE r.{quote(colonne)} = {convention}.{quote(cle)}) "
            f"AS integer) * {1 << bit}"
            for bit, (table, colonne, cle) in enumerate(RELATIONS_RARES.values())
        )
        return f"({sql})", []


def _relations_absentes(convention: Convention) -> set[str]:
    return {relation for bit, relation in enumerate(RELATIONS_RARES) if not convention.relations_presentes & 1 << bit}


def recap_convention(queryset, *, uuid) -> Convention:
    """The convention with everything the recap shows, in a fixed number of queries (the relations a convention
    cannot have are not asked for: an original's parent, a convention's avenants when it has none)."""
    convention = (
        # Not joined: `cree_par` (read by no recap) and `document_remplace_par` (read only when the document was
        # replaced: one query then), two user rows of every recap.
        queryset.with_relations().annotate(relations_presentes=RelationsPresentes()).get(uuid=uuid)
    )
    absentes = _relations_absentes(convention)
    lookups = [
        "prets",
        "programme__references_cadastrales",
        Prefetch("historique", queryset=ConventionHistory.objects.select_related("user")),
    ]
    for relation, lookup in (
        ("avenant_types", "avenant_types"),
        ("fichiers", Prefetch("fichiers", queryset=UploadedFile.objects.order_by("champ", "cree_le"))),
        # Read by comments_by_key and the rights on fields (perms.editable_comment_keys).
        ("comments", Prefetch("comments", queryset=Comment.objects.select_related("user").order_by("cree_le", "id"))),
    ):
        if relation in absentes:
            sans_lignes(convention, relation)
        else:
            lookups.append(lookup)
    if "type_stationnements" in absentes:
        sans_lignes(convention.lot, "type_stationnements")
    else:
        lookups.append("lot__type_stationnements")
    if convention.parent_id:
        # Not joined: a convention (most recaps) has no parent, and its 180 empty columns cost more to compile
        # and read than the query an avenant's recap makes for it. Its versions: the parent's avenants.
        lookups += ["parent", Prefetch("parent__avenants", queryset=_avenants_for_recap())]
    # The avenants (versions, « Avenants » section) with what a version's blocks show: a fixed number of queries
    # whatever their number, none for a convention without avenants (most of them).
    if "avenants" in absentes:
        sans_lignes(convention, "avenants")
    else:
        lookups.append(Prefetch("avenants", queryset=_avenants_for_recap()))
    prefetch_related_objects([convention], *lookups)
    return convention


def logements_par_typologie(lot: Lot) -> list[dict]:
    """[{"typologie": "T3", "label": "T3", "nombre": 4, "redevance": Decimal}, …] (one query; none when the
    dwellings were prefetched); `redevance` is the highest rent of the type (the redevance maximale of a foyer or a
    résidence, the same for the whole type)."""
    loaded = prefetched(lot, "logements")
    if loaded is None:
        rows = (
            Logement.objects.filter(lot=lot)
            .values("typologie")
            .annotate(nombre=Count("pk"), redevance=Max("loyer"))
            .order_by("typologie")
        )
    else:
        loyers = defaultdict(list)
        for logement in loaded:
            loyers[logement.typologie].append(logement.loyer)
        rows = [
            {
                "typologie": typologie,
                "nombre": len(values),
                "redevance": max((v for v in values if v is not None), default=None),
            }
            for typologie, values in sorted(loyers.items(), key=lambda item: (item[0] is None, item[0] or ""))
        ]
    labels = dict(TypologieLogement.choices)
    return [{**row, "label": labels.get(row["typologie"], row["typologie"])} for row in rows]


def annexes_resume(lot: Lot) -> list[dict]:
    """Annexes of the lot per type: count, total surface, total rent (one query; none when the page loaded them:
    conventions.documents.contexte.charger_annexes)."""
    chargees = getattr(lot, "annexes_chargees", None)
    if chargees is not None:
        groupes = defaultdict(list)
        for annexe in chargees:
            groupes[annexe.typologie].append(annexe)
        labels = dict(TypologieAnnexe.choices)
        return [
            {
                "typologie": typologie,
                "nombre": len(annexes),
                "surface": _somme(a.surface_hors_surface_retenue for a in annexes),
                "loyer": _somme(a.loyer for a in annexes),
                "label": labels.get(typologie, typologie),
            }
            for typologie, annexes in sorted(groupes.items(), key=lambda item: item[0] or "")
        ]
    rows = (
        Annexe.objects.filter(logement__lot=lot)
        .values("typologie")
        .annotate(nombre=Count("pk"), surface=Sum("surface_hors_surface_retenue"), loyer=Sum("loyer"))
        .order_by("typologie")
    )
    labels = dict(TypologieAnnexe.choices)
    return [{**row, "label": labels.get(row["typologie"], row["typologie"])} for row in rows]


def edd_resume(programme) -> list[dict]:
    """Rows of the simplified EDD per financement (one query; none when they were prefetched)."""
    loaded = prefetched(programme, "logements_edd")
    if loaded is not None:
        nombres = defaultdict(int)
        for row in loaded:
            nombres[row.financement] += 1
        return [{"financement": f, "nombre": n} for f, n in sorted(nombres.items(), key=lambda item: item[0] or "")]
    rows = (
        LogementEDD.objects.filter(programme=programme)
        .values("financement")
        .annotate(nombre=Count("pk"))
        .order_by("financement")
    )
    return list(rows)
