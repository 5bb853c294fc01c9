"""FilterSets of the settings lists and of the API's bailleurs/administrations (core.filters idiom)."""

import django_filters

from core.filters import SearchSortFilterSet, SortFilter

API_ORDERING_HELP = "Tri : nom d'un champ triable, précédé de « - » pour l'ordre décroissant."


class UtilisateurFilterSet(SearchSortFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")
    tri = SortFilter(
        sorts={
            "nom": ("last_name", "first_name"),
            "identifiant": "username",
            "email": "email",
            "connexion": "last_login",
        },
        default="nom",
    )


class MembreFilterSet(SearchSortFilterSet):
    """The users of one organisation (its settings page)."""

    search_fields = ("username", "first_name", "last_name", "email")
    tri = SortFilter(sorts={"nom": ("last_name", "first_name")}, default="nom")


class OrganisationFilterSet(SearchSortFilterSet):
    code_postal = django_filters.CharFilter(
        field_name="code_postal", lookup_expr="startswith", max_length=5, help_text="Code postal, ou son début."
    )
    mis_a_jour_depuis = django_filters.IsoDateTimeFilter(
        field_name="mis_a_jour_le",
        lookup_expr="gte",
        help_text="Seulement les objets modifiés depuis cette date (ISO 8601).",
    )


class BailleurFilterSet(OrganisationFilterSet):
    search_fields = ("nom", "siret", "ville", "code_postal")
    # The page's sort (the settings list annotates nb_utilisateurs) and the API's.
    tri = SortFilter(
        sorts={"nom": "nom", "siret": "siret", "ville": "ville", "utilisateurs": "nb_utilisateurs"}, default="nom"
    )
    ordering = SortFilter(
        sorts={"nom": "nom", "siret": "siret", "cree_le": "cree_le", "mis_a_jour_le": "mis_a_jour_le"},
        default="nom",
        help_text=API_ORDERING_HELP,
    )


class AdministrationFilterSet(OrganisationFilterSet):
    search_fields = ("nom", "code", "ville", "ville_signature")
    tri = SortFilter(
        sorts={"nom": "nom", "code": "code", "ville": "ville", "utilisateurs": "nb_utilisateurs"}, default="nom"
    )
    ordering = SortFilter(
        sorts={"nom": "nom", "code": "code", "cree_le": "cree_le", "mis_a_jour_le": "mis_a_jour_le"},
        default="nom",
        help_text=API_ORDERING_HELP,
    )
