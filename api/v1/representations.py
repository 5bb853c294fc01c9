"""The conventions list of /api/v1/ as plain dicts, built from `.values()` rows.

It is the API's busiest read (issue 13: 100 rows a page, p95 under 100 ms). Through ConventionListSerializer
each row cost a model instance for the convention, its operation, lot, bailleur and administration (with their
post_init signals) and some twenty DRF fields built and called one by one; here it is one dict from one tuple
of columns. ConventionListSerializer stays the definition of the output (the OpenAPI schema is built from it)
and tests/api/test_v1_representations.py proves both give the same JSON for every kind and status of
convention: a field added to the serializer must be added here too."""

from decimal import Decimal

from django.utils import timezone

from api.v1 import serializers as s
from conventions.enums import ConventionStatut

STATUT_LIBELLES = dict(ConventionStatut.choices)
CENTIMES = Decimal("0.01")

# The columns read for a list item: the convention's own, then its operation's, lot's, bailleur's and
# administration's (the `ref` prefixes below).
LIST_COLUMNS = (
    "uuid",
    "numero",
    "statut",
    "date_fin_conventionnement",
    "fond_propre",
    "type1and2",
    "premiere_soumission_le",
    "soumis_le",
    "valide_le",
    "date_signature",
    "date_publication",
    "cree_le",
    "mis_a_jour_le",
    "programme__uuid",
    "programme__nom",
    "programme__numero_operation",
    "programme__code_postal",
    "programme__ville",
    "programme__nature_logement",
    "programme__bailleur__uuid",
    "programme__bailleur__nom",
    "programme__bailleur__siret",
    "programme__administration__uuid",
    "programme__administration__nom",
    "programme__administration__code",
    "lot__uuid",
    "lot__financement",
    "lot__nb_logements",
)


class ListRows:
    """The filtered, sorted queryset for the paginator: its page is read as rows of LIST_COLUMNS, its total is
    counted on the queryset itself. Counting `queryset.values(*LIST_COLUMNS)` would keep the joins the
    columns add (lot, bailleur, administration) in the COUNT, which scans every row in scope."""

    def __init__(self, queryset):
        self.queryset = queryset
        self.ordered = queryset.ordered  # Django's Paginator warns about an unordered list otherwise

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        return self.queryset.values(*LIST_COLUMNS)[index]


def convention_list_items(rows) -> list[dict]:
    """The page's rows as ConventionListSerializer renders them (same keys, same order, same formats)."""
    tz = timezone.get_current_timezone()  # once a page: each lookup goes through asgiref's Local
    return [convention_list_item(row, tz) for row in rows]


def convention_list_item(row: dict, tz) -> dict:
    return {
        "uuid": str(row["uuid"]),
        "numero": row["numero"],
        "statut": row["statut"],
        "statut_libelle": STATUT_LIBELLES.get(row["statut"], row["statut"]),
        "programme": _ref(row, "programme__", ("uuid", "nom", "numero_operation", "code_postal", "ville")),
        "bailleur": _ref(row, "programme__bailleur__", ("uuid", "nom", "siret")),
        "administration": _ref(row, "programme__administration__", ("uuid", "nom", "code")),
        "lot": str(row["lot__uuid"]),
        "financement": row["lot__financement"],
        "genre": s.genre_of_nature(row["programme__nature_logement"]),
        "nb_logements": row["lot__nb_logements"],
        "date_fin_conventionnement": iso_date(row["date_fin_conventionnement"]),
        "fond_propre": euros(row["fond_propre"]),
        "type1and2": row["type1and2"],
        "premiere_soumission_le": iso_datetime(row["premiere_soumission_le"], tz),
        "soumis_le": iso_datetime(row["soumis_le"], tz),
        "valide_le": iso_datetime(row["valide_le"], tz),
        "date_signature": iso_date(row["date_signature"]),
        "date_publication": iso_date(row["date_publication"]),
        "cree_le": iso_datetime(row["cree_le"], tz),
        "mis_a_jour_le": iso_datetime(row["mis_a_jour_le"], tz),
    }


def _ref(row: dict, prefix: str, fields: tuple) -> dict | None:
    """A nested reference (uuid first), or None when the relation is empty (an operation without administration)."""
    if row[prefix + "uuid"] is None:
        return None
    return {"uuid": str(row[prefix + "uuid"]), **{name: row[prefix + name] for name in fields[1:]}}


def iso_date(value):
    return value.isoformat() if value is not None else None


def iso_datetime(value, tz):
    """DRF's DateTimeField format: in the current time zone `tz` (Europe/Paris), ISO 8601, "Z" for UTC."""
    if value is None:
        return None
    text = value.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def euros(value):
    """DRF's DecimalField(decimal_places=2) format: a string with exactly two decimals."""
    return f"{value.quantize(CENTIMES):f}" if value is not None else None
