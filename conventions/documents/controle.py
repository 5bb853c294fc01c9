"""The document check: what would print badly in the convention document, read from the very context the
document is printed from — an empty variable, a zero or missing amount, a total that does not add up, a model
that cannot be chosen (Type I/II missing, nature missing). Each point names the step where it is fixed;
blocking points refuse the validation (conventions.workflow), the others are shown on the recap.

    points = verifier(convention)   # [Point(message, etape, bloquant)]
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from conventions.documents.modeles import DocumentError, choose_template
from programmes.enums import TableauLogement

TOLERANCE_LOYER = Decimal("1")
# The four dwelling tables of ordinary housing: the surface each one prints (its rent's, for those with rents).
SURFACE_DU_TABLEAU = {
    TableauLogement.SU: "surface_utile",
    TableauLogement.SU_SANS_LOYER: "surface_utile",
    TableauLogement.CORRIGEE: "surface_corrigee",
    TableauLogement.CORRIGEE_SANS_LOYER: "surface_corrigee",
}
SANS_LOYER = {TableauLogement.SU_SANS_LOYER, TableauLogement.CORRIGEE_SANS_LOYER}


@dataclass(frozen=True)
class Point:
    message: str
    etape: str  # the step slug where it is fixed ("recapitulatif" for the Type I/II choice)
    bloquant: bool = True


# (path in the context, what it is, step, blocking) — printed in the parties, article 1 or the signatures.
VARIABLES = [
    ("bailleur.nom", "du nom du bailleur", "bailleur", True),
    ("bailleur.siret", "du SIRET du bailleur", "bailleur", True),
    ("bailleur.adresse", "de l'adresse du siège du bailleur", "bailleur", True),
    ("signataire.nom", "du nom du signataire du bailleur", "bailleur", True),
    ("signataire.fonction", "de la fonction du signataire du bailleur", "bailleur", False),
    ("programme.nom", "du nom de l'opération", "operation", True),
    ("adresse", "de l'adresse de l'opération", "operation", True),
    ("programme.code_postal", "du code postal de l'opération", "operation", True),
    ("programme.ville", "de la ville de l'opération", "operation", True),
    ("convention.date_fin_conventionnement", "de la date de fin de conventionnement", "financement", True),
    ("administration.ville_signature", "de la ville de signature du service instructeur", "", False),
]
VARIABLES_FOYER = [("gestionnaire.nom", "du nom du gestionnaire", "bailleur", False)]
# Variables an avenant prints only in the block of one of its types (conventions.documents.textes.avenants).
PROPRES_A_UN_TYPE = {"convention.date_fin_conventionnement": "duree"}


def _valeur(context: dict, chemin: str):
    valeur = context
    for cle in chemin.split("."):
        valeur = valeur.get(cle) if isinstance(valeur, dict) else None
    return valeur


def _vide(valeur) -> bool:
    return valeur is None or (isinstance(valeur, str) and not valeur.strip())


def _zero(valeur) -> bool:
    return valeur is None or Decimal(valeur) == 0


def _logements(context: dict, ordinaire: bool) -> list[Point]:
    points = []
    logements = context["logements"]
    attendu = context["lot"]["nb_logements"]
    if not logements:
        return [Point("Aucun logement n'est saisi : le tableau des logements serait vide.", "logements")]
    if len(logements) != attendu:
        points.append(
            Point(
                f"Le document compterait {len(logements)} logement(s) dans le tableau alors que la convention porte "
                f"sur {attendu} logement(s).",
                "logements",
            )
        )
    for ligne in logements:
        points += _ligne(ligne, ordinaire)
    return points


def _ligne(ligne: dict, ordinaire: bool) -> list[Point]:
    """The points of one dwelling: its rent (a redevance for a foyer or a résidence), its product and, in the
    surface utile table, SU = SH + annexes retenues. A table "sans loyer" prints no rent (reference §13.7)."""
    from conventions.documents.contexte import clean_text

    nom = clean_text(ligne["designation"]) or "sans désignation"  # the check reads the context before its cleaning
    tableau = ligne.get("tableau", TableauLogement.SU) if ordinaire else TableauLogement.SU
    surface = SURFACE_DU_TABLEAU[tableau]
    nom_surface = "surface utile" if surface == "surface_utile" else "surface corrigée"
    if tableau in SANS_LOYER:
        if _zero(ligne[surface]):
            return [Point(f"Logement {nom} : la {nom_surface} est nulle ou manquante.", "logements")]
        return []
    if _zero(ligne["loyer"]):
        quoi = "le loyer maximum" if ordinaire else "la redevance maximale"
        return [Point(f"Logement {nom} : {quoi} est nul ou manquant.", "logements")]
    if not ordinaire:
        return []
    if _zero(ligne[surface]) or _zero(ligne["loyer_par_metre_carre"]) or _zero(ligne["coefficient"]):
        return [Point(f"Logement {nom} : {nom_surface}, loyer au m² ou coefficient nul ou manquant.", "logements")]
    points = []
    produit = (ligne[surface] * ligne["loyer_par_metre_carre"] * ligne["coefficient"]).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    if abs(produit - ligne["loyer"]) > TOLERANCE_LOYER:
        points.append(
            Point(
                f"Logement {nom} : le loyer maximum ({ligne['loyer']} €) n'est pas le produit de la {nom_surface}, "
                f"du loyer au m² et du coefficient ({produit} €).",
                "logements",
            )
        )
    sh, sar = ligne["surface_habitable"], ligne["surface_annexes_retenue"]
    if tableau == TableauLogement.SU and sh is not None and sar is not None and sh + sar != ligne["surface_utile"]:
        points.append(
            Point(
                f"Logement {nom} : la surface utile ({ligne['surface_utile']} m²) n'est pas la surface habitable "
                f"augmentée des annexes retenues ({sh + sar} m²).",
                "logements",
                bloquant=False,
            )
        )
    return points


def _montants(context: dict) -> list[Point]:
    from conventions.documents.contexte import clean_text

    points = []
    for ligne in context["stationnements"]:
        if _zero(ligne["loyer"]):
            points.append(
                Point(
                    f"Stationnement « {clean_text(ligne['typologie_libelle'])} » : loyer nul.",
                    "stationnements",
                    bloquant=False,
                )
            )
    for ligne in context["prets_cdc"] + context["autres_prets"]:
        if _zero(ligne["montant"]):
            points.append(
                Point(f"Prêt « {clean_text(ligne['preteur_libelle'])} » : montant nul.", "financement", bloquant=False)
            )
    return points


def verifier(convention, context: dict | None = None) -> list[Point]:
    """Every point of the document check, blocking ones first."""
    from conventions.documents.contexte import build_context, clean_text
    from conventions.documents.modeles import FOYER, ORDINAIRES, RESIDENCE

    try:
        modele = choose_template(convention)
    except DocumentError as exc:
        etape = "recapitulatif" if "Type I ou Type II" in exc.message else "operation"
        if convention.is_denonciation or convention.is_resiliation:
            return []
        return [Point(exc.message, etape)]
    # Built for the check only, the context is not cleaned as a whole (a third of its cost on the recap): each
    # variable read is, so that a text the document would print empty counts as empty.
    context = context if context is not None else build_context(convention, nettoye=False)
    points = []
    variables = VARIABLES + (VARIABLES_FOYER if modele in (FOYER, RESIDENCE) else [])
    noms_avenant = convention.type_noms() if convention.is_avenant else set()
    for chemin, quoi, etape, bloquant in variables:
        if chemin in PROPRES_A_UN_TYPE and convention.is_avenant and PROPRES_A_UN_TYPE[chemin] not in noms_avenant:
            continue  # an avenant prints only the blocks of its types (a convention signed outside may lack it)
        if _vide(clean_text(_valeur(context, chemin))):
            points.append(Point(f"Le document afficherait un blanc à la place {quoi}.", etape, bloquant))
    if not convention.is_avenant or "logements" in noms_avenant:
        points += _logements(context, ordinaire=modele in ORDINAIRES or modele == "Avenant")
    points += _montants(context)
    return sorted(points, key=lambda point: not point.bloquant)


def bloquants(convention) -> list[str]:
    return [point.message for point in verifier(convention) if point.bloquant]
