"""The conventions list and detail of /api/v1/ as plain dicts (the list from `.values()` rows).

They are the API's busiest reads (issue 13: p95 under 100 ms, the list 100 rows a page). Through
ConventionListSerializer each row cost a model instance for the convention, its operation, lot, bailleur and
administration (with their post_init signals) and some twenty DRF fields built and called one by one; here it
is one dict from one tuple of columns. The detail's serializer rebuilt its nested serializers' fields for every
request. ConventionListSerializer and ConventionDetailSerializer stay the definition of the output (the OpenAPI
schema is built from them) and tests/api/test_v1_representations.py proves both give the same JSON for every
kind and status of convention: a field added to a serializer must be added here too."""

import decimal
import functools
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from rest_framework.fields import CharField, DecimalField, IntegerField, UUIDField
from rest_framework.serializers import ListSerializer, SerializerMethodField
from rest_framework.settings import api_settings

from api.v1 import serializers as s
from conventions import selectors
from conventions.documents.modeles import parents_seconde_vie
from conventions.enums import ConventionStatut
from conventions.models import Convention, Pret
from programmes.enums import tableau_du_logement
from programmes.models import Logement, TypeStationnement

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

# On PostgreSQL the UUIDs of a list row are read as text (`uuid::text`, lowercase and hyphenated: what
# str(UUID) gives): psycopg2 would otherwise build a UUID object for each of them, 500 a page, only for
# convention_list_item to format it back (a tenth of the list's time). An annotation cannot take the name of a
# field of the model: the convention's own uuid is read as OWN_UUID, then renamed.
OWN_UUID = "uuid_texte"
UUIDS_AS_TEXT = {
    (OWN_UUID if column == "uuid" else column): Cast(column, output_field=TextField())
    for column in LIST_COLUMNS
    if column.split("__")[-1] == "uuid"
}
OTHER_COLUMNS = tuple(column for column in LIST_COLUMNS if column.split("__")[-1] != "uuid")


class ListRows:
    """The filtered, sorted queryset for the paginator: its page is read as rows of LIST_COLUMNS, its total is
    counted on the queryset itself. Counting `queryset.values(*LIST_COLUMNS)` would keep the joins the
    columns add (lot, bailleur, administration) in the COUNT, which scans every row in scope.

    `rows`, when given, is the same rows already as a values() queryset (`list_values()` scoped and sorted
    like `queryset`): the page is read from it."""

    def __init__(self, queryset, *, rows=None, count_key: str | None = None):
        self.queryset = queryset
        self.rows = rows
        self.count_key = count_key
        self.ordered = queryset.ordered  # Django's Paginator warns about an unordered list otherwise

    def count(self) -> int:
        """With `count_key`, kept like the list's tab counts: until the next write to a convention or an
        operation, a minute at most (the COUNT of every row in scope is the page's most expensive query)."""
        if self.count_key is None:
            return self.queryset.count()
        key = f"{self.count_key}:{selectors.generation()}"
        return cache.get_or_set(key, self.queryset.count, selectors.COUNTS_CACHE_SECONDS)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        values = self.rows if self.rows is not None else _with_list_values(self.queryset)
        rows = list(values[index])
        if connections[values.db].vendor == "postgresql":
            for row in rows:
                row["uuid"] = row.pop(OWN_UUID)
        return rows


def _with_list_values(queryset):
    if connections[queryset.db].vendor != "postgresql":
        return queryset.values(*LIST_COLUMNS)
    return queryset.values(*OTHER_COLUMNS, **UUIDS_AS_TEXT)


def list_values():
    """Every convention as a values() queryset of the list's columns, to scope and sort: built once a process
    (resolving its 28 columns through their relations cost a tenth of the list), each request filtering a
    copy. Never evaluated itself."""
    vendor = connections[Convention.objects.db].vendor
    prototype = _LIST_VALUES.get(vendor)
    if prototype is None:
        prototype = _LIST_VALUES[vendor] = _with_list_values(Convention.objects.all())
    return prototype.all()


_LIST_VALUES: dict = {}


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


# --- Detail ---------------------------------------------------------------------------------------------


