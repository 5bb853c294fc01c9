"""What the SIAP contract does (reference §16.2): KPIs of the caller's habilitation, reading an operation,
creating its conventions from the operation pulled from the SIAP, closing state, cancellation.

Services raise domain exceptions; api/siap/views.py turns them into the contract's answers."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q

from api.siap.statuts import to_siap
from conventions.enums import ConventionStatut as S
from conventions.models import Convention
from conventions.workflow import WorkflowError, convention_cancel_by_siap
from programmes.models import Programme
from siap.client import get_client
from siap.operations import operation_import

KPI_PATH = "/conventions/recherche"
STATUTS_EN_COURS = [S.PROJET, S.INSTRUCTION, S.CORRECTIONS, S.A_SIGNER]
# Statuts of an active (signed) convention: the operation cannot be cancelled (hook: résiliée/dénoncée come
# with the avenants and will not block).
STATUTS_ACTIFS = {S.SIGNEE, S.PUBLICATION_EN_COURS, S.PUBLIEE}

KPI_EN_COURS = [("en cours", STATUTS_EN_COURS)]
KPI_INSTRUCTEUR = [("en instruction", [S.INSTRUCTION]), ("en correction", [S.CORRECTIONS]), ("à signer", [S.A_SIGNER])]
KPI_BAILLEUR = [("en projet", [S.PROJET]), ("en correction", [S.CORRECTIONS]), ("à signer", [S.A_SIGNER])]
# SIAP profile → indicators (reference §16.2.3).
KPIS_PAR_PROFIL = {
    "DIR_REG": KPI_EN_COURS,
    "ADM_CENTRALE": KPI_EN_COURS,
    "ASS_HLM": KPI_INSTRUCTEUR,
    "SER_DEP": KPI_INSTRUCTEUR,
    "SER_GEST": KPI_INSTRUCTEUR,
    "MO_PERS_MORALE": KPI_BAILLEUR,
    "MO_PERS_PHYS": KPI_BAILLEUR,
    "PARTENAIRES": [],
}

CANCEL_REFUSED = (
    "Au moins une des conventions de l'opération ne peut être supprimée car elle est active. Vous devez dénoncer "
    "ou résilier toutes les conventions de l'opération avant de demander sa suppression."
)


class OperationCancelRefused(Exception):
    def __init__(self, message: str = CANCEL_REFUSED):
        super().__init__(message)
        self.message = message


def _indicators(user) -> list:
    context = getattr(user, "siap_habilitation", None)
    if context is not None:
        return KPIS_PAR_PROFIL.get(context.profil, [])
    if user.is_superuser or user.is_administrateur():
        return KPI_EN_COURS
    if user.is_instructeur():
        return KPI_INSTRUCTEUR
    if user.is_bailleur():
        return KPI_BAILLEUR
    return []


def convention_kpis(*, user) -> list[dict]:
    """The indicators of the caller's habilitation, counted in its scope (one query)."""
    indicateurs = _indicators(user)
    if not indicateurs:
        return []
    aggregates = {f"k{i}": Count("pk", filter=Q(statut__in=statuts)) for i, (_, statuts) in enumerate(indicateurs)}
    counts = Convention.objects.visible_to(user).aggregate(**aggregates)
    return [
        {
            # Not URL-encoded: the SIAP builds the link as is (reference §16.2.3).
            "indicateur_redirection_url": f"{KPI_PATH}?cstatut={','.join(to_siap(s) for s in statuts)}",
            "indicateur_valeur": counts[f"k{i}"],
            "indicateur_label": label,
        }
        for i, (label, statuts) in enumerate(indicateurs)
    ]


# --- Reading -------------------------------------------------------------------------------------------


def operation_latest(*, numero_operation: str) -> Programme | None:
    """The most recently created operation row of that number. No scope: the SIAP, which signs the call, has
    already decided that this agent may see this operation (reference §16.2.5)."""
    return (
        Programme.objects.originals()
        .filter(numero_operation=numero_operation)
        .select_related("bailleur", "administration")
        .order_by("-cree_le", "-pk")
        .first()
    )


def operation_conventions(*, numero_operation: str) -> list[Convention]:
    return list(
        Convention.objects.conventions()
        .filter(programme__numero_operation=numero_operation)
        .select_related("lot", "programme")
        .prefetch_related("prets", "lot__logements__annexes", "lot__type_stationnements")
        .order_by("numero", "cree_le", "pk")
    )


@dataclass
class ClosingState:
    all_conventions_are_signed: bool
    last_conventions_state: list


def closing_state(conventions: list[Convention]) -> ClosingState:
    """No convention still in the instruction circuit; per financement, the latest one out of it."""
    done = [c for c in conventions if c.statut not in STATUTS_EN_COURS]
    latest: dict[str, Convention] = {}
    for convention in sorted(done, key=lambda c: (c.cree_le, c.pk)):
        latest[convention.lot.financement] = convention
    return ClosingState(
        all_conventions_are_signed=len(done) == len(conventions),
        last_conventions_state=[latest[f] for f in sorted(latest)],
    )


# --- Creating from the SIAP ------------------------------------------------------------------------------


def operation_create_from_siap(*, numero_operation: str, user, client=None) -> Programme:
    """Pull the operation from the SIAP as the caller, then create what is missing (idempotent).
    Raises SiapError when the SIAP cannot be read, SiapDataError when its data cannot be used."""
    client = client or get_client()
    context = getattr(user, "siap_habilitation", None)
    dto = client.operation(
        login=user.cerbere_login or "",
        habilitation_id=context.habilitation_id if context else 0,
        numero_operation=numero_operation,
    )
    programme, _created = operation_import(dto=dto or {}, numero_operation=numero_operation, user=user)
    return programme


# --- Cancelling ------------------------------------------------------------------------------------------


def operation_cancel(*, numero_operation: str, user) -> int:
    """Cancel every convention of the operation, all or nothing; refused while one is active (signed)."""
    with transaction.atomic():
        locked = list(
            Convention.objects.select_for_update(of=("self",))
            .filter(programme__numero_operation=numero_operation)
            .order_by("pk")
        )
        if any(c.statut in STATUTS_ACTIFS for c in locked):
            raise OperationCancelRefused()
        cancelled = 0
        for convention in locked:
            if convention.statut not in STATUTS_EN_COURS:
                continue
            try:
                convention_cancel_by_siap(convention=convention, user=user, comment="Opération annulée dans le SIAP.")
            except WorkflowError as exc:
                raise OperationCancelRefused(exc.message) from exc
            cancelled += 1
    return cancelled
