"""The step forms proper to foyers and résidences (reference §13.2): the manager on the Bailleur step, the
authorisation dates on the Cadastre step, the lot totals of the Logements step, and the Collectif,
Attribution and Variantes steps."""

from conventions.forms.steps.base import DateInput, Spec, StepForm
from conventions.forms.steps.fields import (
    LONG_TEXTAREA,
    TEXTAREA,
    BailleurStepForm,
    CadastreStepForm,
    decimal,
)
from conventions.models import Convention
from programmes.models import Lot, Programme


def _convention(champ, **kwargs):
    return Spec("convention", Convention, champ, **kwargs)


GESTIONNAIRE_SPECS = (
    _convention("gestionnaire", label="Nom du gestionnaire"),
    _convention("gestionnaire_signataire_nom", label="Nom du signataire du gestionnaire"),
    _convention("gestionnaire_signataire_fonction", label="Fonction du signataire du gestionnaire"),
    _convention(
        "gestionnaire_signataire_date_deliberation",
        label="Date du mandat du signataire du gestionnaire",
        widget=DateInput,
    ),
    _convention(
        "gestionnaire_signataire_bloc_signature",
        label="Bloc de signature du gestionnaire",
        help_text="Texte imprimé sous la signature du gestionnaire (5 000 caractères au plus).",
        widget=TEXTAREA,
    ),
    _convention(
        "gestionnaire_bloc_info_complementaire",
        label="Informations complémentaires sur le gestionnaire",
        widget=TEXTAREA,
    ),
)


class FoyerBailleurStepForm(BailleurStepForm):
    """The bailleur (owner), then the manager who co-signs a foyer or résidence convention."""

    specs = (*BailleurStepForm.specs, *GESTIONNAIRE_SPECS)
    layout = [*BailleurStepForm.layout, ("Gestionnaire", [spec.champ for spec in GESTIONNAIRE_SPECS])]


AGREMENT_SPECS = (
    Spec(
        "programme",
        Programme,
        "date_autorisation_hors_habitat_inclusif",
        label="Date de l'autorisation (hors habitat inclusif)",
        widget=DateInput,
    ),
    Spec("programme", Programme, "date_convention_location", widget=DateInput),
    Spec(
        "programme",
        Programme,
        "date_agrement_gestionnaire_intermediation",
        label="Date de l'agrément du gestionnaire (intermédiation locative)",
        widget=DateInput,
    ),
    Spec(
        "programme",
        Programme,
        "departement_agrement_gestionnaire_intermediation",
        label="Département de l'agrément du gestionnaire",
    ),
    Spec(
        "programme",
        Programme,
        "ville_signature_agrement_gestionnaire_intermediation",
        label="Ville de signature de l'agrément du gestionnaire",
    ),
)


class FoyerCadastreStepForm(CadastreStepForm):
    specs = (*CadastreStepForm.specs, *AGREMENT_SPECS)
    layout = [*CadastreStepForm.layout, ("Autorisations et agrément", [spec.champ for spec in AGREMENT_SPECS])]


class FoyerLogementsStepForm(StepForm):
    specs = (
        Spec(
            "lot",
            Lot,
            "surface_habitable_totale",
            required=True,
            label="Surface habitable totale (m²)",
            help_text="Au moins la somme des surfaces habitables des logements ci-dessous, 100 000 m² au plus.",
            extra=decimal(),
        ),
    )


class CollectifStepForm(StepForm):
    specs = (
        Spec("lot", Lot, "foyer_residence_nb_garage_parking", label="Garages et parkings (nombre)"),
        Spec(
            "lot",
            Lot,
            "foyer_residence_dependance",
            label="Dépendances (nombre et surface)",
            widget=TEXTAREA,
        ),
        Spec(
            "lot",
            Lot,
            "foyer_residence_locaux_hors_convention",
            label="Locaux auxquels la convention ne s'applique pas (liste)",
            help_text="Par exemple : logements de fonction, hébergement temporaire…",
            widget=TEXTAREA,
        ),
    )


ATTRIBUTION_COMMUNE_SPECS = (
    _convention(
        "attribution_reservation_prefectorale",
        required=True,
        label="Part des réservations préfectorales (%)",
        extra={"min_value": 0, "max_value": 100},
    ),
    _convention(
        "attribution_modalites_reservations",
        required=True,
        label="Modalités de gestion des réservations",
        widget=TEXTAREA,
    ),
    _convention(
        "attribution_modalites_choix_personnes",
        required=True,
        label="Modalités de choix des personnes accueillies",
        widget=TEXTAREA,
    ),
    _convention(
        "attribution_prestations_integrees", label="Prestations intégrées dans la redevance (liste)", widget=TEXTAREA
    ),
    _convention("attribution_prestations_facultatives", label="Prestations facultatives (liste)", widget=TEXTAREA),
)
COMMUNE = [spec.champ for spec in ATTRIBUTION_COMMUNE_SPECS]

