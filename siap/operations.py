"""An operation pulled from the SIAP (`OperationApiIntDTO`, reference §16.3.3) becomes an APiLos operation with
one lot and one convention per conventionable aide (reference §16.2.6)."""

import re

from django.db import transaction

from conventions.models import Convention
from programmes.enums import Financement, NatureLogement, TypeHabitat, TypeOperation, Zone123, ZoneABC
from programmes.models import Lot, Programme
from siap.habilitations import SiapDataError, administration_from_siap, bailleur_from_siap

# SIAP aide code → financement of the lot: our codes are the SIAP's (reference §13.5), PLAI_ADP is merged into
# PLAI; other aides need no convention here.
AIDES = {
    **{code: Financement(code) for code in Financement.values if code != Financement.SANS_FINANCEMENT},
    "PLAI_ADP": Financement.PLAI,
}
SOUS_NATURE_OPERATION = {
    "CNE": TypeOperation.NEUF,
    "AAM": TypeOperation.ACQUISAMELIORATION,
    "AST": TypeOperation.ACQUISSANSTRAVAUX,
}
NATURE_LOGEMENT = {
    "LOO": NatureLogement.LOGEMENTSORDINAIRES,
    "ALF": NatureLogement.AUTRE,
    "HEB": NatureLogement.HEBERGEMENT,
    "RES": NatureLogement.RESISDENCESOCIALE,
    "PEF": NatureLogement.PENSIONSDEFAMILLE,
    "REA": NatureLogement.RESIDENCEDACCUEIL,
    "REU": NatureLogement.RESIDENCEUNIVERSITAIRE,
    "RHVS": NatureLogement.RHVS,
}
NATURE_PAR_TYPOLOGIE = {
    **dict.fromkeys(["CADA", "CPH", "CHRS", "LHSS", "LAM"], NatureLogement.HEBERGEMENT),
    "RU": NatureLogement.RESIDENCEUNIVERSITAIRE,
    **dict.fromkeys(["LLS", "RELS"], NatureLogement.LOGEMENTSORDINAIRES),
    **dict.fromkeys(["RHVS_M", "RHVS_IG"], NatureLogement.RHVS),
    **dict.fromkeys(["LF", "RELF"], NatureLogement.AUTRE),
}


class OperationImportError(SiapDataError):
    default_message = "Les informations de l'opération transmises par le SIAP ne suffisent pas à la créer."


def _zone_123(value) -> str:
    text = str(value or "").strip().lower().replace(" ", "")
    text = text.lstrip("0") or text
    return text if text in Zone123.values else ""


def _zone_abc(value) -> str:
    text = str(value or "").strip().replace(" ", "").lower()
    return next((code for code in ZoneABC.values if code.lower() == text), "")


def _type_operation(donnees: dict) -> str:
    if donnees.get("sansTravaux"):
        return TypeOperation.SANSTRAVAUX
    return SOUS_NATURE_OPERATION.get(str(donnees.get("sousNatureOperation") or "").upper(), TypeOperation.SANSOBJET)


def _nature_logement(donnees: dict) -> str:
    nature = str(donnees.get("natureLogement") or "").upper()
    if nature in NATURE_LOGEMENT:
        return NATURE_LOGEMENT[nature]
    typologie = str(donnees.get("typologie") or "").upper()
    if typologie in NATURE_PAR_TYPOLOGIE:
        return NATURE_PAR_TYPOLOGIE[typologie]
    if not nature and not typologie:
        return NatureLogement.LOGEMENTSORDINAIRES
    raise OperationImportError(
        "Les informations fournies par la plateforme SIAP ne suffisent pas à créer l'opération : nature des "
        f"logements « {nature or typologie} » inconnue."
    )


def _adresse(localisation: dict) -> tuple[str, str, str]:
    complete = localisation.get("adresseComplete") or {}
    if complete:
        return (
            (complete.get("adresse") or "").strip(),
            (complete.get("codePostal") or "")[:5],
            complete.get("commune") or "",
        )
    ligne = localisation.get("adresse") or ""
    matches = list(re.finditer(r"\b\d{5}\b", ligne))
    if not matches:
        return ligne.strip(), "", ""
    last = matches[-1]
    return ligne[: last.start()].strip(), last.group(0), ligne[last.end() :].strip()


def is_seconde_vie(donnees: dict) -> bool:
    """An aide « SECD_VIE » among the operation's aides marks a seconde-vie operation (reference §16.3.3)."""
    return any(str((aide or {}).get("code") or "").upper() == "SECD_VIE" for aide in donnees.get("aides") or [])


