"""The tables of the steps (reference §1.6–1.11): one row form per model, "replace" formsets.

Row forms only type the values (numbers with a comma or a dot, dates, choices); the business rules
(conventions.rules) run on the whole table in the step view, so that each message appears once, next to its
cell."""

from django import forms

from conventions.forms.steps.base import DateInput, RowForm, Spec, table_formset
from conventions.models import Pret
from programmes.enums import COLONNES_TABLEAU, TYPOLOGIES_FOYER_RESIDENCE, TYPOLOGIES_ORDINAIRES, TableauLogement
from programmes.models import Annexe, LocauxCollectifs, Logement, LogementEDD, ReferenceCadastrale, TypeStationnement

NUMBER = {"localize": True}


def _number(widget_attrs=None):
    return forms.TextInput(attrs={"inputmode": "decimal", **(widget_attrs or {})})


class ReferenceCadastraleRow(RowForm):
    objet = "reference_cadastrale"
    specs = (
        Spec("reference_cadastrale", ReferenceCadastrale, "section", required=False),
        Spec("reference_cadastrale", ReferenceCadastrale, "numero", required=False, label="Numéro"),
        Spec("reference_cadastrale", ReferenceCadastrale, "lieudit", required=False, label="Lieu-dit"),
        Spec("reference_cadastrale", ReferenceCadastrale, "surface", required=False, help_text="xx ha xx a xx ca"),
        Spec("reference_cadastrale", ReferenceCadastrale, "autre", required=False),
    )


class LogementEddRow(RowForm):
    objet = "logement_edd"
    specs = (
        Spec("logement_edd", LogementEDD, "designation", required=False, label="Désignation"),
        Spec("logement_edd", LogementEDD, "numero_lot", required=False, label="Numéro de lot"),
        Spec("logement_edd", LogementEDD, "financement", required=False, label="Financement"),
    )


class PretRow(RowForm):
    objet = "pret"
    specs = (
        Spec("pret", Pret, "preteur", required=False, label="Prêteur"),
        Spec("pret", Pret, "autre", required=False, label="Autre prêteur (préciser)"),
        Spec("pret", Pret, "date_octroi", label="Date d'octroi", widget=DateInput),
        Spec("pret", Pret, "numero", label="Numéro"),
        Spec("pret", Pret, "duree", label="Durée (années)"),
        Spec("pret", Pret, "montant", required=False, label="Montant (€)", widget=_number(), extra=NUMBER),
    )


# The cells of the four dwelling tables of ordinary housing (reference §13.7): (field, label, numeric).
CELLULES_LOGEMENT = {
    "designation": ("Désignation", False),
    "typologie": ("Type", False),
    "surface_habitable": ("Surface habitable (m²)", True),
    "surface_annexes": ("Surface des annexes (m²)", True),
    "surface_annexes_retenue": ("Annexes retenues dans la SU (m²)", True),
    "surface_utile": ("Surface utile (m²)", True),
    "surface_corrigee": ("Surface corrigée (m²)", True),
    "loyer_par_metre_carre": ("Loyer par m² de SU (€)", True),
    "coefficient": ("Coefficient", True),
    "loyer": ("Loyer maximum (€)", True),
}


def logement_specs(objet: str, tableau: str, **labels) -> tuple[Spec, ...]:
    """The cells of a row of one of the four dwelling tables (its columns: programmes.enums.COLONNES_TABLEAU)."""
    specs = []
    for champ in COLONNES_TABLEAU[tableau]:
        label, numeric = CELLULES_LOGEMENT[champ]
        label = labels.get(champ, label)
        if champ == "designation":
            specs.append(Spec(objet, Logement, champ, required=False, label=label))
        elif champ == "typologie":
            specs.append(Spec(objet, Logement, champ, label=label, extra={"choices": TYPOLOGIES_ORDINAIRES}))
        else:
            specs.append(Spec(objet, Logement, champ, required=False, label=label, widget=_number(), extra=NUMBER))
    return tuple(specs)


class LogementRow(RowForm):
    objet = "logement"
    specs = logement_specs("logement", TableauLogement.SU)


class LogementSansLoyerRow(RowForm):
    objet = "logement_sans_loyer"
    specs = logement_specs("logement_sans_loyer", TableauLogement.SU_SANS_LOYER)


class LogementCorrigeeRow(RowForm):
    objet = "logement_corrigee"
    specs = logement_specs(
        "logement_corrigee", TableauLogement.CORRIGEE, loyer_par_metre_carre="Loyer par m² de surface corrigée (€)"
    )


class LogementCorrigeeSansLoyerRow(RowForm):
    objet = "logement_corrigee_sans_loyer"
    specs = logement_specs("logement_corrigee_sans_loyer", TableauLogement.CORRIGEE_SANS_LOYER)


