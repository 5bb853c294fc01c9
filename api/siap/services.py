"""What the SIAP contract does: KPIs of the caller, creation of an operation's conventions from the SIAP's
description (SIAP → APiLos mapping, reference §5.4), cancellation of an operation."""

import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from conventions import perms
from conventions.enums import ConventionStatut as S
from conventions.models import Convention
from conventions.workflow import WorkflowError, convention_cancel
from programmes.enums import Financement, NatureLogement, TypeHabitat, TypeOperation, Zone123, ZoneABC
from programmes.models import Lot, Programme
from users.enums import SousNatureBailleur
from users.models import Administration, Bailleur
from users.validators import validate_siret

CONVENTIONS_LIST_PATH = "/conventions/"  # the list's filter: statut=<code>, repeatable
STATUTS_SIGNES = {S.SIGNEE, S.PUBLICATION_EN_COURS, S.PUBLIEE}
STATUTS_EN_COURS = [S.PROJET, S.INSTRUCTION, S.CORRECTIONS, S.A_SIGNER]

# KPIs per profile (reference §5.3 @HEAD): (label, statuts counted).
KPIS = {
    "administrateur": [("En cours", STATUTS_EN_COURS)],
    "instructeur": [
        ("En instruction", [S.INSTRUCTION]),
        ("En correction", [S.CORRECTIONS]),
        ("À signer", [S.A_SIGNER]),
    ],
    "bailleur": [("En projet", [S.PROJET]), ("En correction", [S.CORRECTIONS]), ("À signer", [S.A_SIGNER])],
}


