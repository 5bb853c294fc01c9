"""The parts of the document context that depend on the kind: foyer/résidence data, avenant data, seconde vie,
fiche CAF title. Fields that other work adds (foyers and résidences, seconde vie, convention-level signatory)
are read with getattr and default to empty, so a model renders before they exist (docs/documents.md lists them).
"""

from decimal import Decimal

from conventions.documents.modeles import NATURES_FOYER, parents_seconde_vie

ZERO = Decimal("0")

# Foyer attribution: (field, label) per family (reference §13.2).
AGEES = [
    ("attribution_agees_autonomie", "Résidence autonomie"),
    ("attribution_agees_ephad", "Établissement hébergeant des personnes âgées dépendantes (EHPAD)"),
    ("attribution_agees_desorientees", "Unité pour personnes désorientées"),
    ("attribution_agees_petite_unite", "Petite unité de vie (moins de 25 places autorisées)"),
]
HANDICAPES = [
    ("attribution_handicapes_foyer", "Foyer"),
    ("attribution_handicapes_foyer_de_vie", "Foyer de vie ou occupationnel"),
    ("attribution_handicapes_foyer_medicalise", "Foyer d'accueil médicalisé"),
]
RESIDENCE_TYPES = [
    ("attribution_residence_sociale_ordinaire", "Résidence sociale ordinaire"),
    ("attribution_pension_de_famille", "Pension de famille"),
    ("attribution_residence_accueil", "Résidence accueil"),
]
INCLUSIF = ["conditions_specifiques", "conditions_admission", "modalites_attribution", "partenariats", "activites"]
FAMILLES = {
    "agees": "Personnes âgées seules ou en ménage",
    "handicapes": "Personnes handicapées seules ou en ménage",
    "inclusif": "Habitat inclusif",
}


def _g(obj, name, default=""):
    """The field's value, `default` when it is empty (None). Strict on the name: a misspelt field fails loudly
    instead of printing a blank (the gestionnaire's signature block was once read from a field that does not
    exist)."""
    value = getattr(obj, name)
    return default if value is None else value


def _cochees(convention, champs, autre_prefixe: str = "") -> list[str]:
    libelles = [label for champ, label in champs if _g(convention, champ, False)]
    if autre_prefixe and _g(convention, f"{autre_prefixe}_autre", False):
        libelles.append(_g(convention, f"{autre_prefixe}_autre_detail") or "Autre")
    return libelles


def attribution(convention) -> dict:
    agees = _cochees(convention, AGEES, "attribution_agees")
    handicapes = _cochees(convention, HANDICAPES, "attribution_handicapes")
    famille = "agees" if agees else "handicapes" if handicapes else ""
    inclusif = {cle: _g(convention, f"attribution_inclusif_{cle}") for cle in INCLUSIF}
    if not famille and any(inclusif.values()):
        famille = "inclusif"
    residence_types = _cochees(convention, RESIDENCE_TYPES)
    etablissements = agees or handicapes
    return {
        "famille": FAMILLES.get(famille, ""),
        "etablissements": etablissements,
        "inclusif": inclusif if famille == "inclusif" else {},
        "residence_types": residence_types,
        "detail": " ; ".join(etablissements or residence_types),
        "reservation_prefectorale": getattr(convention, "attribution_reservation_prefectorale", None),
        "modalites_reservations": _g(convention, "attribution_modalites_reservations"),
        "modalites_choix_personnes": _g(convention, "attribution_modalites_choix_personnes"),
        "prestations_integrees": _g(convention, "attribution_prestations_integrees"),
        "prestations_facultatives": _g(convention, "attribution_prestations_facultatives"),
    }


def gestionnaire(convention) -> dict:
    cles = ["nom", "signataire_nom", "signataire_fonction", "signataire_date_deliberation", "bloc_signature"]
    champs = {"nom": "gestionnaire", "bloc_signature": "gestionnaire_signataire_bloc_signature"}
    data = {cle: _g(convention, champs.get(cle, f"gestionnaire_{cle}")) for cle in cles}
    data["bloc_info_complementaire"] = _g(convention, "gestionnaire_bloc_info_complementaire")
    data["signataire_date_deliberation"] = data["signataire_date_deliberation"] or None
    if not data["bloc_signature"]:
        data["bloc_signature"] = ", ".join(v for v in (data["signataire_nom"], data["signataire_fonction"]) if v)
    return data


def variantes(convention) -> dict:
    return {
        "variante_1": _g(convention, "foyer_residence_variante_1", False),
        "variante_2": _g(convention, "foyer_residence_variante_2", False),
        "variante_3": _g(convention, "foyer_residence_variante_3", False),
        "variante_2_travaux": _g(convention, "foyer_residence_variante_2_travaux"),
        "nb_tranches": getattr(convention, "foyer_residence_variante_2_nb_tranches", None),
        "nb_annees": getattr(convention, "foyer_residence_variante_2_nb_annees", None),
    }


