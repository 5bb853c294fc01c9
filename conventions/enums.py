from django.db import models


class ConventionStatut(models.TextChoices):
    """Stable codes; labels are the neutral wording. Per-role labels: STATUT_LABELS_PAR_ROLE."""

    PROJET = "projet", "En projet"
    INSTRUCTION = "instruction", "En instruction"
    CORRECTIONS = "corrections", "En correction"
    A_SIGNER = "a_signer", "À signer"
    SIGNEE = "signee", "Signée"
    PUBLICATION_EN_COURS = "publication_en_cours", "Publication en cours"
    PUBLIEE = "publiee", "Publiée"
    ANNULEE = "annulee", "Annulée"
    RESILIEE = "resiliee", "Résiliée"
    DENONCEE = "denoncee", "Dénoncée"


# The publication statuses (reference §2.6.6, §13.2): a convention there stays publishable, and a résidence shows
# its EDD step.
STATUTS_PUBLICATION = frozenset({ConventionStatut.PUBLICATION_EN_COURS, ConventionStatut.PUBLIEE})

# (bailleur label, instructeur label) — reference §2.6.1, our own wording where it differs.
STATUT_LABELS_PAR_ROLE = {
    ConventionStatut.PROJET: ("En projet", "En projet"),
    ConventionStatut.INSTRUCTION: ("En instruction", "À instruire"),
    ConventionStatut.CORRECTIONS: ("À corriger", "En correction"),
    ConventionStatut.A_SIGNER: ("À signer", "À signer"),
    ConventionStatut.SIGNEE: ("Signée", "Signée"),
    ConventionStatut.PUBLICATION_EN_COURS: ("Publication en cours", "En publication"),
    ConventionStatut.PUBLIEE: ("Publiée", "Publiée"),
    ConventionStatut.ANNULEE: ("Annulée", "Annulée"),
    ConventionStatut.RESILIEE: ("Résiliée", "Résiliée"),
    ConventionStatut.DENONCEE: ("Dénoncée", "Dénoncée"),
}

# DSFR badge severity per status (success, error, info, warning, new).
STATUT_BADGE = {
    ConventionStatut.PROJET: "new",
    ConventionStatut.INSTRUCTION: "info",
    ConventionStatut.CORRECTIONS: "warning",
    ConventionStatut.A_SIGNER: "success",
    ConventionStatut.SIGNEE: "success",
    ConventionStatut.PUBLICATION_EN_COURS: "success",
    ConventionStatut.PUBLIEE: "success",
    ConventionStatut.ANNULEE: "error",
    ConventionStatut.RESILIEE: "error",
    ConventionStatut.DENONCEE: "error",
}

STATUTS_FINAUX = {
    ConventionStatut.ANNULEE,
    ConventionStatut.PUBLIEE,
    ConventionStatut.RESILIEE,
    ConventionStatut.DENONCEE,
}
# In progress: an avenant in one of these blocks the creation of another one (reference §11.5).
STATUTS_EN_COURS = frozenset({ConventionStatut.PROJET, ConventionStatut.INSTRUCTION, ConventionStatut.CORRECTIONS})
# Signed and in force: an avenant, a dénonciation or a résiliation may start from these.
STATUTS_EN_VIGUEUR = frozenset(
    {ConventionStatut.SIGNEE, ConventionStatut.PUBLICATION_EN_COURS, ConventionStatut.PUBLIEE}
)
# Ended: no avenant, no dénonciation, no résiliation any more.
STATUTS_TERMINES = frozenset({ConventionStatut.RESILIEE, ConventionStatut.DENONCEE})
STATUTS_VALIDES = {
    ConventionStatut.A_SIGNER,
    ConventionStatut.SIGNEE,
    ConventionStatut.PUBLICATION_EN_COURS,
    ConventionStatut.PUBLIEE,
    ConventionStatut.RESILIEE,
    ConventionStatut.DENONCEE,
}


# Tabs of the list (« En cours » / « Finalisées »): URL value → (label, statuses).
ONGLETS = {
    "en_cours": (
        "En cours",
        (
            ConventionStatut.PROJET,
            ConventionStatut.INSTRUCTION,
            ConventionStatut.CORRECTIONS,
            ConventionStatut.A_SIGNER,
        ),
    ),
    "finalisees": (
        "Finalisées",
        (
            ConventionStatut.SIGNEE,
            ConventionStatut.PUBLICATION_EN_COURS,
            ConventionStatut.PUBLIEE,
            ConventionStatut.ANNULEE,
        ),
    ),
}


def statut_label(statut: str, *, role: str | None = None) -> str:
    """The status wording for a bailleur ("bailleur"), an instructeur ("instructeur") or anyone (None)."""
    statut = ConventionStatut(statut)
    if role == "bailleur":
        return STATUT_LABELS_PAR_ROLE[statut][0]
    if role == "instructeur":
        return STATUT_LABELS_PAR_ROLE[statut][1]
    return statut.label


class TypeEvenement(models.TextChoices):
    """The journal of a convention (reference §15.7): what happened, typed."""

    STATUT = "statut", "Changement de statut"
    CREATION = "creation", "Création"
    DOCUMENT = "document", "Document"
    CORRECTION_DATE = "correction_date", "Correction d'une date"
    AVENANT = "avenant", "Avenant"
    DENONCIATION = "denonciation", "Dénonciation"
    RESILIATION = "resiliation", "Résiliation"
    REFUS_SPF = "refus_spf", "Refus de publication (SPF)"


class TypeConvention(models.TextChoices):
    TYPE1 = "Type1", "Type I"
    TYPE2 = "Type2", "Type II"


# The eight legal categories of dwellings a Type II convention may cover (our own short wording).
TYPE2_OPTIONS = {
    1: "Logements financés dans les conditions de l'ancien régime des HLM ou par des prêts spéciaux",
    2: "Logements financés par un PLA-I (prêt locatif aidé d'intégration)",
    3: "Logements acquis et améliorés avec un PLS (prêt locatif social)",
    4: "Logements ayant bénéficié d'une subvention PALULOS ou d'un PAM",
    5: "Logements construits ou acquis avec un prêt locatif aidé ordinaire",
    6: "Logements améliorés avec l'aide de l'Agence nationale de l'habitat",
    7: "Logements appartenant à l'association foncière logement",
    8: "Logements réalisés sans le concours financier de l'État",
}


class Preteur(models.TextChoices):
    ETAT = "ETAT", "État"
    EPCI = "EPCI", "EPCI"
    REGION = "REGION", "Région"
    VILLE = "VILLE", "Ville"
    CDCF = "CDCF", "CDC pour le foncier"
    CDCL = "CDCL", "CDC pour le logement"
    COMMUNE = "COMMUNE", "Commune et action logement"
    ANRU = "ANRU", "ANRU"
    AUTRE = "AUTRE", "Autre"


PRETEURS_CDC = {Preteur.CDCF, Preteur.CDCL}


class CommentaireStatut(models.TextChoices):
    OUVERT = "OUVERT", "Ouvert"
    RESOLU = "RESOLU", "Résolu"
    CLOS = "CLOS", "Clos"


class DocumentStatut(models.TextChoices):
    """The validated document's progress: queued (the validation answered), generating (the worker took it),
    ready or failed."""

    AUCUN = "aucun", "Aucun document"
    EN_FILE = "en_file", "Document en file d'attente"
    EN_COURS = "en_cours", "Document en cours de génération"
    PRET = "pret", "Document disponible"
    ERREUR = "erreur", "Erreur de génération"


DOCUMENT_EN_PREPARATION = frozenset({DocumentStatut.EN_FILE, DocumentStatut.EN_COURS})