class LogementFoyerRow(RowForm):
    """A dwelling of a foyer or a résidence: its number, type (T1 to T7), surface and maximum redevance."""

    objet = "logement_foyer"
    specs = (
        Spec("logement_foyer", Logement, "designation", required=False, label="Numéro du logement"),
        Spec("logement_foyer", Logement, "typologie", label="Type", extra={"choices": TYPOLOGIES_FOYER_RESIDENCE}),
        Spec(
            "logement_foyer",
            Logement,
            "surface_habitable",
            required=False,
            label="Surface habitable (m²)",
            widget=_number(),
            extra=NUMBER,
        ),
        Spec(
            "logement_foyer",
            Logement,
            "loyer",
            required=False,
            label="Redevance maximale (€ par mois)",
            widget=_number(),
            extra=NUMBER,
        ),
    )


class LocauxCollectifsRow(RowForm):
    objet = "locaux_collectifs"
    specs = (
        Spec("locaux_collectifs", LocauxCollectifs, "type_local", required=False, label="Type de local"),
        Spec(
            "locaux_collectifs",
            LocauxCollectifs,
            "surface_habitable",
            required=False,
            label="Surface habitable (m²)",
            widget=_number(),
            extra=NUMBER,
        ),
        Spec("locaux_collectifs", LocauxCollectifs, "nombre", required=False, label="Nombre"),
    )


class AnnexeRow(RowForm):
    """An annex points at a dwelling of the lot by its designation (checked in the step)."""

    objet = "annexe"
    specs = (
        Spec("annexe", Annexe, "typologie", label="Type d'annexe"),
        Spec(
            "annexe",
            Annexe,
            "surface_hors_surface_retenue",
            required=False,
            label="Surface (m²)",
            widget=_number(),
            extra=NUMBER,
        ),
        Spec(
            "annexe",
            Annexe,
            "loyer_par_metre_carre",
            required=False,
            label="Loyer unitaire (€/m²)",
            widget=_number(),
            extra=NUMBER,
        ),
        Spec("annexe", Annexe, "loyer", required=False, label="Loyer maximum (€)", widget=_number(), extra=NUMBER),
    )

    def extra_fields(self):
        return {"logement_designation": forms.CharField(label="Logement (désignation)", max_length=255, required=False)}


class TypeStationnementRow(RowForm):
    objet = "type_stationnement"
    specs = (
        Spec("type_stationnement", TypeStationnement, "typologie", label="Type de stationnement"),
        Spec("type_stationnement", TypeStationnement, "nb_stationnements", required=False, label="Nombre"),
        Spec(
            "type_stationnement",
            TypeStationnement,
            "loyer",
            required=False,
            label="Loyer maximum mensuel (€)",
            widget=_number(),
            extra=NUMBER,
        ),
    )


ReferenceCadastraleFormSet = table_formset(ReferenceCadastraleRow)
LogementEddFormSet = table_formset(LogementEddRow)
PretFormSet = table_formset(PretRow)
LogementFormSet = table_formset(LogementRow)
LogementSansLoyerFormSet = table_formset(LogementSansLoyerRow)
LogementCorrigeeFormSet = table_formset(LogementCorrigeeRow)
LogementCorrigeeSansLoyerFormSet = table_formset(LogementCorrigeeSansLoyerRow)
AnnexeFormSet = table_formset(AnnexeRow)
TypeStationnementFormSet = table_formset(TypeStationnementRow)
LogementFoyerFormSet = table_formset(LogementFoyerRow)
LocauxCollectifsFormSet = table_formset(LocauxCollectifsRow)


for _formset, _objet in [
    (ReferenceCadastraleFormSet, "reference_cadastrale"),
    (LogementEddFormSet, "logement_edd"),
    (PretFormSet, "pret"),
    (LogementFormSet, "logement"),
    (LogementSansLoyerFormSet, "logement_sans_loyer"),
    (LogementCorrigeeFormSet, "logement_corrigee"),
    (LogementCorrigeeSansLoyerFormSet, "logement_corrigee_sans_loyer"),
    (AnnexeFormSet, "annexe"),
    (TypeStationnementFormSet, "type_stationnement"),
    (LogementFoyerFormSet, "logement_foyer"),
    (LocauxCollectifsFormSet, "locaux_collectifs"),
]:
    _formset.objet = _objet

# The four dwelling tables are the sections of the Logements step of an ordinary convention.
for _formset, _section in [
    (LogementFormSet, TableauLogement.SU),
    (LogementSansLoyerFormSet, TableauLogement.SU_SANS_LOYER),
    (LogementCorrigeeFormSet, TableauLogement.CORRIGEE),
    (LogementCorrigeeSansLoyerFormSet, TableauLogement.CORRIGEE_SANS_LOYER),
]:
    _formset.section = str(_section)