def lots_wanted(dto: dict) -> dict[str, dict]:
    """Financement → lot values, for every aide of the operation that needs a convention."""
    donnees = dto.get("donneesOperation") or {}
    if donnees.get("sansTravaux"):
        return {Financement.SANS_FINANCEMENT: {"nb_logements": 0, "type_habitat": TypeHabitat.MIXTE}}
    counts: dict[str, list] = {}
    for detail in dto.get("detailsOperation") or []:
        financement = AIDES.get(str(((detail or {}).get("aide") or {}).get("code") or "").upper())
        if financement is None:
            continue
        logement = detail.get("logement") or {}
        individuels, collectifs = logement.get("nbLogementsIndividuels"), logement.get("nbLogementsCollectifs")
        current = counts.setdefault(financement, [None, None])
        if individuels is not None:
            current[0] = (current[0] or 0) + individuels
        if collectifs is not None:
            current[1] = (current[1] or 0) + collectifs
    wanted = {}
    for financement, (individuels, collectifs) in counts.items():
        if individuels is None:
            type_habitat = TypeHabitat.COLLECTIF
        elif collectifs is None:
            type_habitat = TypeHabitat.INDIVIDUEL
        else:
            type_habitat = TypeHabitat.MIXTE
        wanted[financement] = {"nb_logements": (individuels or 0) + (collectifs or 0), "type_habitat": type_habitat}
    return wanted


@transaction.atomic
def operation_import(*, dto: dict, numero_operation: str, user=None) -> tuple[Programme, int]:
    """Get or create the operation and one convention per conventionable aide. Idempotent.
    Returns (programme, number of conventions created). Raises OperationImportError (French message)."""
    donnees = dto.get("donneesOperation") or {}
    wanted = lots_wanted(dto)
    if not wanted:
        raise OperationImportError("Aucune aide ne nécessite un conventionnement pour cette opération.")
    mo = dto.get("entiteMorale") or dto.get("donneesMo")
    if not mo:
        raise OperationImportError("Le SIAP n'a pas transmis le maître d'ouvrage de l'opération.")
    bailleur = bailleur_from_siap(mo)
    administration = administration_from_siap(dto.get("gestionnaire"))
    nature_logement = _nature_logement(donnees)
    programmes = list(
        Programme.objects.select_for_update(of=("self",)).filter(numero_operation=numero_operation).order_by("pk")
    )
    if len(programmes) > 1:
        raise OperationImportError(f"L'opération {numero_operation} est en doublon dans APiLos.")
    if programmes:
        programme = programmes[0]
        programme.nature_logement = nature_logement
        programme.administration = administration
        if donnees.get("sansTravaux"):
            programme.type_operation = TypeOperation.SANSTRAVAUX
        # Set, never unset: the user may have declared it in APiLos.
        programme.seconde_vie = programme.seconde_vie or is_seconde_vie(donnees)
        programme.save(
            update_fields=["nature_logement", "administration", "type_operation", "seconde_vie", "mis_a_jour_le"]
        )
    else:
        localisation = dto.get("donneesLocalisation") or {}
        adresse, code_postal, ville = _adresse(localisation)
        programme = Programme.objects.create(
            numero_operation=numero_operation,
            nom=(donnees.get("nomOperation") or f"Opération {numero_operation}")[:255],
            bailleur=bailleur,
            administration=administration,
            adresse=adresse,
            code_postal=code_postal,
            ville=ville[:255],
            code_insee_commune=str((localisation.get("commune") or {}).get("codeInsee") or "")[:10],
            code_insee_departement=str((localisation.get("departement") or {}).get("codeInsee") or "")[:10],
            code_insee_region=str((localisation.get("region") or {}).get("codeInsee") or "")[:10],
            # Each zone in its own field (the historical code swapped them; see docs/decisions.md).
            zone_123=_zone_123(localisation.get("zonage123")),
            zone_abc=_zone_abc(localisation.get("zonageABC")),
            type_operation=_type_operation(donnees),
            nature_logement=nature_logement,
            seconde_vie=is_seconde_vie(donnees),
        )
    created = 0
    lots = {}
    for lot in Lot.objects.filter(programme=programme).order_by("pk"):
        lots.setdefault(lot.financement, lot)
    for financement, values in wanted.items():
        # Any statut counts: an operation cancelled by the SIAP is not brought back by a new call.
        existing = Convention.objects.filter(programme=programme, lot__financement=financement)
        if existing.count() > 1:
            raise OperationImportError(
                f"Plusieurs conventions {financement} existent déjà pour l'opération {numero_operation}."
            )
        if existing.exists():
            continue
        lot = lots.get(financement) or Lot.objects.create(programme=programme, financement=financement, **values)
        Convention.objects.create(programme=programme, lot=lot, cree_par=user if getattr(user, "pk", None) else None)
        created += 1
    return programme, created
