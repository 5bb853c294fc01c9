"""FilterSets of the API's other lists (core.filters idiom; conventions use conventions.filters.ConventionFilterSet,
the page's own). An invalid value → 400 with the parameter's French message (DjangoFilterBackend)."""

import django_filters

from core.filters import BaseFilterSet, SortFilter, ValuesFilter
from programmes.enums import Financement
from users.filters import AdministrationFilterSet, BailleurFilterSet

ORDERING_HELP = "Tri : nom d'un champ triable, précédé de « - » pour l'ordre décroissant."


class BailleurApiFilterSet(BailleurFilterSet):
    q = None  # the settings page's search and sort are not part of the API
    tri = None
    page_sort = "ordering"


class AdministrationApiFilterSet(AdministrationFilterSet):
    q = None
    tri = None
    page_sort = "ordering"


class ProgrammeFilterSet(BaseFilterSet):
    page_sort = "ordering"

    bailleur = django_filters.UUIDFilter(field_name="bailleur__uuid", help_text="UUID du bailleur.")
    administration = django_filters.UUIDFilter(field_name="administration__uuid", help_text="UUID de l'administration.")
    code_postal = django_filters.CharFilter(
        field_name="code_postal", lookup_expr="startswith", max_length=5, help_text="Code postal, ou son début."
    )
    numero_operation = django_filters.CharFilter(
        field_name="numero_operation", max_length=255, help_text="Numéro d'opération exact."
    )
    mis_a_jour_depuis = django_filters.IsoDateTimeFilter(
        field_name="mis_a_jour_le",
        lookup_expr="gte",
        help_text="Seulement les objets modifiés depuis cette date (ISO 8601).",
    )
    ordering = SortFilter(
        sorts={
            "nom": "nom",
            "ville": "ville",
            "code_postal": "code_postal",
            "numero_operation": "numero_operation",
            "cree_le": "cree_le",
            "mis_a_jour_le": "mis_a_jour_le",
        },
        default="nom",
        help_text=ORDERING_HELP,
    )


class LotFilterSet(BaseFilterSet):
    page_sort = "ordering"

    bailleur = django_filters.UUIDFilter(field_name="programme__bailleur__uuid", help_text="UUID du bailleur.")
    administration = django_filters.UUIDFilter(
        field_name="programme__administration__uuid", help_text="UUID de l'administration."
    )
    code_postal = django_filters.CharFilter(
        field_name="programme__code_postal",
        lookup_expr="startswith",
        max_length=5,
        help_text="Code postal, ou son début.",
    )
    numero_operation = django_filters.CharFilter(
        field_name="programme__numero_operation", max_length=255, help_text="Numéro d'opération exact."
    )
    financement = ValuesFilter(field_name="financement", choices=Financement.choices)
    programme = django_filters.UUIDFilter(field_name="programme__uuid", help_text="UUID de l'opération.")
    mis_a_jour_depuis = django_filters.IsoDateTimeFilter(
        field_name="mis_a_jour_le",
        lookup_expr="gte",
        help_text="Seulement les objets modifiés depuis cette date (ISO 8601).",
    )
    ordering = SortFilter(
        sorts={
            "financement": "financement",
            "nb_logements": "nb_logements",
            "operation": "programme__nom",
            "cree_le": "cree_le",
            "mis_a_jour_le": "mis_a_jour_le",
        },
        default="-mis_a_jour_le",
        help_text=ORDERING_HELP,
    )
