from django.db import models


class Financement(models.TextChoices):
    """Reference §1.5: the @OLD values plus PLUS_CD (@HEAD) which matters now."""

    PLUS = "PLUS", "PLUS"
    PLUS_CD = "PLUS_CD", "PLUS CD"
    PLAI = "PLAI", "PLAI"
    PLAI_ADP = "PLAI_ADP", "PLAI ADP"
    PLUS_PLAI = "PLUS-PLAI", "PLUS-PLAI"
    PLS = "PLS", "PLS"
    # An operation "sans travaux" imported from the SIAP: one convention without financing (reference §16.2.6).
    SANS_FINANCEMENT = "SANS_FINANCEMENT", "Sans financement"


class FinancementEDD(models.TextChoices):
    PLUS = "PLUS", "PLUS"
    PLUS_CD = "PLUS_CD", "PLUS CD"
    PLAI = "PLAI", "PLAI"
    PLAI_ADP = "PLAI_ADP", "PLAI ADP"
    PLS = "PLS", "PLS"


FINANCEMENTS_MIXITE = {Financement.PLUS, Financement.PLUS_CD}


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


class TypeHabitat(models.TextChoices):
    MIXTE = "MIXTE", "Mixte"
    INDIVIDUEL = "INDIVIDUEL", "Individuel"
    COLLECTIF = "COLLECTIF", "Collectif"


class TypologieLogement(models.TextChoices):
    """@OLD values (T5 = "T5 et plus"); T1bis… T6/T7 may come later (reference §1.6 @HEAD)."""

    T1 = "T1", "T1"
    T2 = "T2", "T2"
    T3 = "T3", "T3"
    T4 = "T4", "T4"
    T5 = "T5", "T5 et plus"


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
