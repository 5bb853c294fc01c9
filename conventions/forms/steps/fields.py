"""The non-table forms of the steps (reference §2.4): one class per step, fields declared as model specs."""

import datetime

from django import forms
from django.utils import timezone

from conventions import perms
from conventions.forms.steps.base import DateInput, Spec, StepForm
from conventions.models import Convention
from programmes.models import ANNEXE_FLAGS, Lot, Programme
from users.models import Bailleur
from users.perms import can_edit_reserved_fields

TEXTAREA = forms.Textarea(attrs={"rows": 3})
LONG_TEXTAREA = forms.Textarea(attrs={"rows": 5})


def decimal(**extra):
    """Amounts typed with a comma or a dot, never negative (the database refuses negative amounts)."""
    return {"localize": True, "min_value": 0, **extra}


class BailleurStepForm(StepForm):
    """The Bailleur entity itself (shared by all its conventions). The SIRET is its identity (roles, partner
    systems): only staff may change it here; everyone else sees it read-only."""

    specs = (
        Spec("bailleur", Bailleur, "nom", required=True, label="Nom du bailleur"),
        Spec("bailleur", Bailleur, "siret", label="SIRET"),
        Spec("bailleur", Bailleur, "capital_social", label="Capital social (en €)", extra=decimal()),
        Spec("bailleur", Bailleur, "adresse", required=True, label="Adresse du siège"),
        Spec("bailleur", Bailleur, "code_postal", required=True),
        Spec("bailleur", Bailleur, "ville", required=True),
        Spec("bailleur", Bailleur, "signataire_nom", required=True, label="Nom du signataire de la convention"),
        Spec("bailleur", Bailleur, "signataire_fonction", required=True, label="Fonction du signataire"),
        Spec(
            "bailleur",
            Bailleur,
            "signataire_date_deliberation",
            required=True,
            label="Date du mandat du signataire",
            widget=DateInput,
        ),
    )
    layout = [
        ("Identité", ["nom", "siret", "capital_social"]),
        ("Siège", ["adresse", "code_postal", "ville"]),
        ("Signataire", ["signataire_nom", "signataire_fonction", "signataire_date_deliberation"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        siret = self.fields["siret"]
        if not can_edit_reserved_fields(self.edition.user):
            siret.disabled = True
            siret.help_text = "Le SIRET identifie le bailleur : pour le corriger, contactez l'équipe APiLos."
        siret.required = True

    def clean_siret(self):
        siret = self.cleaned_data["siret"]
        bailleur = self.objects["bailleur"]
        if siret != bailleur.siret and Bailleur.objects.filter(siret=siret).exclude(pk=bailleur.pk).exists():
            raise forms.ValidationError("Ce SIRET est déjà celui d'un autre bailleur.")
        return siret


class OperationStepForm(StepForm):
    """The operation and its lot. The operation number is the SIAP's identifier of the operation: typed once by
    the bailleur for an operation created in APiLos; once known (or imported from the SIAP), only the instruction
    service (when it may edit the step) or the national team change it."""

    specs = (
        Spec("programme", Programme, "nom", required=True, label="Nom de l'opération"),
        Spec(
            "programme",
            Programme,
            "numero_operation",
            label="Numéro d'opération",
            help_text="Le numéro de l'opération dans le SIAP (numéro de décision), par exemple 20220600005.",
        ),
        Spec(
            "programme",
            Programme,
            "adresse",
            required=True,
            label="Adresse(s) de l'opération",
            help_text="Une adresse par ligne.",
            widget=TEXTAREA,
        ),
        Spec("programme", Programme, "code_postal", required=True),
        Spec("programme", Programme, "ville", required=True),
        Spec("lot", Lot, "nb_logements", required=True, label="Nombre de logements à conventionner"),
        Spec("lot", Lot, "type_habitat"),
        Spec("programme", Programme, "type_operation"),
        Spec("programme", Programme, "nature_logement"),
        Spec("programme", Programme, "anru", label="L'opération bénéficie d'un financement ANRU"),
        Spec(
            "programme",
            Programme,
            "seconde_vie",
            label="Opération « seconde vie »",
            help_text="Réhabilitation d'un ensemble déjà conventionné : la convention sera un avenant aux conventions "
            "antérieures, à rattacher depuis le récapitulatif.",
        ),
        Spec(
            "programme",
            Programme,
            "zone_123",
            label="Zone 1/2/3",
            help_text="Zonage de la commune pour les plafonds de loyer (01, 02, 03 ou 1bis).",
        ),
        Spec(
            "programme",
            Programme,
            "zone_abc",
            label="Zone A/B/C",
            help_text="Zonage de la commune selon la tension du marché du logement (A, Abis, B1, B2 ou C).",
        ),
        Spec("programme", Programme, "nb_locaux_commerciaux"),
        Spec("programme", Programme, "nb_bureaux"),
        Spec(
            "programme",
            Programme,
            "autres_locaux_hors_convention",
            label="Autres locaux hors convention",
            widget=TEXTAREA,
        ),
    )
    layout = [
        ("Opération", ["nom", "numero_operation", "adresse", "code_postal", "ville"]),
        ("Zonage", ["zone_123", "zone_abc"]),
        (
            "Logements",
            ["nb_logements", "type_habitat", "type_operation", "nature_logement", "anru", "seconde_vie"],
        ),
        ("Locaux hors convention", ["nb_locaux_commerciaux", "nb_bureaux", "autres_locaux_hors_convention"]),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numero = self.fields["numero_operation"]
        user = self.edition.user
        instruit = perms.role_on(user, self.edition.convention) == perms.INSTRUCTEUR
        if self.objects["programme"].numero_operation and not (instruit or can_edit_reserved_fields(user)):
            numero.disabled = True
            numero.help_text = (
                "Le numéro d'opération identifie l'opération dans le SIAP : pour le corriger, demandez-le au "
                "service instructeur."
            )
            self._bound_fields_cache.pop("numero_operation", None)  # built before with the first help text


class CadastreStepForm(StepForm):
    specs = (
        Spec("programme", Programme, "permis_construire", label="Numéro du permis de construire"),
        Spec("programme", Programme, "date_achat", widget=DateInput),
        Spec(
            "programme",
            Programme,
            "date_acte_notarie",
            help_text="À remplir si elle diffère de la date d'achat.",
            widget=DateInput,
        ),
        Spec("programme", Programme, "date_achevement_previsible", widget=DateInput),
        Spec("programme", Programme, "date_achevement", label="Date d'achèvement réelle", widget=DateInput),
        Spec("programme", Programme, "vendeur", widget=TEXTAREA, files="texte"),
        Spec("programme", Programme, "acquereur", widget=TEXTAREA, files="texte"),
        Spec("programme", Programme, "reference_notaire", widget=TEXTAREA, files="texte"),
        Spec("programme", Programme, "reference_publication_acte", widget=TEXTAREA, files="texte"),
        Spec("programme", Programme, "acte_de_propriete", label="Acte de propriété ou acte notarial", files="fichiers"),
        Spec("programme", Programme, "effet_relatif", label="Effet relatif", files="fichiers"),
        Spec("programme", Programme, "certificat_adressage", label="Certificat d'adressage", files="fichiers"),
        Spec("programme", Programme, "reference_cadastrale", label="Plan cadastral", files="fichiers"),
    )
    layout = [
        (
            "Dates et permis",
            ["permis_construire", "date_achat", "date_acte_notarie", "date_achevement_previsible", "date_achevement"],
        ),
        ("Acte notarié", ["vendeur", "acquereur", "reference_notaire", "reference_publication_acte"]),
        (
            "Pièces justificatives",
            ["acte_de_propriete", "effet_relatif", "certificat_adressage", "reference_cadastrale"],
        ),
    ]


class EddStepForm(StepForm):
    specs = (
        Spec("lot", Lot, "edd_volumetrique", label="EDD volumétrique", widget=LONG_TEXTAREA, files="texte"),
        Spec(
            "programme",
            Programme,
            "mention_publication_edd_volumetrique",
            label="Mention de publication de l'EDD volumétrique",
            help_text="Références du dépôt au service de la publicité foncière : numéro, service, date, volume.",
            widget=TEXTAREA,
        ),
        Spec("lot", Lot, "edd_classique", label="EDD classique", widget=LONG_TEXTAREA, files="texte"),
        Spec(
            "programme",
            Programme,
            "mention_publication_edd_classique",
            label="Mention de publication de l'EDD classique",
            help_text="Références du dépôt au service de la publicité foncière : numéro, service, date, volume.",
            widget=TEXTAREA,
        ),
    )


class FinancementStepForm(StepForm):
    """The end year is shown as a year and stored as 30 June of that year (conventions.rules)."""

    specs = (
        Spec("convention", Convention, "fond_propre", label="Fonds propres (en €)", extra=decimal()),
        Spec(
            "convention",
            Convention,
            "date_fin_conventionnement",
            label="Année de fin de conventionnement",
            help_text="La convention prend fin le 30 juin de cette année. Au moins la durée du plus long prêt de la "
            "Caisse des dépôts (9 ans au minimum) ; pour un PLS ou une opération sans travaux, entre 15 et 40 ans.",
        ),
        Spec(
            "convention",
            Convention,
            "historique_financement_public",
            label="Historique des financements publics",
            help_text="Aides publiques déjà reçues par l'opération (nature, date, montant). Imprimé dans l'annexe "
            "des conventions de foyer et de résidence.",
            widget=TEXTAREA,
        ),
    )
    layout = [("", ["date_fin_conventionnement", "fond_propre"]), ("", ["historique_financement_public"])]

    def make_field(self, spec):
        field = spec.formfield()
        if spec.champ != "date_fin_conventionnement":
            return field
        maximum = timezone.localdate().year + 100
        year = forms.IntegerField(
            label=field.label, help_text=field.help_text, required=False, min_value=1977, max_value=maximum
        )
        year.widget.attrs.update({"min": 1977, "max": maximum, "inputmode": "numeric"})
        return year

    def initial_value(self, spec, obj):
        value = getattr(obj, spec.champ)
        if spec.champ == "date_fin_conventionnement":
            return value.year if isinstance(value, datetime.date) else None
        return value

    def editable_values(self, objet):
        values = super().editable_values(objet)
        if "date_fin_conventionnement" in values:
            values["annee_fin_conventionnement"] = values.pop("date_fin_conventionnement")
        return values


class LogementsStepForm(StepForm):
    specs = (
        Spec(
            "lot",
            Lot,
            "lgts_mixite_sociale_negocies",
            label="Nombre de logements à louer en mixité sociale (PLUS)",
            help_text="Logements dont les plafonds de ressources des locataires sont négociés au titre de la mixité "
            "sociale.",
        ),
        Spec(
            "lot",
            Lot,
            "loyer_derogatoire",
            label="Loyer dérogatoire (en € par m²)",
            help_text="À remplir seulement si un loyer dérogatoire a été accordé.",
            extra=decimal(),
        ),
        # Lot options of the reference §13.7, printed in the annex (3 ter) and in article 8 of a Type II convention.
        Spec(
            "lot",
            Lot,
            "surface_locaux_collectifs_residentiels",
            label="Surface des locaux collectifs résidentiels (en m²)",
            help_text="Salles communes, locaux vélos… à l'usage des locataires. Laissez vide s'il n'y en a pas.",
            extra=decimal(),
        ),
        Spec(
            "lot",
            Lot,
            "loyer_associations_foncieres",
            label="Loyer pour les associations foncières et leurs filiales (en € par m² de surface utile)",
            help_text="Montant du loyer maximum des logements appartenant à une association foncière (article "
            "L. 313-34 du code de la construction et de l'habitation) ou à ses filiales ; convention de type II.",
            extra=decimal(),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.objects["lot"].mixity_option():
            # Mixity only concerns PLUS lots: the field is not shown (and not saved) for the others.
            del self.fields["lgts_mixite_sociale_negocies"]
            self.spec_by_name.pop("lgts_mixite_sociale_negocies", None)


class AnnexesStepForm(StepForm):
    specs = tuple(Spec("lot", Lot, name, label=label) for name, label in ANNEXE_FLAGS)
    layout = [("Annexes présentes dans l'opération", [name for name, _ in ANNEXE_FLAGS])]


class StationnementsStepForm(StepForm):
    specs = ()


class CommentairesStepForm(StepForm):
    specs = (
        Spec(
            "convention",
            Convention,
            "commentaires",
            label="Commentaires à l'attention du service instructeur",
            help_text="Précisions utiles à l'instruction (5 000 caractères au plus) ; vous pouvez joindre des "
            "documents.",
            widget=LONG_TEXTAREA,
            files="texte",
        ),
    )


# --- Avenants, dénonciation, résiliation (reference §11.4, §12.3, §12.4) ------------------------------------


class ChampLibreStepForm(StepForm):
    specs = (
        Spec(
            "convention",
            Convention,
            "champ_libre_avenant",
            label="Informations complémentaires",
            help_text="Renseignements à faire figurer dans l'avenant (désignation des immeubles, origine de "
            "propriété…), 5 000 caractères au plus.",
            widget=LONG_TEXTAREA,
        ),
        Spec(
            "convention",
            Convention,
            "desc_avenant",
            label="Nature de l'avenant",
            help_text="En quelques mots, ce que cet avenant change.",
            widget=TEXTAREA,
        ),
    )


class DenonciationStepForm(StepForm):
    specs = (
        Spec(
            "convention",
            Convention,
            "date_denonciation",
            required=True,
            label="Date d'effet de la dénonciation",
            help_text="La dénonciation prend effet à l'échéance de la convention (sa date de fin ou une date de "
            "renouvellement triennal) ; elle doit avoir été notifiée par acte authentique au moins six mois avant.",
            widget=DateInput,
        ),
        Spec(
            "convention",
            Convention,
            "motif_denonciation",
            label="Motif de la dénonciation",
            help_text="5 000 caractères au plus ; joignez l'acte authentique (notarié ou d'huissier).",
            widget=LONG_TEXTAREA,
            files="texte",
        ),
    )


class ResiliationStepForm(StepForm):
    specs = (
        Spec(
            "convention",
            Convention,
            "date_resiliation",
            required=True,
            label="Date de résiliation demandée",
            widget=DateInput,
        ),
        Spec(
            "convention",
            Convention,
            "motif_resiliation",
            required=True,
            label="Motif de la résiliation",
            help_text="5 000 caractères au plus ; joignez l'acte administratif (arrêté) de résiliation.",
            widget=LONG_TEXTAREA,
            files="texte",
        ),
    )