def convention_detail(convention, *, actions: list[str], request) -> dict:
    """A convention loaded with its operation and lot (ConventionViewSet), as ConventionDetailSerializer renders
    it.

    The list's keys come first (from the same columns, read on the loaded objects), then the detail's, in the
    serializer's order. The tables are read as `.values()` rows, no model instance: the dwellings with their
    annexes in one query, the parkings, the loans, and for a convention its avenants with their types and its
    own types in one query (an avenant's types are prefetched on it: the workflow reads them). Each value goes
    through its serializer field's own formatting (decimals, choices, dates), the fields built once a process."""
    data = convention_list_item(_row_of(convention), timezone.get_current_timezone())
    if convention.parent_id:
        avenants, types = [], convention.type_noms()
    else:
        avenants, types = _avenants_and_types(convention)
    return data | {
        "historique_financement_public": convention.historique_financement_public,
        "commentaires": convention.commentaires,
        "logements": _logements(convention.lot_id),
        "type_stationnements": table_values(
            s.TypeStationnementSerializer, TypeStationnement.objects.filter(lot_id=convention.lot_id)
        ),
        "prets": table_values(s.PretSerializer, Pret.objects.filter(convention_id=convention.pk)),
        "actions_possibles": actions,
        "parent": _parent_uuid(convention),
        "avenants": avenants,
        "types": sorted(types),
        "numero_avenant": convention.numero_avenant,
        "fichier_signe": _file_url(request, convention, "fichier_signe"),
        "reference_publication": convention.reference_publication,
        "fichier_publication": _file_url(request, convention, "fichier_publication"),
        "date_envoi_spf": iso_date(convention.date_envoi_spf),
        "date_refus_spf": iso_date(convention.date_refus_spf),
        "motif_refus_spf": convention.motif_refus_spf,
        "date_denonciation": iso_date(convention.date_denonciation),
        "motif_denonciation": convention.motif_denonciation,
        "date_resiliation": iso_date(convention.date_resiliation),
        "motif_resiliation": convention.motif_resiliation,
        "ajout_simplifie": convention.ajout_simplifie,
        "seconde_vie": convention.programme.seconde_vie,
        "parents_2nd_vie": [
            {"uuid": str(parent.uuid), "numero": parent.numero, "statut": parent.statut}
            for parent in parents_seconde_vie(convention)
        ],
    }


def _row_of(convention) -> dict:
    """LIST_COLUMNS read on a loaded convention and its selected relations, as `.values()` reads them."""
    row = {}
    for column in LIST_COLUMNS:
        value = convention
        for name in column.split("__"):
            value = getattr(value, name)
            if value is None:
                break
        row[column] = value
    return row


def _parent_uuid(convention) -> str | None:
    """The uuid of an avenant's parent: from the parent when it was loaded with the avenant, else read alone."""
    if not convention.parent_id:
        return None
    if Convention.parent.is_cached(convention):
        return str(convention.parent.uuid)
    return str(Convention.objects.filter(pk=convention.parent_id).values_list("uuid", flat=True).get())


def _avenants_and_types(convention) -> tuple[list[dict], set[str]]:
    """AvenantRefSerializer's rows of a convention's avenants, and the convention's own types: one query, a
    row per (convention or avenant, type), sorted here as the serializer sorts them (creation, then pk)."""
    rows = (
        Convention.objects.filter(Q(pk=convention.pk) | Q(parent_id=convention.pk))
        .order_by()
        .values("pk", "uuid", "numero_avenant", "statut", "date_signature", "cree_le", "avenant_types__nom")
    )
    types: set[str] = set()
    avenants: dict[int, dict] = {}
    for row in rows:
        nom = row["avenant_types__nom"]
        if row["pk"] == convention.pk:
            if nom is not None:
                types.add(nom)
            continue
        avenant = avenants.setdefault(row["pk"], {**row, "types": set()})
        if nom is not None:
            avenant["types"].add(nom)
    ordered = sorted(avenants.values(), key=lambda avenant: (avenant["cree_le"], avenant["pk"]))
    return [
        {
            "uuid": str(avenant["uuid"]),
            "numero": avenant["numero_avenant"],
            "types": sorted(avenant["types"]),
            "statut": avenant["statut"],
            "date_signature": iso_date(avenant["date_signature"]),
        }
        for avenant in ordered
    ], types