class OperationRefused(Exception):
    """The SIAP's request cannot be honoured; `message` is French, for the SIAP user. The views map each kind of
    refusal to its HTTP status (api/siap/views.py)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OperationConflict(OperationRefused):
    """The state of the operation or of its conventions forbids it."""


class OperationInvalid(OperationRefused):
    """The data sent does not allow it (unknown bailleur, wrong number, no eligible aid…)."""


class OperationForbidden(OperationRefused):
    """The user may not do it on this operation."""


class OperationNotFound(OperationRefused):
    """The operation is unknown (or out of the user's scope)."""


def kpi_profile(user) -> str | None:
    if user.is_superuser or user.is_administrateur():
        return "administrateur"
    if user.is_instructeur():
        return "instructeur"
    if user.is_bailleur():
        return "bailleur"
    return None


def convention_kpis(*, user) -> list[dict]:
    """The caller's indicators, counted on the conventions the caller sees (one query)."""
    indicateurs = KPIS.get(kpi_profile(user), [])
    if not indicateurs:
        return []
    aggregates = {
        f"k{index}": Count("pk", filter=Q(statut__in=statuts)) for index, (_, statuts) in enumerate(indicateurs)
    }
    counts = Convention.objects.visible_to(user).aggregate(**aggregates)
    return [
        {
            "indicateur_redirection_url": f"{CONVENTIONS_LIST_PATH}?{urlencode([('statut', s) for s in statuts])}",
            "indicateur_valeur": counts[f"k{index}"],
            "indicateur_label": label,
        }
        for index, (label, statuts) in enumerate(indicateurs)
    ]


# --- Reading an operation -----------------------------------------------------------------------------


def operation_conventions(*, user, numero_operation: str):
    return (
        Convention.objects.visible_to(user)
        .filter(programme__numero_operation=numero_operation)
        .select_related("lot", "programme")
        .prefetch_related("prets", "lot__logements__annexes", "lot__type_stationnements")
        .order_by("lot__financement", "cree_le", "pk")
    )


def visible_operation(*, user, numero_operation: str) -> Programme | None:
    """The latest operation with this number the user sees (None: unknown or out of scope → 404)."""
    return (
        Programme.objects.visible_to(user)
        .filter(numero_operation=numero_operation)
        .select_related("bailleur", "administration")
        .order_by("-cree_le", "-pk")
        .first()
    )


@dataclass
class ClosingState:
    all_conventions_are_signed: bool
    last_conventions_state: list


def closing_state(conventions) -> ClosingState:
    conventions = list(conventions)
    actives = [c for c in conventions if c.statut != S.ANNULEE]
    latest: dict[str, Convention] = {}
    for convention in conventions:
        if convention.statut in STATUTS_SIGNES:
            current = latest.get(convention.lot.financement)
            key = (convention.date_signature or convention.cree_le.date(), convention.cree_le)
            if current is None or key > (current.date_signature or current.cree_le.date(), current.cree_le):
                latest[convention.lot.financement] = convention
    return ClosingState(
        all_conventions_are_signed=bool(actives) and all(c.statut in STATUTS_SIGNES for c in actives),
        last_conventions_state=[latest[f] for f in sorted(latest)],
    )


# --- Cancelling an operation --------------------------------------------------------------------------


def operation_cancel(*, programme: Programme, user) -> int:
    """Cancel every convention of the operation (all or nothing). Refused while one is signed."""
    conventions = Convention.objects.visible_to(user).filter(programme__numero_operation=programme.numero_operation)
    with transaction.atomic():
        locked = list(conventions.select_for_update(of=("self",)).order_by("pk"))
        if any(c.statut in STATUTS_SIGNES for c in locked):
            raise OperationConflict(
                "L'opération ne peut pas être annulée : au moins une de ses conventions est signée. Ses "
                "conventions signées doivent d'abord être dénoncées ou résiliées."
            )
        cancelled = 0
        for convention in locked:
            if convention.statut == S.ANNULEE:
                continue
            try:
                convention_cancel(convention=convention, user=user, comment="Annulation de l'opération par le SIAP.")
            except WorkflowError as exc:
                raise OperationConflict(exc.message) from exc
            cancelled += 1
    return cancelled


# --- Creating an operation's conventions from the SIAP (reference §5.4) ----------------------------------

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
# SIAP aide code → financement of the lot. PLAI_ADP is merged into PLAI (@HEAD); other aides are ignored.
AIDES = {
    "PLUS": Financement.PLUS,
    "PLUS_CD": Financement.PLUS_CD,
    "PLAI": Financement.PLAI,
    "PLAI_ADP": Financement.PLAI,
    "PLS": Financement.PLS,
}
FAMILLE_MO = {"HLM": SousNatureBailleur.OFFICE_PUBLIC_HLM, "SEM": SousNatureBailleur.SEM_EPL}


def _zone_123(value: str | None) -> str:
    value = (value or "").strip().lower().replace(" ", "")
    value = value.lstrip("0") or value
    return value if value in Zone123.values else ""


def _zone_abc(value: str | None) -> str:
    value = (value or "").strip().replace(" ", "").lower()
    return next((code for code in ZoneABC.values if code.lower() == value), "")


def _type_operation(donnees: dict) -> str:
    if donnees.get("sansTravaux"):
        return TypeOperation.SANSTRAVAUX
    return SOUS_NATURE_OPERATION.get((donnees.get("sousNatureOperation") or "").upper(), TypeOperation.SANSOBJET)


def _ligne6(value: str) -> tuple[str, str]:
    match = re.match(r"^\s*(\d{5})\s*(.*)$", value or "")
    return (match.group(1), match.group(2).strip()) if match else ("", (value or "").strip())


def _bailleur(mo: dict) -> Bailleur:
    siren = mo.get("siren") or mo["siret"][:9]
    if mo.get("siret"):
        existing = Bailleur.objects.filter(siret=mo["siret"]).first()
    else:
        existing = Bailleur.objects.filter(siret__startswith=siren).order_by("pk").first()
    if existing:
        return existing
    if not mo.get("siret"):
        raise OperationInvalid(
            f"Aucun bailleur de SIREN {siren} n'est connu d'APiLos : transmettez son SIRET pour le créer."
        )
    try:
        validate_siret(mo["siret"])
    except ValidationError as exc:
        raise OperationInvalid(exc.messages[0]) from exc
    code_postal, ville = _ligne6(mo.get("adresseLigne6", ""))
    return Bailleur.objects.create(
        siret=mo["siret"],
        nom=(mo.get("nom") or mo.get("raisonSociale") or f"Bailleur {siren}")[:255],
        adresse=mo.get("adresseLigne4", ""),
        code_postal=code_postal,
        ville=ville[:255],
        sous_nature=FAMILLE_MO.get((mo.get("codeFamilleMO") or "").upper(), SousNatureBailleur.NONRENSEIGNE),
    )


def _administration(gestionnaire: dict) -> Administration:
    administration, _ = Administration.objects.get_or_create(
        code=gestionnaire["code"], defaults={"nom": gestionnaire.get("libelle") or gestionnaire["code"]}
    )
    return administration


def _lots_wanted(details: list[dict]) -> dict[str, dict]:
    """Financement → {nb_logements, type_habitat}, several details of one aide being summed."""
    counts: dict[str, list[int]] = {}
    for detail in details:
        financement = AIDES.get(detail["aide"]["code"].upper())
        if financement is None:
            continue
        logement = detail.get("logement") or {}
        current = counts.setdefault(financement, [0, 0])
        current[0] += logement.get("nbLogementsIndividuels") or 0
        current[1] += logement.get("nbLogementsCollectifs") or 0
    wanted = {}
    for financement, (individuels, collectifs) in counts.items():
        if not individuels:
            type_habitat = TypeHabitat.COLLECTIF
        elif not collectifs:
            type_habitat = TypeHabitat.INDIVIDUEL
        else:
            type_habitat = TypeHabitat.MIXTE
        wanted[financement] = {"nb_logements": individuels + collectifs, "type_habitat": type_habitat}
    return wanted


def _check_may_create(user, programme: Programme) -> None:
    if not perms.can_create_convention_for(user, programme):
        raise OperationForbidden(
            "Vous n'avez pas le droit de créer les conventions de cette opération : elle ne relève ni de votre "
            "bailleur ni de votre service instructeur."
        )


@transaction.atomic
def operation_create_from_siap(*, numero_operation: str, data: dict, user) -> tuple[Programme, int]:
    """Get or create the bailleur (SIREN/SIRET), the administration (code), the operation (number), then one
    lot and one convention per aide. Idempotent: a second call creates only what is missing.
    Returns (programme, number of conventions created)."""
    donnees = data["donneesOperation"]
    if donnees.get("numeroOperation") and donnees["numeroOperation"] != numero_operation:
        raise OperationInvalid("Le numéro d'opération du contenu ne correspond pas à celui de l'adresse.")
    wanted = _lots_wanted(data["detailsOperation"])
    if not wanted:
        raise OperationInvalid(
            "Aucune aide de l'opération n'ouvre droit à une convention (PLUS, PLUS CD, PLAI, PLAI ADP ou PLS)."
        )
    programme = (
        Programme.objects.select_for_update(of=("self",))
        .filter(numero_operation=numero_operation)
        .select_related("bailleur", "administration")
        .order_by("-cree_le", "-pk")
        .first()
    )
    if programme is None:
        localisation = data.get("donneesLocalisation") or {}
        commune = localisation.get("commune") or {}
        programme = Programme(
            numero_operation=numero_operation,
            nom=donnees["nomOperation"],
            bailleur=_bailleur(data["donneesMo"]),
            administration=_administration(data["gestionnaire"]),
            adresse=localisation.get("adresse", ""),
            code_postal=commune.get("codePostal", ""),
            ville=commune.get("libelle", ""),
            code_insee_commune=commune.get("codeInsee", ""),
            code_insee_departement=(localisation.get("departement") or {}).get("codeInsee", ""),
            code_insee_region=(localisation.get("region") or {}).get("codeInsee", ""),
            # Each zone in its own field (the 2022 code swapped them).
            zone_123=_zone_123(localisation.get("zonage123")),
            zone_abc=_zone_abc(localisation.get("zonageABC")),
            type_operation=_type_operation(donnees),
            nature_logement=NATURE_LOGEMENT.get(
                (donnees.get("natureLogement") or "").upper(), NatureLogement.LOGEMENTSORDINAIRES
            ),
        )
        _check_may_create(user, programme)
        programme.save()
    else:
        if not Programme.objects.visible_to(user).filter(pk=programme.pk).exists():
            raise OperationNotFound("Opération introuvable.")
        _check_may_create(user, programme)

    fonds_propres: dict[str, Decimal] = {}
    for plan in data.get("plansFinancement") or []:
        financement = AIDES.get(plan["codeAide"].upper())
        if financement and plan.get("fondsPropres") is not None:
            fonds_propres[financement] = fonds_propres.get(financement, Decimal("0")) + plan["fondsPropres"]

    created = 0
    lots = {lot.financement: lot for lot in Lot.objects.filter(programme=programme).order_by("pk")}
    for financement, values in wanted.items():
        lot = lots.get(financement) or Lot.objects.create(programme=programme, financement=financement, **values)
        if not Convention.objects.filter(lot=lot).exclude(statut=S.ANNULEE).exists():
            Convention.objects.create(
                programme=programme, lot=lot, cree_par=user, fond_propre=fonds_propres.get(financement)
            )
            created += 1
    return programme, created
