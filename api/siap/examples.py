"""Examples of the SIAP contract's payloads, for the OpenAPI documentation (reference §16.2)."""

CONFIG = {
    "racine_url_acces_web": "https://apilos.beta.gouv.fr",
    "url_acces_api_cloture_operation": "/api-siap/v0/close_operation/{NUMERO_OPERATION_SIAP}/",
    "url_acces_api_annulation_operation": "/api-siap/v0/cancel_operation/{NUMERO_OPERATION_SIAP}/",
    "url_acces_api_conventions_operation": "/api-siap/v0/operation/{NUMERO_OPERATION_SIAP}",
    "url_acces_api_kpi": "/api-siap/v0/convention_kpi/",
    "url_acces_web_operation": "/operations/{NUMERO_OPERATION_SIAP}",
    "url_acces_web_recherche": "/conventions",
    "version": "0.0",
}

KPI = [
    {
        "indicateur_redirection_url": "/conventions/recherche?cstatut=2. Instruction requise",
        "indicateur_valeur": 2,
        "indicateur_label": "en instruction",
    },
    {
        "indicateur_redirection_url": "/conventions/recherche?cstatut=3. Corrections requises",
        "indicateur_valeur": 1,
        "indicateur_label": "en correction",
    },
    {
        "indicateur_redirection_url": "/conventions/recherche?cstatut=4. A signer",
        "indicateur_valeur": 5,
        "indicateur_label": "à signer",
    },
]

_VERSION = {
    "nom": "Programme 2",
    "code_postal": "13010",
    "ville": "Marseille",
    "adresse": "Rue Francois Mauriac",
    "numero_operation": "20220600006",
    "zone_123": "2",
    "zone_abc": "A",
    "type_operation": "NEUF",
    "anru": False,
    "date_achevement_previsible": None,
    "date_achat": None,
    "date_achevement": None,
}

OPERATION = {
    "nom": "Programme 2",
    "bailleur": {
        "nom": "3F",
        "siren": "782855696",
        "siret": "782855696",
        "adresse": "80 RUE ALBE",
        "code_postal": "13004",
        "ville": "MARSEILLE 4",
        "capital_social": None,
        "sous_nature_bailleur": "OFFICE_PUBLIC_HLM",
    },
    "administration": {"nom": "13055 - Métropole d'Aix-Marseille-Provence", "code": "13055", "ville_signature": None},
    "conventions": [
        {
            "date_fin_conventionnement": None,
            "fond_propre": None,
            "lots": [
                {
                    "nb_logements": 1,
                    "financement": "PLUS",
                    "type_habitat": "COLLECTIF",
                    "prets": [],
                    "logements": [],
                    "type_stationnements": [],
                }
            ],
            "operation_version": _VERSION,
            "numero": None,
            "statut": "1. Projet",
        }
    ],
    **{k: v for k, v in _VERSION.items() if k != "nom"},
}

CANCEL_REFUSED = {
    "status": "ERROR",
    "message": "Au moins une des conventions de l'opération ne peut être supprimée car elle est active. Vous devez "
    "dénoncer ou résilier toutes les conventions de l'opération avant de demander sa suppression.",
}