def _logements(lot_id) -> list[dict]:
    """LogementSerializer's rows of a lot, with their annexes: one query (the annexes joined, a row per annex,
    none for a dwelling without), in the models' order (the dwellings', then the annexes' by id)."""
    logement_fields = _plain_fields(s.LogementSerializer)
    annexe_fields = _plain_fields(s.AnnexeSerializer)
    columns = {field.source for field in logement_fields if not isinstance(field, ListSerializer)}
    columns = (columns - {"tableau"}) | {"id", "surface_corrigee", "loyer"}
    annexe_columns = {f"annexes__{field.source}" for field in annexe_fields} | {"annexes__id"}
    rows = (
        Logement.objects.filter(lot_id=lot_id)
        .order_by("import_order", "id", "annexes__id")
        .values(*columns, *annexe_columns)
    )
    logements: dict[int, dict] = {}
    for row in rows:
        logement = logements.get(row["id"])
        if logement is None:
            row["tableau"] = tableau_du_logement(surface_corrigee=row["surface_corrigee"], loyer=row["loyer"])
            logement = logements[row["id"]] = _formatted(logement_fields, row)
        if row["annexes__id"] is not None:
            annexe = {field.source: row[f"annexes__{field.source}"] for field in annexe_fields}
            logement["annexes"].append(_formatted(annexe_fields, annexe))
    return list(logements.values())


def _formatted(fields, row: dict) -> dict:
    """One row of values as the serializer of `fields` renders it; a nested list starts empty."""
    item = {}
    for field in fields:
        if isinstance(field, ListSerializer):
            item[field.field_name] = []
        else:
            value = row[field.source]
            item[field.field_name] = None if value is None else _formatter(field)(value)
    return item


def _formatter(field):
    """`field.to_representation`, or its exact equivalent without a method call per value for the plain types
    of the detail's tables: a DecimalField rendered as a string gets its rounding context and exponent built once
    (DRF's DecimalField.quantize copies the current context, sets `prec = max_digits` and computes the exponent
    at each value, then renders `f"{quantized:f}"`). A table of 30 dwellings formats some 400 values, 250 of
    them decimals."""
    formatter = _FORMATTERS.get(field)
    if formatter is None:
        formatter = _FORMATTERS[field] = _build_formatter(field)
    return formatter


_FORMATTERS: dict = {}


def _build_formatter(field):
    kind = type(field)
    if kind is CharField:
        return str
    if kind is IntegerField:
        return int
    if kind is UUIDField and field.uuid_format == "hex_verbose":
        return str
    if (
        kind is DecimalField
        and getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        and field.decimal_places is not None
        and not field.localize
        and not field.normalize_output
    ):
        context = decimal.getcontext().copy()
        if field.max_digits is not None:
            context.prec = field.max_digits
        exponent = Decimal(".1") ** field.decimal_places
        rounding, to_representation = field.rounding, field.to_representation

        def decimal_text(value):
            if type(value) is not Decimal:
                return to_representation(value)
            return f"{value.quantize(exponent, rounding=rounding, context=context):f}"

        return decimal_text
    return field.to_representation


def table_values(serializer_class, queryset) -> list[dict]:
    """`serializer_class(queryset, many=True).data` for a serializer of plain columns, from `.values()` rows
    (in the queryset's order), with the serializer's fields built once per process."""
    fields = _plain_fields(serializer_class)
    return [_formatted(fields, row) for row in queryset.values(*{field.source for field in fields})]


def _file_url(request, convention, field: str) -> str | None:
    """The download URL of a stored file (the view of the same name), absolute as the serializer makes it."""
    if not getattr(convention, field).name:
        return None
    return request.build_absolute_uri(reverse(f"conventions:{field}", args=[convention.uuid]))


@functools.cache
def _plain_fields(serializer_class) -> tuple:
    fields = tuple(serializer_class().fields.values())
    for field in fields:
        if "." in field.source or field.source == "*" or isinstance(field, SerializerMethodField):
            raise ImproperlyConfigured(f"{serializer_class.__name__}.{field.field_name}: not a plain attribute.")
    return fields