AGEES = (
    _convention("attribution_agees_autonomie", label="Résidence autonomie"),
    _convention("attribution_agees_ephad", label="Établissement hébergeant des personnes âgées dépendantes (EHPAD)"),
    _convention("attribution_agees_desorientees", label="Unité pour personnes désorientées (unité Alzheimer…)"),
    _convention(
        "attribution_agees_petite_unite",
        label="Petite unité de vie (établissement de moins de 25 places autorisées)",
    ),
    _convention("attribution_agees_autre", label="Autre établissement (à préciser)"),
    _convention("attribution_agees_autre_detail", label="Autre établissement pour personnes âgées : lequel ?"),
)
HANDICAPES = (
    _convention("attribution_handicapes_foyer", label="Foyer"),
    _convention("attribution_handicapes_foyer_de_vie", label="Foyer de vie ou occupationnel"),
    _convention("attribution_handicapes_foyer_medicalise", label="Foyer d'accueil médicalisé"),
    _convention("attribution_handicapes_autre", label="Autre établissement (à préciser)"),
    _convention(
        "attribution_handicapes_autre_detail", label="Autre établissement pour personnes handicapées : lequel ?"
    ),
)
INCLUSIF = (
    _convention(
        "attribution_inclusif_conditions_specifiques", label="Conditions spécifiques d'accueil", widget=TEXTAREA
    ),
    _convention(
        "attribution_inclusif_conditions_admission",
        label="Conditions d'admission dans l'habitat inclusif",
        widget=TEXTAREA,
    ),
    _convention("attribution_inclusif_modalites_attribution", label="Modalités d'attribution", widget=TEXTAREA),
    _convention(
        "attribution_inclusif_partenariats",
        label="Partenariats concourant à la mise en œuvre du projet de vie sociale et partagée",
        widget=LONG_TEXTAREA,
    ),
    _convention(
        "attribution_inclusif_activites",
        label="Activités proposées à l'ensemble des résidents",
        widget=LONG_TEXTAREA,
    ),
)


class AttributionFoyerStepForm(StepForm):
    """The public is read from the ticks: establishments for elderly people, or for disabled people, or
    nothing ticked and the five texts of an habitat inclusif (conventions.rules.foyer)."""

    specs = (*AGEES, *HANDICAPES, *INCLUSIF, *ATTRIBUTION_COMMUNE_SPECS)
    layout = [
        ("Personnes âgées seules ou en ménage", [spec.champ for spec in AGEES]),
        ("Personnes handicapées seules ou en ménage", [spec.champ for spec in HANDICAPES]),
        ("Habitat inclusif", [spec.champ for spec in INCLUSIF]),
        ("Réservations et prestations", COMMUNE),
    ]


RESIDENCE = (
    _convention(
        "attribution_residence_sociale_ordinaire",
        label="Résidence sociale ordinaire",
        help_text="Jeunes travailleurs, travailleurs migrants, personnes en difficulté d'accès au logement…",
    ),
    _convention(
        "attribution_pension_de_famille",
        label="Pension de famille",
        help_text="Accueil sans limite de durée de personnes en situation d'isolement social.",
    ),
    _convention(
        "attribution_residence_accueil",
        label="Résidence accueil",
        help_text="Pension de famille pour des personnes ayant un handicap psychique.",
    ),
)


class AttributionResidenceStepForm(StepForm):
    specs = (*RESIDENCE, *ATTRIBUTION_COMMUNE_SPECS)
    layout = [("Type de résidence", [spec.champ for spec in RESIDENCE]), ("Réservations et prestations", COMMUNE)]


class VariantesStepForm(StepForm):
    specs = (
        _convention(
            "foyer_residence_variante_1",
            label="Variante 1",
            help_text="Programme existant dont la construction a été financée au titre du 1° de l'article R. 832-21 "
            "du CCH.",
        ),
        _convention(
            "foyer_residence_variante_2",
            label="Variante 2",
            help_text="Programme existant amélioré, ou acquis et amélioré, au titre du 2° de l'article R. 832-21.",
        ),
        _convention(
            "foyer_residence_variante_2_travaux",
            label="Description du programme des travaux (variante 2)",
            widget=LONG_TEXTAREA,
        ),
        _convention("foyer_residence_variante_2_nb_tranches", label="Nombre de tranches de travaux"),
        _convention("foyer_residence_variante_2_nb_annees", label="Sur combien d'années"),
        _convention(
            "foyer_residence_variante_3",
            label="Variante 3",
            help_text="Construction neuve au titre du 3° de l'article R. 832-21.",
        ),
    )
