"""Example payloads of the documentation (fictitious data)."""

BAILLEUR = {
    "uuid": "0b6f5e1a-3c2d-4e8f-9a7b-1c2d3e4f5a6b",
    "nom": "Habitat Démo Méditerranée",
    "siret": "78200000000016",
    "siren": "782000000",
    "sous_nature": "OFFICE_PUBLIC_HLM",
    "nature": "HLM",
    "capital_social": None,
    "adresse": "12 boulevard des Dames",
    "code_postal": "13002",
    "ville": "Marseille",
    "signataire_nom": "Claire Fontaine",
    "signataire_fonction": "Directrice générale",
    "signataire_date_deliberation": "2024-03-12",
    "cree_le": "2026-01-05T09:30:00+01:00",
    "mis_a_jour_le": "2026-02-10T14:02:11+01:00",
}
ADMINISTRATION = {
    "uuid": "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
    "nom": "DDTM des Bouches-du-Rhône",
    "code": "DD013",
    "adresse": "16 rue Antoine Zattara",
    "code_postal": "13003",
    "ville": "Marseille",
    "ville_signature": "Marseille",
    "nb_convention_exemplaires": 3,
    "cree_le": "2026-01-05T09:30:00+01:00",
    "mis_a_jour_le": "2026-01-05T09:30:00+01:00",
}
BAILLEUR_REF = {"uuid": BAILLEUR["uuid"], "nom": BAILLEUR["nom"], "siret": BAILLEUR["siret"]}
ADMINISTRATION_REF = {"uuid": ADMINISTRATION["uuid"], "nom": ADMINISTRATION["nom"], "code": ADMINISTRATION["code"]}
PROGRAMME_REF = {
    "uuid": "3f1c2b7e-8a4d-4c1e-9b0a-2d6e5f7a8b9c",
    "nom": "Résidence des Tilleuls",
    "numero_operation": "2026DD01300042",
    "code_postal": "13001",
    "ville": "Marseille",
}
PROGRAMME = {
    **PROGRAMME_REF,
    "bailleur": BAILLEUR_REF,
    "administration": ADMINISTRATION_REF,
    "adresse": "12 avenue des Tilleuls",
    "code_insee_commune": "13201",
    "code_insee_departement": "13",
    "code_insee_region": "93",
    "annee_gestion_programmation": 2026,
    "zone_123": "2",
    "zone_abc": "B1",
    "surface_utile_totale": "812.40",
    "type_operation": "NEUF",
    "nature_logement": "LOGEMENTSORDINAIRES",
    "anru": False,
    "nb_locaux_commerciaux": None,
    "nb_bureaux": None,
    "permis_construire": "PC 013 201 25 00042",
    "date_acte_notarie": None,
    "date_achevement_previsible": "2027-09-30",
    "date_achat": None,
    "date_achevement": None,
    "cree_le": "2026-01-05T09:30:00+01:00",
    "mis_a_jour_le": "2026-02-10T14:02:11+01:00",
}
LOT = {
    "uuid": "7e6d5c4b-3a29-4181-9f0e-d1c2b3a49586",
    "programme": PROGRAMME_REF,
    "financement": "PLUS",
    "nb_logements": 12,
    "type_habitat": "COLLECTIF",
    "lgts_mixite_sociale_negocies": 0,
    "loyer_derogatoire": None,
    "cree_le": "2026-01-05T09:30:00+01:00",
    "mis_a_jour_le": "2026-02-10T14:02:11+01:00",
}
LOGEMENT = {
    "uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    "designation": "A101",
    "typologie": "T3",
    "surface_habitable": "62.30",
    "surface_annexes": "8.00",
    "surface_annexes_retenue": "4.00",
    "surface_utile": "66.30",
    "loyer_par_metre_carre": "6.50",
    "coefficient": "1.0000",
    "loyer": "430.95",
    "annexes": [],
}
PRET = {
    "uuid": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
    "preteur": "CDCL",
    "autre": "",
    "date_octroi": "2026-03-01",
    "numero": "PRET-00042",
    "duree": 40,
    "montant": "1500000.00",
}
PRET_ECRITURE = {k: v for k, v in PRET.items() if k != "uuid"}
LOGEMENT_ECRITURE = {k: v for k, v in LOGEMENT.items() if k != "annexes"}
LOGEMENTS_ECRITURE = {
    "nb_logements": 2,
    "logements": [
        LOGEMENT_ECRITURE,
        {**{k: v for k, v in LOGEMENT_ECRITURE.items() if k != "uuid"}, "designation": "A102"},
    ],
}
CONVENTION_LISTE = {
    "uuid": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
    "numero": None,
    "statut": "instruction",
    "statut_libelle": "En instruction",
    "programme": PROGRAMME_REF,
    "bailleur": BAILLEUR_REF,
    "administration": ADMINISTRATION_REF,
    "lot": LOT["uuid"],
    "financement": "PLUS",
    "nb_logements": 12,
    "date_fin_conventionnement": "2066-06-30",
    "fond_propre": "150000.00",
    "type1and2": "",
    "premiere_soumission_le": "2026-02-10T14:02:11+01:00",
    "soumis_le": "2026-02-10T14:02:11+01:00",
    "valide_le": None,
    "date_signature": None,
    "date_publication": None,
    "cree_le": "2026-01-05T09:30:00+01:00",
    "mis_a_jour_le": "2026-02-10T14:02:11+01:00",
}
CONVENTION = {
    **CONVENTION_LISTE,
    "commentaires": "",
    "logements": [LOGEMENT],
    "type_stationnements": [],
    "prets": [PRET],
    "actions_possibles": ["demander_corrections", "valider", "annuler"],
}
