"""The source tables whose rows hang from one parent already imported (a lot, an operation, a convention…),
declared once each: which table, which model, which parent, and how a row's values are built. The opening every
one of them shares — the row's key, its parent looked up (the row reported when the parent is missing), the
source's uuid and timestamps — is written once, in `Importer._table`.

A `valeurs(importer, r, cle)` function returns our values for the row, or None after reporting why the row is
left out (`importer.rapport`)."""

from collections.abc import Callable
from dataclasses import dataclass

from conventions.enums import TypeEvenement
from conventions.models import Comment, ConventionHistory, Pret
from programmes.models import Annexe, LocauxCollectifs, Logement, LogementEDD, ReferenceCadastrale, TypeStationnement
from reprise import valeurs as v


@dataclass(frozen=True)
class Parent:
    ids: str  # the importer's id map (source id → our id) to look the parent up in
    colonne: str  # the source column pointing at it
    attname: str  # our column
    absent: str  # why the row is left out when the parent was not imported


@dataclass(frozen=True)
class Table:
    nom: str  # source table
    model: type
    parent: Parent
    valeurs: Callable
    horodatage: bool = True  # copy the source's uuid, cree_le and mis_a_jour_le
    lignes: str = ""  # the Source method that reads the rows, when not the plain table (vintage differences)


LOT = Parent("programmes_lot", "lot_id", "lot_id", "lot absent ou écarté")
OPERATION = Parent("programmes_programme", "programme_id", "programme_id", "opération absente ou écartée")
CONVENTION = Parent("conv", "convention_id", "convention_id", "convention absente ou écartée")


def montants(importer, table, cle, r, names):
    """The amounts `names` ((column, max digits)), or None (reported) when one is missing or out of bounds."""
    out = {}
    for name, digits in names:
        value, ok = v.decimal(r.get(name), max_digits=digits, places=2)
        if not ok or value is None or value < 0:
            importer.rapport.ecarte(table, cle, f"{name} absent ou hors limites « {r.get(name)} »")
            return None
        out[name] = value
    return out


LOGEMENT_DECIMAUX = (
    ("surface_habitable", "surface_habitable", 10, 2),
    ("surface_annexes", "surface_annexes", 10, 2),
    ("surface_annexes_retenue", "surface_annexes_retenue", 10, 2),
    ("surface_utile", "surface_utile", 10, 2),
    ("surface_corrigee", "surface_corrigee", 10, 2),
    ("loyer_par_metre_carre", "loyer_par_metre_carre", 10, 2),
    ("loyer", "loyer", 10, 2),
    ("coeficient", "coefficient", 6, 4),  # the source's spelling
)


def logement(importer, r, cle):
    table = "programmes_logement"
    typologie = v.texte(r.get("typologie"))
    if typologie not in v.codes(v.TypologieLogement):
        proche = v.TYPOLOGIES_PROCHES.get(typologie, "T1")
        importer.rapport.change(table, cle, f"typologie sans équivalent ici : « {typologie} » enregistrée « {proche} »")
        typologie = proche
    lot = importer.id["programmes_lot"][r["lot_id"]]
    designation = v.texte(r["designation"])[:240]
    if (lot, designation) in importer.designations:
        designation = f"{designation} ({r['id']})"
        importer.rapport.change(table, cle, "désignation en double dans le lot : suffixée par l'identifiant source")
    importer.designations.add((lot, designation))
    values = {
        "designation": designation,
        "typologie": typologie,
        "import_order": max(r.get("import_order") or 0, 0),
    }
    for source, name, digits, places in LOGEMENT_DECIMAUX:
        raw = r.get(source)
        value, ok = v.decimal(raw, max_digits=digits, places=places)
        if not ok or (value is not None and value < 0):
            importer.rapport.change(table, cle, f"{name} hors limites « {raw} » : vidé")
            value = None
        values[name] = value
    return values