def locaux_collectifs(lot) -> list[dict]:
    related = getattr(lot, "locaux_collectifs", None)
    if related is None or not hasattr(related, "all"):
        return []
    return [
        {"type_local": row.type_local, "surface_habitable": row.surface_habitable, "nombre": row.nombre}
        for row in related.all()
    ]


def foyer_residence(convention, lot, programme, logements: list[dict], sh_totale) -> dict:
    # Only the documents of foyers and résidences print the locaux collectifs (textes/foyers.py).
    collectifs = locaux_collectifs(lot) if programme.is_foyer_ou_residence else []
    lc_sh = sum(((row["surface_habitable"] or ZERO) * (row["nombre"] or 0) for row in collectifs), ZERO)
    redevances: dict[str, dict] = {}
    for ligne in logements:
        redevances.setdefault(ligne["typologie_libelle"], {"libelle": ligne["typologie_libelle"], "redevance": None})
        actuelle = redevances[ligne["typologie_libelle"]]["redevance"]
        if ligne["loyer"] is not None and (actuelle is None or ligne["loyer"] > actuelle):
            redevances[ligne["typologie_libelle"]]["redevance"] = ligne["loyer"]
    return {
        "foyer": programme.nature_logement in NATURES_FOYER,
        "gestionnaire": gestionnaire(convention),
        "attribution": attribution(convention),
        "variantes": variantes(convention),
        "locaux_collectifs": collectifs,
        "lc_sh_totale": lc_sh,
        "res_sh_totale": lc_sh + sh_totale,
        "nombre_garage": getattr(lot, "foyer_residence_nb_garage_parking", None),
        "foyer_residence_dependance": _g(lot, "foyer_residence_dependance"),
        "foyer_residence_locaux_hors_convention": _g(lot, "foyer_residence_locaux_hors_convention"),
        "surface_habitable_totale": getattr(lot, "surface_habitable_totale", None),
        "historique_financement_public": convention.historique_financement_public,
        "redevances_par_type": list(redevances.values()),
        "agrement_intermediation": {
            "date": getattr(programme, "date_agrement_gestionnaire_intermediation", None),
            "departement": _g(programme, "departement_agrement_gestionnaire_intermediation"),
            "ville": _g(programme, "ville_signature_agrement_gestionnaire_intermediation"),
        },
    }


def avenant(convention, bailleur_dict) -> dict:
    """`avenant_type_<nom>` for every type (ticked or not), the parent's reference, the previous version's
    bailleur (the party that signs) and the new owner (sale case)."""
    from conventions.avenant_types import TYPES_AVENANT

    noms = convention.type_noms() if convention.is_avenant else set()
    data = {f"avenant_type_{t.nom}": t.nom in noms for t in TYPES_AVENANT}
    data["champ_libre_avenant"] = convention.champ_libre_avenant
    if not convention.is_avenant:
        data.update(avenant_intitule="", parent_numero="", new_bailleur={}, new_signataire={})
        return data
    parent = convention.parent
    numero = f"Avenant n° {convention.numero_avenant}" if convention.numero_avenant else "Avenant"
    data["parent_numero"] = parent.numero or ""
    data["avenant_intitule"] = f"{numero} à la convention n° {parent.numero or '………'}"
    data["new_bailleur"] = bailleur_dict
    data["new_signataire"] = {
        "nom": bailleur_dict["signataire_nom"],
        "fonction": bailleur_dict["signataire_fonction"],
        "date_deliberation": bailleur_dict["signataire_date_deliberation"],
    }
    return data


def version_precedente(convention):
    """The version an avenant amends: the parent's last signed version other than this avenant."""
    from conventions.services.avenants import signed_versions

    versions = [v for v in signed_versions(convention.parent) if v.pk != convention.pk]
    return versions[-1]


def seconde_vie(convention) -> dict:
    parents = parents_seconde_vie(convention)
    return {"parents_2nd_vie_numeros": ", ".join(p.numero or "………" for p in parents)}


def fiche_caf_intitule(convention) -> tuple[str, str]:
    """The title line of the fiche CAF and, for a dénonciation or résiliation, the sentence giving its date."""
    from conventions.documents.filtres import date_longue

    if not convention.is_avenant:
        return (f"Convention n° {convention.numero}" if convention.numero else "Convention (non numérotée)"), ""
    parent = convention.parent.numero or "………"
    if convention.is_resiliation:
        date = date_longue(convention.date_resiliation) or "………"
        return (
            f"Résiliation de la convention n° {parent}",
            f"La convention et ses avenants sont résiliés à partir du {date}.",
        )
    if convention.is_denonciation:
        date = date_longue(convention.date_denonciation) or "………"
        return (
            f"Dénonciation de la convention n° {parent}",
            f"La convention et ses avenants sont dénoncés à partir du {date}.",
        )
    return f"Avenant n° {convention.numero_avenant or '………'} à la convention n° {parent}", ""
