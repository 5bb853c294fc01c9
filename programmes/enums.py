from django.db import models


class Financement(models.TextChoices):
    """The State's list of financements (reference §13.5); the values are the public service's codes."""

    PLUS = "PLUS", "PLUS"
    PLUS_CD = "PLUS_CD", "PLUS CD"
    PLAI = "PLAI", "PLAI"
    PLAI_ADP = "PLAI_ADP", "PLAI ADP"
    PLAI_FTM = "PLAI_FTM", "PLAI foyer de travailleurs migrants"
    PLAI_RE = "PLAI_RE", "PLAI réhabilitation"
    PLUS_PLAI = "PLUS-PLAI", "PLUS-PLAI"
    PLS = "PLS", "PLS"
    PALULOS = "PALULOS", "PALULOS"
    PALU_AV_21 = "PALU_AV_21", "PALULOS avant 2021"
    PALUCOM = "PALUCOM", "PALULOS communale"
    PALU_COM = "PALU_COM", "PALULOS communale (code SIAP)"
    PALU_RE = "PALU_RE", "PALULOS réhabilitation"
    # An operation "sans travaux" imported from the SIAP: one convention without financing (reference §16.2.6).
    SANS_FINANCEMENT = "SANS_FINANCEMENT", "Sans financement"
    # Outre-mer (reference §13.3).
    LLS = "LLS", "LLS (outre-mer)"
    LLTS = "LLTS", "LLTS (outre-mer)"
    LLTSA = "LLTSA", "LLTSA (outre-mer)"
    PLS_DOM = "PLS_DOM", "PLS outre-mer"
    SALLS_R = "SALLS_R", "SALLS réhabilitation"
    SALLS_P = "SALLS_P", "SALLS parasismique"
    # Seconde vie (reference §13.4).
    SECD_VIE = "SECD_VIE", "Seconde vie"
    RENO = "RENO", "Rénovation"


class FinancementEDD(models.TextChoices):
    PLUS = "PLUS", "PLUS"
    PLUS_CD = "PLUS_CD", "PLUS CD"
    PLAI = "PLAI", "PLAI"
    PLAI_ADP = "PLAI_ADP", "PLAI ADP"
    PLS = "PLS", "PLS"


FINANCEMENTS_MIXITE = {Financement.PLUS, Financement.PLUS_CD}
# Treated like a PLS (reference §1.5): the end year lies 15 to 40 years ahead and no CDC loan is required.
FINANCEMENTS_PLS = frozenset(
    {
        Financement.PLS,
        Financement.PLS_DOM,
        Financement.PALULOS,
        Financement.PALU_AV_21,
        Financement.PALUCOM,
        Financement.PALU_COM,
        Financement.PALU_RE,
    }
)
FINANCEMENTS_OUTRE_MER = frozenset(
    {
        Financement.LLS,
        Financement.LLTS,
        Financement.LLTSA,
        Financement.PLS_DOM,
        Financement.SALLS_R,
        Financement.SALLS_P,
    }
)


class Zone123(models.TextChoices):
    ZONE_1 = "1", "01"
    ZONE_2 = "2", "02"
    ZONE_3 = "3", "03"
    ZONE_1BIS = "1bis", "1bis"


class ZoneABC(models.TextChoices):
    A = "A", "A"
    ABIS = "Abis", "Abis"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C = "C", "C"
    DROM = "DROM", "DROM"


class TypeOperation(models.TextChoices):
    SANSOBJET = "SANSOBJET", "Sans objet"
    NEUF = "NEUF", "Construction neuve"
    VEFA = "VEFA", "Construction neuve > VEFA"
    ACQUIS = "ACQUIS", "Acquisition"
    ACQUISAMELIORATION = "ACQUISAMELIORATION", "Acquisition-Amélioration"
    REHABILITATION = "REHABILITATION", "Réhabilitation"
    ACQUISSANSTRAVAUX = "ACQUISSANSTRAVAUX", "Acquisition sans travaux"
    SANSTRAVAUX = "SANSTRAVAUX", "Sans aide financière (sans travaux)"
    USUFRUIT = "USUFRUIT", "Usufruit"


