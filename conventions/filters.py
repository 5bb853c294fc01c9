"""The conventions list's filters, search and sort: ONE FilterSet for the page, the Excel export and
/api/v1/conventions/ (drf-spectacular documents its parameters from here).

Avenants (issue 14) plug in as one more filter here (`avenants`), nothing else."""

import django_filters
from django import forms
from django.db.models import Q

from conventions import search
from conventions.enums import ONGLETS, ConventionStatut, statut_label
from core.filters import BaseFilterSet, FilterForm, SearchInput, SortFilter, ValuesFilter
from programmes.enums import Financement, NatureLogement

# Sortable columns: URL key → ORDER BY. Page keys and their API aliases (date_signature, mis_a_jour_le…).
SORTS = {
    "statut": "statut",
    "numero": "numero",
    "operation": "programme__nom",
    "bailleur": "programme__bailleur__nom",
    "administration": "programme__administration__nom",
    "financement": "lot__financement",
    "ville": "programme__ville",
    "logements": "lot__nb_logements",
    "livraison": "programme__date_achevement_compile",
    "signature": "date_signature",
    "date_signature": "date_signature",
    "maj": "mis_a_jour_le",
    "mis_a_jour_le": "mis_a_jour_le",
    "cree_le": "cree_le",
}
DEFAULT_SORT = "-maj"
API_SORTS = (
    "statut",
    "numero",
    "financement",
    "operation",
    "bailleur",
    "ville",
    "date_signature",
    "cree_le",
    "mis_a_jour_le",
)


class ConventionFilterForm(FilterForm):
    """The page's form: the FilterSet's fields, plus the text box of the bailleur autocomplete (it fills the
    `bailleur` UUID; it filters nothing itself)."""

    bailleur_nom = forms.CharField(
        label="Bailleur",
        required=False,
        max_length=100,
        help_text="Tapez le début du nom ou du SIREN, puis choisissez.",
        widget=forms.TextInput(attrs={"list": "bailleurs-suggestions", "autocomplete": "off"}),
    )


