"""The tables of a step page (conventions.views.steps.engine): the step's only table, or each of its sections
(`Step.sections`), with its Excel import field and links."""

from dataclasses import dataclass, field

from django import forms
from django.urls import reverse

from conventions.forms.steps.base import FORM_ID
from conventions.steps.base import Table

IMPORT_FIELD = "fichier_import"


class ImportForm(forms.Form):
    fichier_import = forms.FileField(
        label="Fichier Excel (.xlsx)",
        required=False,
        help_text="Le tableau importé s'affiche pour vérification : il n'est enregistré qu'avec le bouton "
        "« Enregistrer ».",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx", "form": FORM_ID, "class": "fr-upload"}),
    )


@dataclass
class Section:
    """A table of the page: the step's only table, or one of its sections."""

    table: Table
    first: bool  # the first table of the step keeps the historical names (fichier_import, ?page_tableau=)
    formset: object = None
    stored_count: int = 0  # rows stored in the whole table
    # A long table shown by pages: its stored rows before and after the page shown, and the page's links.
    rows_before: list[dict] = field(default_factory=list)
    rows_after: list[dict] = field(default_factory=list)
    page: dict | None = None
    # A section left out of a post (its management form absent): shown and kept as it is stored.
    kept_as_stored: bool = False

    @property
    def objet(self) -> str:
        return self.table.objet

    @property
    def is_section(self) -> bool:
        return bool(self.table.formset_class.section)

    @property
    def import_field(self) -> str:
        return IMPORT_FIELD if self.first else f"{IMPORT_FIELD}_{self.objet}"

    @property
    def page_param(self) -> str:
        return "page_tableau" if self.first else f"page_tableau_{self.objet}"

    @property
    def suffix(self) -> str:
        """Of the ids of the table's heading, totals and errors ("titre-tableau", "titre-tableau-logement_corrigee")."""
        return "" if self.first else f"-{self.objet}"

    @property
    def anchor(self) -> str:
        return f"titre-tableau{self.suffix}"

    def whole_table(self, indexed: list) -> list:
        """(form index, row) of the whole table: the other pages' stored rows around the page's."""
        return (
            [(None, dict(row)) for row in self.rows_before]
            + list(indexed)
            + [(None, dict(row)) for row in self.rows_after]
        )

    def stored(self) -> list[dict]:
        return [*self.rows_before, *self.formset.stored, *self.rows_after]


def excel_links(convention, table: str) -> dict:
    """Links of the Excel work: model to fill in, all the models, export of the table."""
    return {
        "modele": reverse("conventions:excel_modele", args=[table]),
        "modeles_zip": reverse("conventions:excel_modele", args=["tous"]),
        "export": reverse("conventions:excel_export", args=[convention.uuid, table]),
    }
