"""The rules applied to a convention's SAVED data, step by step (used by the workflow and the recap)."""

import datetime

from django.db.models import Prefetch

from conventions.rules.base import RuleError
from conventions.rules.edd import check_edd_financements, check_edd_row, check_logements_in_edd
from conventions.rules.financement import check_annee_fin_conventionnement, check_prets
from conventions.rules.logements import check_logements
from conventions.rules.operation import (
    OperationData,
    check_bailleur,
    check_operation,
    check_references_cadastrales,
    check_type1and2,
)

STEPS = ("bailleur", "programme", "cadastre", "edd", "financement", "logements")


def load(convention):
    """The convention with everything the rules read, in a constant number of queries (6)."""
    from conventions.models import Convention
    from programmes.models import Lot

    return (
        Convention.objects.select_related("programme__bailleur", "lot")
        .prefetch_related(
            "lot__logements",
            "programme__logements_edd",
            "programme__references_cadastrales",
            "prets",
            Prefetch("programme__lots", queryset=Lot.objects.only("id", "programme_id", "financement")),
        )
        .get(pk=convention.pk)
    )


def _in_step(step: str, errors: list[RuleError]) -> list[RuleError]:
    return [error.replace(step=step) for error in errors]


def collect(convention, *, today: datetime.date | None = None) -> list[RuleError]:
    """Every error and warning of a convention already loaded with `load` (no query)."""
    programme, lot = convention.programme, convention.lot
    logements = list(lot.logements.all())
    edd = list(programme.logements_edd.all())
    prets = list(convention.prets.all())
    financements = {other.financement for other in programme.lots.all()} | {lot.financement}
    operation = OperationData(
        nom=programme.nom,
        adresse=programme.adresse,
        code_postal=programme.code_postal,
        ville=programme.ville,
        nb_logements=lot.nb_logements,
        type_operation=programme.type_operation,
    )
    edd_errors = []
    for row, item in enumerate(edd):
        edd_errors += check_edd_row(item, row=row)
    edd_errors += check_edd_financements(edd, financements=financements)
    annee = convention.date_fin_conventionnement.year if convention.date_fin_conventionnement else None
    return [
        *_in_step("bailleur", check_bailleur(programme.bailleur)),
        *_in_step("programme", check_operation(operation)),
        *_in_step("cadastre", check_references_cadastrales(programme.references_cadastrales.all())),
        *_in_step("edd", edd_errors),
        *_in_step(
            "financement", check_prets(prets, financement=lot.financement, type_operation=programme.type_operation)
        ),
        *_in_step(
            "financement",
            check_annee_fin_conventionnement(
                annee, financement=lot.financement, type_operation=programme.type_operation, prets=prets, today=today
            ),
        ),
        *_in_step("logements", check_logements(logements, nb_logements=lot.nb_logements)),
        *_in_step("logements", check_logements_in_edd(logements, edd, financement=lot.financement)),
    ]


def convention_errors(convention, *, today: datetime.date | None = None) -> list[RuleError]:
    """Every broken rule of the saved convention (blocking and optional), each with its `step`."""
    return collect(load(convention), today=today)


def blocking_errors(convention, *, today: datetime.date | None = None) -> list[str]:
    """French messages of every blocking rule broken by the saved data (empty: may be submitted/validated).
    The Type I/II choice is not included: it is required at validation only (see `validation_errors`)."""
    return [str(error) for error in convention_errors(convention, today=today) if not error.optional]


def warnings(convention, *, today: datetime.date | None = None) -> list[str]:
    """French messages of the optional rules (warnings the user may acknowledge)."""
    return [str(error) for error in convention_errors(convention, today=today) if error.optional]


def type1and2_errors(convention) -> list[str]:
    return [str(e) for e in check_type1and2(bailleur=convention.programme.bailleur, type1and2=convention.type1and2)]


def validation_errors(convention, *, today: datetime.date | None = None) -> list[str]:
    """What refuses validation: the Type I/II choice, then the blocking rules."""
    loaded = load(convention)
    errors = check_type1and2(bailleur=loaded.programme.bailleur, type1and2=loaded.type1and2)
    return [str(e) for e in errors] + [str(e) for e in collect(loaded, today=today) if not e.optional]