def annexe(importer, r, cle):
    table = "programmes_annexe"
    typologie, ok = v.choix(r.get("typologie"), v.TypologieAnnexe, "")
    if not ok or not typologie:
        importer.rapport.ecarte(table, cle, f"type d'annexe inconnu « {r.get('typologie')} »")
        return None
    amounts = montants(
        importer, table, cle, r, (("surface_hors_surface_retenue", 10), ("loyer_par_metre_carre", 10), ("loyer", 10))
    )
    return None if amounts is None else {"typologie": typologie, **amounts}


def stationnement(importer, r, cle):
    table = "programmes_typestationnement"
    typologie, ok = v.choix(r.get("typologie"), v.TypologieStationnement, "")
    if not ok or not typologie:
        importer.rapport.ecarte(table, cle, f"type de stationnement inconnu « {r.get('typologie')} »")
        return None
    amounts = montants(importer, table, cle, r, (("loyer", 10),))
    if amounts is None:
        return None
    return {"typologie": typologie, "nb_stationnements": max(r.get("nb_stationnements") or 0, 0), **amounts}


def local_collectif(importer, r, cle):
    surface, ok = v.decimal(r.get("surface_habitable"), max_digits=10, places=2)
    nombre = r.get("nombre")
    if not ok or surface is None or surface < 0 or nombre is None or not 0 <= nombre <= 2**31 - 1:
        importer.rapport.ecarte(
            "programmes_locauxcollectifs",
            cle,
            f"surface « {r.get('surface_habitable')} » ou nombre « {nombre} » absent ou hors limites",
        )
        return None
    return {"type_local": v.texte(r.get("type_local"))[:255], "surface_habitable": surface, "nombre": nombre}


def edd(importer, r, cle):
    financement, ok = v.choix(r.get("financement"), v.FinancementEDD, "")
    if not ok or not financement:
        importer.rapport.ecarte(
            "programmes_logementedd",
            cle,
            f"financement d'EDD sans équivalent ici « {r.get('financement')} » (attend « kinds »)",
        )
        return None
    return {
        "financement": financement,
        "designation": v.texte(r.get("designation"))[:255],
        "numero_lot": v.texte(r.get("numero_lot"))[:255],
    }


def cadastre(importer, r, cle):
    return {name: v.texte(r.get(name))[:255] for name in ("section", "numero", "lieudit", "surface", "autre")}


def pret(importer, r, cle):
    table = "conventions_pret"
    preteur, ok = v.choix(r.get("preteur"), v.Preteur, "AUTRE")
    autre = v.texte(r.get("autre"))[:255]
    if not ok:
        importer.rapport.change(table, cle, f"prêteur inconnu « {r.get('preteur')} » : « Autre »")
        autre = autre or v.texte(r.get("preteur"))
    amounts = montants(importer, table, cle, r, (("montant", 14),))
    if amounts is None:
        return None
    duree = r.get("duree")
    if duree is not None and not 0 <= duree <= 32767:
        importer.rapport.change(table, cle, f"durée hors limites « {duree} » : vidée")
        duree = None
    return {
        "preteur": preteur,
        "autre": autre,
        "date_octroi": r.get("date_octroi"),
        "numero": v.texte(r.get("numero"))[:255],
        "duree": duree,
        **amounts,
    }


def commentaire(importer, r, cle):
    statut, ok = v.choix(r.get("statut"), v.CommentaireStatut, "OUVERT")
    if not ok:
        importer.rapport.change("comments_comment", cle, f"statut de commentaire inconnu « {r.get('statut')} »")
    return {
        "nom_objet": v.texte(r["nom_objet"])[:50],
        "champ_objet": v.texte(r["champ_objet"])[:100],
        "uuid_objet": r.get("uuid_objet"),
        "user_id": importer.id["users_user"].get(r.get("user_id")),
        "message": v.texte(r.get("message"))[:5000],
        "statut": statut,
        "resolu_le": r.get("resolu_le"),
        "clos_le": r.get("clos_le"),
    }


