from django.db import models


class TypeRole(models.TextChoices):
    BAILLEUR = "BAILLEUR", "Bailleur"
    INSTRUCTEUR = "INSTRUCTEUR", "Instructeur"
    ADMINISTRATEUR = "ADMINISTRATEUR", "Administrateur"
    EQUIPE_NATIONALE = "EQUIPE_NATIONALE", "Équipe nationale"


class EmailPreferences(models.TextChoices):
    TOUS = "TOUS", "Tous les e-mails"
    PARTIEL = "PARTIEL", "Seulement les conventions que je suis"
    AUCUN = "AUCUN", "Aucun e-mail"


class SousNatureBailleur(models.TextChoices):
    """Reference §1.1 (@HEAD sous-nature: the 23 @OLD types plus ANAH). Codes kept as in the source."""

    ASSOCIATIONS = "ASSOCIATIONS", "Associations"
    COMMERCIALES = "COMMERCIALES", "Entreprises commerciales"
    COMMUNE = "COMMUNE", "Commune"
    COOPERATIVE_HLM_SCIC = "COOPERATIVE_HLM_SCIC", "Sté coopérative HLM / SCIC"
    CROUS = "CROUS", "CROUS"
    DEPARTEMENT = "DEPARTEMENT", "Département"
    DRE_DDE_CETE_AC_PREF = "DRE_DDE_CETE_AC_PREF", "DRE, DDE, CETE, AC, Préfecture"
    EPCI = "EPCI", "EPCI"
    ETC_PUBLIQUE_LOCAL = "ETC_PUBLIQUE_LOCAL", "Établissement public local"
    ETS_HOSTIPATIERS_PRIVES = "ETS_HOSTIPATIERS_PRIVES", "Établissements hospitaliers privés"
    FONDATION = "FONDATION", "Fondation"
    FONDATION_HLM = "FONDATION_HLM", "Fondation HLM"
    FRONCIERE_LOGEMENT = "FRONCIERE_LOGEMENT", "Foncière Logement"
    GIP = "GIP", "GIP"
    MUTUELLE = "MUTUELLE", "Mutuelle"
    NONRENSEIGNE = "NONRENSEIGNE", "Non renseigné"
    OFFICE_PUBLIC_HLM = "OFFICE_PUBLIC_HLM", "Office public HLM (OPH)"
    PACT_ARIM = "PACT_ARIM", "Pact-Arim"
    PARTICULIERS = "PARTICULIERS", "Particuliers"
    SA_HLM_ESH = "SA_HLM_ESH", "SA HLM / ESH"
    SACI_CAP = "SACI_CAP", "SACI CAP"
    SEM_EPL = "SEM_EPL", "SEM / EPL"
    UES = "UES", "UES"
    ANAH = "ANAH", "ANAH"


class NatureBailleur(models.TextChoices):
    """Derived from the sous-nature (reference §1.1 @HEAD); value = label as in the reference."""

    AUTRES = "Autres bailleurs sociaux non HLM", "Autres bailleurs sociaux non HLM"
    PRIVES = "Bailleurs privés", "Bailleurs privés"
    HLM = "HLM", "HLM"
    SEM = "SEM", "SEM"


NATURE_PAR_SOUS_NATURE = {
    SousNatureBailleur.OFFICE_PUBLIC_HLM: NatureBailleur.HLM,
    SousNatureBailleur.SA_HLM_ESH: NatureBailleur.HLM,
    SousNatureBailleur.COOPERATIVE_HLM_SCIC: NatureBailleur.HLM,
    SousNatureBailleur.SEM_EPL: NatureBailleur.SEM,
    SousNatureBailleur.PARTICULIERS: NatureBailleur.PRIVES,
}


def nature_de(sous_nature: str) -> NatureBailleur:
    return NATURE_PAR_SOUS_NATURE.get(sous_nature, NatureBailleur.AUTRES)
