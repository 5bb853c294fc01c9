"""Payloads of the documented shapes (reference §16.1.3, §16.3.3, §16.3.4), served by the mock client and by
the fake SIAP server of the tests."""

import copy

MOCK_LOGIN = "my.name@beta.gouv.fr"

CONFIG = {
    "racineUrlAccesWeb": "https://minlog-siap.recette.example.gouv.fr",
    "urlAccesWeb": "/tableau-bord",
    "urlAccesWebOperation": "/operation/mes-operations/editer/<NUM_OPE_SIAP>/informations-generales",
    "urlAccesWebGestionHabilitation": "/habilitations",
    "version": "0.4",
}

UTILISATEUR = {"nom": "Name", "prenom": "My", "email": MOCK_LOGIN}

GESTIONNAIRE_13055 = {
    "id": 103,
    "code": "13055",
    "libelle": "13055 - Métropole d'Aix-Marseille-Provence",
    "typeDelegation": "T3",
    "typeDelegataire": "EPCI",
    "typeLocalisation": "EPCI",
}
GESTIONNAIRE_VIDE = {
    "id": None,
    "code": None,
    "libelle": None,
    "typeDelegation": None,
    "typeDelegataire": None,
    "typeLocalisation": None,
}


def _portee(code, region=None, departement=None):
    return {
        "codePortee": code,
        "regComp": {"id": 1, "libelle": "Provence-Alpes-Côte d'Azur", "code": region} if region else None,
        "depComp": {"id": 13, "libelle": "Bouches-du-Rhône", "code": departement} if departement else None,
        "epciComp": None,
        "comComp": None,
        "libellee": None,
        "territoireIntervention": None,
    }


def _groupe(id_, profil, libelle_profil, code_role, portee):
    return {
        "id": id_,
        "profil": {"code": profil, "libelle": libelle_profil},
        "codeRole": code_role,
        "libelleRole": code_role.replace("_", " ").title(),
        "codePorteeTerrit": portee,
        "isSignataire": False,
        "typeDelegation": None,
    }


HABILITATIONS = {
    "habilitations": [
        {
            "id": 5,
            "statut": "VALIDEE",
            "groupe": _groupe(5, "MO_PERS_MORALE", "Maître d'ouvrage personne morale", "MO_MORAL_REG_ADMIN", "REG"),
            "gestionnaire": GESTIONNAIRE_VIDE,
            "entiteMorale": {
                "nom": "13 HABITAT",
                "siren": "782855696",
                "commune": {"id": 13204, "libelle": "Marseille 4e Arrondissement"},
                "adresseLigne3": None,
                "adresseLigne4": "80 RUE ALBE",
                "adresseLigne6": "13004 MARSEILLE 4",
            },
            "porteeTerritComp": _portee("REG", region=93),
            "utilisateur": UTILISATEUR,
            "dateDemande": "2022-03-01",
            "dateExpiration": None,
            "favori": True,
            "titre": "Maître d'ouvrage",
            "sousTitre1": "13 HABITAT",
            "sousTitre2": None,
        },
        {
            "id": 3,
            "statut": "VALIDEE",
            "groupe": _groupe(3, "ADM_CENTRALE", "Administration centrale", "ADM_CENTRALE_ADMIN", "NAT"),
            "gestionnaire": GESTIONNAIRE_VIDE,
            "entiteMorale": None,
            "porteeTerritComp": _portee("NAT"),
            "utilisateur": UTILISATEUR,
            "dateDemande": "2022-03-01",
            "dateExpiration": None,
            "favori": False,
            "titre": "Administration centrale",
            "sousTitre1": None,
            "sousTitre2": None,
        },
        {
            "id": 12,
            "statut": "VALIDEE",
            "groupe": _groupe(
                12,
                "SER_GEST",
                "Service de gestion – délégataire des aides à la pierre",
                "SERV_INSTR_DELGEG3_INSTRUCTEUR",
                "EPCI",
            ),
            "gestionnaire": GESTIONNAIRE_13055,
            "entiteMorale": None,
            "porteeTerritComp": {**_portee("EPCI"), "epciComp": {"id": 200054807, "libelle": "Aix-Marseille"}},
            "utilisateur": UTILISATEUR,
            "dateDemande": "2022-03-01",
            "dateExpiration": None,
            "favori": False,
            "titre": "Service instructeur",
            "sousTitre1": GESTIONNAIRE_13055["libelle"],
            "sousTitre2": None,
        },
        {
            "id": 38,
            "statut": "A_VALIDER",
            "groupe": _groupe(38, "DIR_REG", "Service régional", "DIR_REG_ADMIN", "REG"),
            "gestionnaire": GESTIONNAIRE_VIDE,
            "entiteMorale": None,
            "porteeTerritComp": _portee("REG", region=93),
            "utilisateur": UTILISATEUR,
            "dateDemande": "2022-06-01",
            "dateExpiration": None,
            "favori": False,
            "titre": "Service régional",
            "sousTitre1": None,
            "sousTitre2": None,
        },
    ]
}