def historique(importer, r, cle):
    avant = v.STATUTS.get(v.texte(r.get("statut_convention_precedent")), "")
    apres = v.STATUTS.get(v.texte(r.get("statut_convention")), "")
    if not apres:
        importer.rapport.change(
            "conventions_conventionhistory", cle, f"statut inconnu « {r.get('statut_convention')} » : laissé vide"
        )
    description = f"Repris d'APiLos : {r.get('statut_convention_precedent') or '—'} → {r.get('statut_convention')}"
    return {
        "type_evenement": TypeEvenement.STATUT,
        "statut_precedent": avant,
        "statut": apres,
        "action": "reprise",
        "description": description[:500],
        "donnees": {"source": "conventionhistory"},
        "user_id": importer.id["users_user"].get(r.get("user_id")),
        "commentaire": v.texte(r.get("commentaire")),
        "cree_le": r["cree_le"],
    }


# Source event types of the follow-up journal (conventions_evenement), in our words.
EVENEMENTS = {
    "DEPOT_BAILLEUR": "Dépôt par le bailleur",
    "MODIFICATION": "Modification",
    "ECHANGE": "Échange",
    "ENVOI_PREFET": "Envoi à la préfecture",
    "RETOUR_PREFET": "Retour de la préfecture",
    "ENVOI_HYPOTHEQUE": "Envoi au service de la publicité foncière",
    "RETOUR_HYPOTHEQUE": "Retour du service de la publicité foncière",
    "ENVOI_RECTIFICATIF_PREFET": "Envoi d'un rectificatif à la préfecture",
    "RETOUR_RECTIFICATIF_PREFET": "Retour du rectificatif par la préfecture",
    "PUBLICATION_HYPOTHEQUE": "Publication au service de la publicité foncière",
    "ENVOI_CAF": "Envoi à la CAF",
    "DEPOT_AVENANT": "Dépôt de l'avenant",
    "INSTRUCTION_AVENANT": "Instruction de l'avenant",
    "CORRECTION_AVENANT": "Correction de l'avenant",
    "SIGNATURE_AVENANT_PREFET": "Signature de l'avenant par la préfecture",
}


def evenement(importer, r, cle):
    type_source = v.texte(r.get("type_evenement"))
    label = EVENEMENTS.get(type_source)
    if label is None:
        importer.rapport.change(
            "conventions_evenement", cle, f"type d'événement inconnu « {type_source} » : gardé tel quel"
        )
        label = type_source
    description = f"{label} le {r['survenu_le']:%d/%m/%Y}"
    if r.get("description"):
        description = f"{description} : {r['description']}"
    _, files = v.blob(r.get("pieces_jointes"))
    importer.fichiers.blob_convention(importer.convention_rows[r["convention_id"]], "evenement.pieces_jointes", files)
    return {
        "type_evenement": TypeEvenement.DOCUMENT,
        "statut_precedent": "",
        "statut": "",
        "action": type_source.lower()[:40],
        "description": description[:500],
        "donnees": {"source": "evenement", "survenu_le": r["survenu_le"].isoformat()},
        "user_id": None,
        "commentaire": "",
        "cree_le": v.minuit(r["survenu_le"]),
    }


# In import order: a table comes after the table of its parent.
LOGEMENTS = Table("programmes_logement", Logement, LOT, logement)
ANNEXES = Table(
    "programmes_annexe",
    Annexe,
    Parent("programmes_logement", "logement_id", "logement_id", "logement absent ou écarté"),
    annexe,
)
LIGNES_DU_LOT = (
    LOGEMENTS,
    ANNEXES,
    Table("programmes_typestationnement", TypeStationnement, LOT, stationnement),
    Table("programmes_locauxcollectifs", LocauxCollectifs, LOT, local_collectif),
    Table("programmes_logementedd", LogementEDD, OPERATION, edd),
    Table("programmes_referencecadastrale", ReferenceCadastrale, OPERATION, cadastre),
    Table(
        "conventions_pret",
        Pret,
        Parent("lot_convention", "lot_id", "convention_id", "lot ou convention absent ou écarté"),
        pret,
        lignes="prets",
    ),
)
SUIVI = (
    Table("comments_comment", Comment, CONVENTION, commentaire),
    Table("conventions_conventionhistory", ConventionHistory, CONVENTION, historique, horodatage=False),
    Table("conventions_evenement", ConventionHistory, CONVENTION, evenement, horodatage=False),
)
