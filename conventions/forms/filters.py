from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from conventions.enums import ConventionStatut
from programmes.enums import Financement

PREMIERE_ANNEE = 1977


def _annees():
    current = timezone.localdate().year
    return [("", "Toutes")] + [(str(y), str(y)) for y in range(current + 1, PREMIERE_ANNEE - 1, -1)]


class SearchInput(forms.TextInput):
    input_type = "search"


class StatutSelect(forms.Select):
    """One status picked in the page, several accepted from the URL (e.g. the SIAP KPI links
    `?statut=projet&statut=instruction`): the list then shows them all."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        return [v for v in getlist(name) if v] if getlist else [v for v in [data.get(name)] if v]


class ConventionFilterForm(DsfrBaseForm):
    """GET filters of the conventions list; every field optional, invalid values are simply ignored."""

    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        widget=SearchInput,
        help_text="Opération, n° de convention, bailleur, ville ou code postal",
    )
    statut = forms.MultipleChoiceField(label="Statut", required=False, widget=StatutSelect)
    financement = forms.ChoiceField(label="Financement", required=False, choices=[("", "Tous"), *Financement.choices])
    annee = forms.TypedChoiceField(label="Année de signature", required=False, coerce=int, empty_value=None)
    avenants = forms.ChoiceField(
        label="Avenants",
        required=False,
        choices=[("", "Conventions et leurs avenants"), ("seulement", "Avenants seulement")],
    )
    tri = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    def __init__(self, *args, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        from conventions.enums import statut_label

        self.fields["statut"].choices = [("", "Tous")] + [
            (value, statut_label(value, role=role)) for value in ConventionStatut.values
        ]
        self.fields["annee"].choices = _annees()

    def filters(self) -> dict:
        """The valid filters (an invalid one is dropped rather than failing the whole page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value for name, value in self.cleaned_data.items() if name != "tri" and value not in (None, "", [])
        }

    def statut_labels(self) -> list[str]:
        """Labels of the statuses filtered on, when the URL asks for several."""
        selected = set(self.filters().get("statut", []))
        return [label for value, label in self.fields["statut"].choices if value in selected]