class NatureLogement(models.TextChoices):
    SANSOBJET = "SANSOBJET", "Sans objet"
    LOGEMENTSORDINAIRES = "LOGEMENTSORDINAIRES", "Logements ordinaires"
    AUTRE = "AUTRE", "Autres logements foyers"
    HEBERGEMENT = "HEBERGEMENT", "Hébergement"
    RESISDENCESOCIALE = "RESISDENCESOCIALE", "Résidence sociale"
    PENSIONSDEFAMILLE = "PENSIONSDEFAMILLE", "Pensions de famille (maisons relais)"
    RESIDENCEDACCUEIL = "RESIDENCEDACCUEIL", "Résidence d'accueil"
    RESIDENCEUNIVERSITAIRE = "RESIDENCEUNIVERSITAIRE", "Résidence universitaire"
    RHVS = "RHVS", "RHVS"


# The nature of the dwellings decides the kind of convention (reference §13.1).
NATURES_FOYER = frozenset({NatureLogement.AUTRE})
NATURES_RESIDENCE = frozenset(
    {
        NatureLogement.HEBERGEMENT,
        NatureLogement.RESISDENCESOCIALE,
        NatureLogement.PENSIONSDEFAMILLE,
        NatureLogement.RESIDENCEDACCUEIL,
    }
)

# The natures offered when creating a convention, labelled with the kind they lead to.
NATURES_CREATION = (
    (NatureLogement.LOGEMENTSORDINAIRES, "Logements ordinaires"),
    (NatureLogement.AUTRE, "Autres logements-foyers (convention de type foyer)"),
    (NatureLogement.HEBERGEMENT, "Hébergement (convention de type résidence)"),
    (NatureLogement.RESISDENCESOCIALE, "Résidence sociale (convention de type résidence)"),
    (NatureLogement.PENSIONSDEFAMILLE, "Pensions de famille, maisons relais (convention de type résidence)"),
    (NatureLogement.RESIDENCEDACCUEIL, "Résidence d'accueil (convention de type résidence)"),
    (NatureLogement.RESIDENCEUNIVERSITAIRE, "Résidence universitaire"),
)

# Overseas departments (DROM) whose operations may only be foyers or résidences (reference §13.3);
# Saint-Pierre-et-Miquelon (975) is not one of them.
DEPARTEMENTS_OUTRE_MER = frozenset({"971", "972", "973", "974", "976"})


class TypeHabitat(models.TextChoices):
    MIXTE = "MIXTE", "Mixte"
    INDIVIDUEL = "INDIVIDUEL", "Individuel"
    COLLECTIF = "COLLECTIF", "Collectif"


class TypologieLogement(models.TextChoices):
    """Every stored typology (reference §13.6). T5, T6 and T7 are distinct: a "T6 et plus" is a T6."""

    T1 = "T1", "T1"
    T1BIS = "T1bis", "T1 bis"
    T1PRIME = "T1prime", "T1'"
    T2 = "T2", "T2"
    T3 = "T3", "T3"
    T4 = "T4", "T4"
    T5 = "T5", "T5"
    T6 = "T6", "T6"
    T7 = "T7", "T7"


# Ordinary housing offers T1 to T6, the last one labelled "T6 et plus"; foyers and résidences offer T1 to T7.
TYPOLOGIES_ORDINAIRES = tuple(
    (value, "T6 et plus" if value == TypologieLogement.T6 else label)
    for value, label in TypologieLogement.choices
    if value != TypologieLogement.T7
)
TYPOLOGIES_FOYER_RESIDENCE = tuple(TypologieLogement.choices)


class TableauLogement(models.TextChoices):
    """The four dwelling tables of ordinary housing (reference §13.7). A dwelling belongs to one by which of its
    fields are empty (`Logement.objects.du_tableau`, `conventions.rules.tableaux.tableau_of`): surface utile or
    surface corrigée (`surface_corrigee` empty or not), with or without rent (`loyer` set or empty)."""

    SU = "su", "Surface utile avec loyers"
    SU_SANS_LOYER = "su_sans_loyer", "Surface utile sans loyers"
    CORRIGEE = "corrigee", "Surface corrigée avec loyers"
    CORRIGEE_SANS_LOYER = "corrigee_sans_loyer", "Surface corrigée sans loyers"