class ConventionFilterSet(BaseFilterSet):
    class Meta:
        form = ConventionFilterForm

    q = django_filters.CharFilter(
        method="filter_q",
        label="Rechercher",
        max_length=100,
        widget=SearchInput,
        help_text="Opération, n° de convention (ou ses derniers chiffres), bailleur, SIRET/SIREN, ville, code "
        "postal, administration. Sans accents ni majuscules, fautes de frappe tolérées.",
    )
    onglet = django_filters.ChoiceFilter(
        method="filter_onglet",
        label="Onglet",
        choices=[(key, label) for key, (label, _statuts) in ONGLETS.items()],
        empty_label="Toutes",
        help_text="en_cours ou finalisees.",
    )
    statut = ValuesFilter(
        field_name="statut",
        method="filter_statut",
        label="Statut",
        choices=ConventionStatut.choices,
        single_select=True,
    )
    financement = ValuesFilter(
        field_name="lot__financement", label="Financement", choices=Financement.choices, single_select=True
    )
    nature = ValuesFilter(
        field_name="programme__nature_logement",
        label="Nature des logements",
        choices=NatureLogement.choices,
        single_select=True,
    )
    anru = django_filters.BooleanFilter(
        field_name="programme__anru", label="ANRU", widget=forms.NullBooleanSelect, help_text="true ou false."
    )
    seconde_vie = django_filters.BooleanFilter(
        field_name="programme__seconde_vie",
        label="Seconde vie",
        widget=forms.NullBooleanSelect,
        help_text="true ou false.",
    )
    bailleur = django_filters.UUIDFilter(
        field_name="programme__bailleur__uuid", label="Bailleur", help_text="UUID du bailleur."
    )
    administration = django_filters.UUIDFilter(
        field_name="programme__administration__uuid", label="Administration", help_text="UUID de l'administration."
    )
    programme = django_filters.UUIDFilter(field_name="programme__uuid", help_text="UUID de l'opération.")
    code_postal = django_filters.CharFilter(
        field_name="programme__code_postal",
        lookup_expr="startswith",
        max_length=5,
        help_text="Code postal, ou son début.",
    )
    numero_operation = django_filters.CharFilter(
        field_name="programme__numero_operation", max_length=255, help_text="Numéro d'opération exact."
    )
    commune = django_filters.CharFilter(
        method="filter_commune", label="Commune", max_length=100, help_text="Nom de la commune (sans accents accepté)."
    )
    departement = django_filters.CharFilter(
        method="filter_departement", label="Département", max_length=3, help_text="Code du département (13, 2A, 974…)."
    )
    # Any year is accepted (URL, API); the page's list offers only the years present in the user's scope.
    annee = django_filters.NumberFilter(
        field_name="date_signature__year",
        label="Année de signature",
        widget=forms.Select,
        help_text="Année de signature de la convention.",
    )
    # Avenants (issue 14): true → the avenants themselves; false → conventions only. Unset, the API lists every
    # row and the page lists conventions with their avenants under them (`originals_by_default`).
    avenants = django_filters.BooleanFilter(
        method="filter_avenants",
        label="Avenants",
        widget=forms.NullBooleanSelect,
        help_text="true : les avenants seuls ; false : les conventions seules.",
    )
    parent = django_filters.UUIDFilter(field_name="parent__uuid", help_text="UUID d'une convention : ses avenants.")
    mis_a_jour_depuis = django_filters.IsoDateTimeFilter(
        field_name="mis_a_jour_le",
        lookup_expr="gte",
        help_text="Seulement les conventions modifiées depuis (ISO 8601).",
    )
    tri = SortFilter(sorts=SORTS, default=DEFAULT_SORT, help_text="Tri de la page web (alias de `ordering`).")
    ordering = SortFilter(
        sorts={key: SORTS[key] for key in API_SORTS},
        default="-mis_a_jour_le",
        help_text="Tri : nom d'un champ triable, précédé de « - » pour l'ordre décroissant.",
    )

    def __init__(
        self,
        *args,
        role: str | None = None,
        annees: list[int] | None = None,
        originals_by_default: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.originals_by_default = originals_by_default
        form_fields = self.form.fields
        form_fields["bailleur"].widget = forms.HiddenInput()  # filled by the autocomplete (bailleur_nom)
        for name in ("statut", "financement", "nature", "anru", "seconde_vie", "annee", "commune"):
            form_fields[name].help_text = ""  # the API's wording (commas, true/false…) is not for the page
        for name in ("anru", "seconde_vie"):
            form_fields[name].widget = forms.Select(choices=[("", "Toutes"), ("true", "Oui"), ("false", "Non")])
        form_fields["avenants"].help_text = ""
        form_fields["avenants"].widget = forms.Select(
            choices=[
                ("", "Conventions et leurs avenants"),
                ("true", "Avenants seulement"),
                ("false", "Conventions seules"),
            ]
        )
        form_fields["statut"].choices = [("", "Tous")] + [
            (value, statut_label(value, role=role)) for value in ConventionStatut.values
        ]
        form_fields["financement"].choices = [("", "Tous"), *Financement.choices]
        form_fields["nature"].choices = [("", "Toutes"), *NatureLogement.choices]
        form_fields["annee"].widget.choices = [("", "Toutes")] + [(str(y), str(y)) for y in annees or []]
        self.form._bound_fields_cache.clear()  # DsfrBaseForm built them with the declared widgets and texts

    def filter_avenants(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(parent__isnull=not value)

    def avenants_sous_leur_convention(self) -> bool:
        """The page's default: conventions listed, each with its avenants under it."""
        return self.originals_by_default and self.cleaned().get("avenants") is None

    def statut_q(self, statuts) -> Q:
        """The rows having one of these statuses. On the page, where an avenant is shown under its convention, also
        the conventions one of whose avenants has one: « À instruire » finds the signed convention whose avenant
        waits to be instructed (« À traiter » counts that avenant), « En cours » the one whose avenant is being
        prepared. Avenants of the same scope only. Used by the status filter, the tabs and their counts."""
        if not self.avenants_sous_leur_convention():
            return Q(statut__in=statuts)
        parents = self.queryset.filter(parent__isnull=False, statut__in=statuts).values("parent_id")
        return Q(statut__in=statuts) | Q(pk__in=parents)

    def filter_statut(self, queryset, name, value):
        return queryset.filter(self.statut_q(value)) if value else queryset

    def apply_filters(self, queryset, *, skip=()):
        queryset = super().apply_filters(queryset, skip=skip)
        if self.avenants_sous_leur_convention():
            queryset = queryset.filter(parent__isnull=True)  # the page shows avenants under their convention
        return queryset

    @property
    def recherche_memo(self) -> dict:
        """What the searched words matched (`search.search`'s memo): the rows and the tab counts (`without`)
        search the same words, and a page may hand in the memo of an earlier request (conventions.views.list)."""
        if not hasattr(self, "_recherche_memo"):
            self._recherche_memo = {}
        return self._recherche_memo

    @recherche_memo.setter
    def recherche_memo(self, memo: dict) -> None:
        self._recherche_memo = memo

    def filter_q(self, queryset, name, value):
        return search.search(queryset, value, self.recherche_memo)

    def filter_onglet(self, queryset, name, value):
        return queryset.filter(self.statut_q(ONGLETS[value][1])) if value in ONGLETS else queryset

    def filter_commune(self, queryset, name, value):
        return search.filter_commune(queryset, value)

    def filter_departement(self, queryset, name, value):
        value = value.strip().upper()
        if not value:
            return queryset
        return queryset.filter(
            Q(programme__code_insee_departement=value)
            | Q(programme__code_insee_departement="", programme__code_postal__startswith=value)
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return search.rank(queryset, self.cleaned().get("q"), self.explicit_sort())

    def without(self, name: str):
        """The rows every other filter keeps (the tabs count them), unsorted."""
        return self.apply_filters(self.queryset, skip={name})

    def explicit_sort(self) -> bool:
        cleaned = self.cleaned()
        return bool(cleaned.get("tri") or cleaned.get("ordering"))

    def statut_labels(self) -> list[str]:
        """Labels of the statuses filtered on, when the URL asks for several."""
        selected = set(self.cleaned().get("statut") or [])
        return [label for value, label in self.form.fields["statut"].choices if value in selected]
