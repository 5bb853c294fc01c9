"""The rules applied to a convention's SAVED data, step by step (used by the workflow and the recap)."""

import datetime

from django.db.models import Prefetch, prefetch_related_objects

from conventions.rules.base import RuleError
from conventions.rules.dates import check_dates_operation
from conventions.rules.edd import check_edd_financements, check_edd_row
from conventions.rules.financement import check_annee_fin_conventionnement, check_prets
from conventions.rules.logements import check_options_lot
from conventions.rules.operation import (
    OperationData,
    check_bailleur,
    check_operation,
    check_references_cadastrales,
    check_type1and2,
)
from conventions.rules.tableaux import check_logements_tableaux


def _lookups():
    from programmes.models import Lot

    return [
        "lot__logements",
        "programme__logements_edd",
        "programme__references_cadastrales",
        "prets",
        Prefetch("programme__lots", queryset=Lot.objects.only("id", "programme_id", "financement")),
    ]


def load(convention):
    """The convention with everything the rules read, in a constant number of queries (6)."""
    from conventions.models import Convention

    return (
        Convention.objects.select_related("programme__bailleur", "lot")
        .prefetch_related(*_lookups())
        .get(pk=convention.pk)
    )


def load_onto(convention):
    """`convention` as loaded by a page that already holds its programme, bailleur and lot and prefetched some
    relations (the recap: loans, cadastral references): only what the rules still lack is fetched, on the same
    instance, instead of loading everything again (`load`)."""
    prefetch_related_objects([convention], *_lookups())
    return convention


def bailleur_errors(convention, *, today=None) -> list[RuleError]:
    return check_bailleur(convention.programme.bailleur)


def operation_errors(convention, *, today=None) -> list[RuleError]:
    programme, lot = convention.programme, convention.lot
    operation = OperationData(
        nom=programme.nom,
        adresse=programme.adresse,
        code_postal=programme.code_postal,
        ville=programme.ville,
        nb_logements=lot.nb_logements,
        type_operation=programme.type_operation,
        nature_logement=programme.nature_logement,
        code_insee_departement=programme.code_insee_departement,
    )
    return check_operation(operation)


def cadastre_errors(convention, *, today=None) -> list[RuleError]:
    programme = convention.programme
    return [
        *check_dates_operation(programme, type_operation=programme.type_operation),
        *check_references_cadastrales(programme.references_cadastrales.all()),
    ]


def edd_errors(convention, *, today=None) -> list[RuleError]:
    programme, lot = convention.programme, convention.lot
    edd = list(programme.logements_edd.all())
    financements = {other.financement for other in programme.lots.all()} | {lot.financement}
    errors = []
    for row, item in enumerate(edd):
        errors += check_edd_row(item, row=row)
    return errors + check_edd_financements(edd, financements=financements)


def financement_errors(convention, *, today: datetime.date | None = None) -> list[RuleError]:
    programme, lot = convention.programme, convention.lot
    prets = list(convention.prets.all())
    annee = convention.date_fin_conventionnement.year if convention.date_fin_conventionnement else None
    return [
        *check_prets(prets, financement=lot.financement, type_operation=programme.type_operation),
        *check_annee_fin_conventionnement(
            annee,
            financement=lot.financement,
            type_operation=programme.type_operation,
            prets=prets,
            today=today,
            **programme.regime_duree,
        ),
    ]


def logements_errors(convention, *, today=None) -> list[RuleError]:
    """The Logements step of ordinary housing: the lot options, then its four tables (reference §13.7)."""
    lot = convention.lot
    logements = list(lot.logements.all())
    edd = list(convention.programme.logements_edd.all())
    return [
        *check_options_lot(lot),
        *check_logements_tableaux(logements, nb_logements=lot.nb_logements, financement=lot.financement, edd=edd),
    ]


def collect(convention, *, today: datetime.date | None = None, steps=None) -> list[RuleError]:
    """Every error and warning of a convention already loaded with `load` (no query), each with the slug of its
    step. `steps` are those of the convention's kind (the registry says which rules each step applies)."""
    if steps is None:
        # The registry imports the rules (each step names its own): it is read here, at call time.
        from conventions.steps.registry import kind_of

        steps = kind_of(convention).steps
    return [error.replace(step=step.slug) for step in steps for error in step.saved_errors(convention, today=today)]


def convention_errors(convention, *, today: datetime.date | None = None, loaded: bool = False) -> list[RuleError]:
    """Every broken rule of the saved convention (blocking and optional), each with its `step`. `loaded`: the
    instance already holds its programme, bailleur and lot (`load_onto` completes it)."""
    return collect(load_onto(convention) if loaded else load(convention), today=today)


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