def tableau_du_logement(*, surface_corrigee, loyer) -> str:
    """The table a dwelling is in, by its empty fields (reference §13.7)."""
    corrigee = surface_corrigee not in (None, "")
    avec_loyer = loyer not in (None, "")
    if corrigee:
        return TableauLogement.CORRIGEE if avec_loyer else TableauLogement.CORRIGEE_SANS_LOYER
    return TableauLogement.SU if avec_loyer else TableauLogement.SU_SANS_LOYER


# The fields of a row of each table, in the order of its columns (the other fields of the dwelling stay empty).
COLONNES_TABLEAU: dict[str, tuple[str, ...]] = {
    TableauLogement.SU: (
        "designation",
        "typologie",
        "surface_habitable",
        "surface_annexes",
        "surface_annexes_retenue",
        "surface_utile",
        "loyer_par_metre_carre",
        "coefficient",
        "loyer",
    ),
    TableauLogement.SU_SANS_LOYER: (
        "designation",
        "typologie",
        "surface_habitable",
        "surface_annexes",
        "surface_annexes_retenue",
        "surface_utile",
    ),
    TableauLogement.CORRIGEE: (
        "designation",
        "typologie",
        "surface_habitable",
        "surface_corrigee",
        "loyer_par_metre_carre",
        "coefficient",
        "loyer",
    ),
    TableauLogement.CORRIGEE_SANS_LOYER: ("designation", "typologie", "surface_habitable", "surface_corrigee"),
}
# Every field one of the four tables writes.
COLONNES_LOGEMENT = tuple(dict.fromkeys(name for colonnes in COLONNES_TABLEAU.values() for name in colonnes))


class TypologieAnnexe(models.TextChoices):
    TERRASSE = "TERRASSE", "Terrasse"
    JARDIN = "JARDIN", "Jardin"
    COUR = "COUR", "Cour"
    CAVE = "CAVE", "Cave"


class TypologieStationnement(models.TextChoices):
    GARAGE_AERIEN = "GARAGE_AERIEN", "Garage aérien"
    GARAGE_ENTERRE = "GARAGE_ENTERRE", "Garage enterré"
    PLACE_STATIONNEMENT = "PLACE_STATIONNEMENT", "Place de stationnement"
    PARKING_EXTERIEUR_PRIVATIF = "PARKING_EXTERIEUR_PRIVATIF", "Parking extérieur privatif"
    PARKING_SOUSSOL = "PARKING_SOUSSOL", "Parking en sous-sol ou en superstructure"
    GARAGE_BOXE_SIMPLE = "GARAGE_BOXE_SIMPLE", "Garage boxé simple"
    GARAGE_BOXE_DOUBLE = "GARAGE_BOXE_DOUBLE", "Garage boxé double"
    EXTERIEUR_BOXE = "EXTERIEUR_BOXE", "Extérieur boxé"
    SOUSSOL_BOXE = "SOUSSOL_BOXE", "En sous-sol boxé"
    CARPORT = "CARPORT", "Carport"
    DEUX_ROUES_EXTERIEUR = "DEUX_ROUES_EXTERIEUR", "2 roues en extérieur"
    DEUX_ROUES_SOUSSOL = "DEUX_ROUES_SOUSSOL", "2 roues en sous-sol"
    DOUBLE_SOUSSOL = "DOUBLE_SOUSSOL", "Parking double en sous-sol"
    DOUBLE_SUPERSTRUCTURE = "DOUBLE_SUPERSTRUCTURE", "Parking double en superstructure"
    INDIVIDUEL_JUMELES_PAR_2 = "INDIVIDUEL_JUMELES_PAR_2", "Garages individuels jumelés par blocs de 2"
    PLACE_PARKING_ACCOLEE = "PLACE_PARKING_ACCOLEE", "Place de parking accolée à chaque garage"
    PARKING_SUPERSTRUCTURE = "PARKING_SUPERSTRUCTURE", "Parking en superstructure"