MENU = {
    "menuItems": [
        {"libelle": "Tableau de bord", "active": False, "url": "/tableau-bord", "menuItems": []},
        {
            "libelle": "Opérations",
            "active": True,
            "url": None,
            "menuItems": [
                {"libelle": "Mes opérations", "active": False, "url": "/operation/mes-operations", "menuItems": []},
                {
                    "libelle": "Conventionnement",
                    "active": True,
                    "url": None,
                    "menuItems": [{"libelle": "Conventions", "active": True, "url": "/conventions", "menuItems": []}],
                },
            ],
        },
    ]
}


def _details(aide, individuels, collectifs):
    return {
        "aide": {"code": aide, "libelle": aide},
        "logement": {"nbLogementsIndividuels": individuels, "nbLogementsCollectifs": collectifs},
        "detailsTypeLogement": [{"typeLogement": "T2", "nbLogements": collectifs, "surfaceHabitable": None}],
        "garages": [],
        "loyers": [],
    }


OPERATIONS = {
    "20220600006": {
        "donneesOperation": {
            "numeroOperation": "20220600006",
            "nomOperation": "Programme 2",
            "aides": [{"code": "PLUS", "libelle": "PLUS"}],
            "sousNatureOperation": "CNE",
            "typeConstruction": "TC_C",
            "natureLogement": "LOO",
            "typologie": None,
            "sansTravaux": False,
            "statutOperation": "AGREEE",
        },
        "donneesLocalisation": {
            "adresse": "Rue Francois Mauriac 13010 Marseille",
            "adresseComplete": {
                "adresse": "Rue Francois Mauriac ",
                "codePostal": "13010",
                "commune": "Marseille",
                "codeInseeCommune": "13210",
                "codePostalCommune": "13010",
            },
            "commune": {"codeInsee": "13210", "libelle": "Marseille 10e Arrondissement"},
            "departement": {"codeInsee": "13", "libelle": "Bouches-du-Rhône"},
            "region": {"codeInsee": "93", "libelle": "Provence-Alpes-Côte d'Azur"},
            "zonage123": "02",
            "zonageABC": "A",
        },
        "donneesMo": {
            "siren": "782855696",
            "nom": "3F",
            "codeFamilleMO": "HLM",
            "adresseLigne3": None,
            "adresseLigne4": "80 RUE ALBE",
            "adresseLigne6": "13004 MARSEILLE 4",
            "commune": {"id": 13204, "libelle": "Marseille"},
            "email": None,
        },
        "gestionnaire": {**GESTIONNAIRE_13055, "adresse": None, "commune": None, "email": None, "utilisateurs": []},
        "gestionnaireSecondaire": None,
        "detailsOperation": [_details("PLUS", None, 1)],
        "planFinancement": {"codeAide": "PLUS", "fondsPropres": None, "prets": [], "subventions": []},
    },
    "20221200002": {
        "donneesOperation": {
            "numeroOperation": "20221200002",
            "nomOperation": "Résidence des Calanques",
            "aides": [{"code": "PLUS", "libelle": "PLUS"}, {"code": "PLAI", "libelle": "PLAI"}],
            "sousNatureOperation": "AAM",
            "typeConstruction": "TC_I",
            "natureLogement": "LOO",
            "typologie": None,
            "sansTravaux": False,
            "statutOperation": "AGREEE",
        },
        "donneesLocalisation": {
            "adresse": "12 chemin des Calanques 13009 Marseille",
            "adresseComplete": None,
            "commune": {"codeInsee": "13209", "libelle": "Marseille 9e Arrondissement"},
            "departement": {"codeInsee": "13", "libelle": "Bouches-du-Rhône"},
            "region": {"codeInsee": "93", "libelle": "Provence-Alpes-Côte d'Azur"},
            "zonage123": "02",
            "zonageABC": "B1",
        },
        "donneesMo": {
            "siren": "782855696",
            "nom": "3F",
            "codeFamilleMO": "HLM",
            "adresseLigne4": "80 RUE ALBE",
            "adresseLigne6": "13004 MARSEILLE 4",
        },
        "gestionnaire": {**GESTIONNAIRE_13055, "utilisateurs": []},
        "detailsOperation": [_details("PLUS", 2, 10), _details("PLAI", None, 4)],
        "plansFinancement": [
            {
                "codeAide": "PLUS",
                "fondsPropres": 150000,
                "prets": [{"type": "CDC", "montant": 900000}],
                "subventions": [],
            },
            {
                "codeAide": "PLAI",
                "fondsPropres": 20000,
                "prets": [],
                "subventions": [{"type": "PLAI", "montant": 40000}],
            },
        ],
    },
}

FUSIONS = [{"sirenAbsorbe": "271200024", "sirenAbsorbant": "426580114", "dateFinValidite": "2023-01-01"}]


def config() -> dict:
    return copy.deepcopy(CONFIG)


def habilitations() -> dict:
    return copy.deepcopy(HABILITATIONS)


def menu() -> dict:
    return copy.deepcopy(MENU)


def operation(numero: str) -> dict | None:
    return copy.deepcopy(OPERATIONS.get(numero))


def fusions(siren: str) -> list:
    return [f for f in copy.deepcopy(FUSIONS) if siren in (f["sirenAbsorbant"], f["sirenAbsorbe"])]
