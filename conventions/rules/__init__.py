"""Business rules of a convention: ONE validation module for forms, Excel imports and the API.

Row and table checks are pure functions over plain data (dicts with the model's field names, the small
dataclasses below, model instances or a form's cleaned_data); they return `RuleError`s and never save nor query.
`blocking_errors(convention)` / `warnings(convention)` apply them to a convention's saved data.
"""

from conventions.rules.annexes import (
    AnnexeData,
    StationnementData,
    check_annexe,
    check_annexes,
    check_stationnement,
    check_stationnements,
)
from conventions.rules.base import (
    RuleError,
    by_row,
    format_entier,
    format_euros,
    format_nombre,
    round_half_up,
    to_decimal,
)
from conventions.rules.convention import (
    blocking_errors,
    collect,
    convention_errors,
    load,
    type1and2_errors,
    validation_errors,
    warnings,
)
from conventions.rules.edd import (
    EddData,
    check_edd,
    check_edd_financements,
    check_edd_row,
    check_logements_in_edd,
    financements_edd_acceptes,
)
from conventions.rules.financement import (
    PretData,
    annee_fin_bornes,
    annee_fin_minimum_cdc,
    check_annee_fin_conventionnement,
    check_pret,
    check_prets,
    date_fin_conventionnement,
    is_pls_ou_sans_travaux,
)
from conventions.rules.logements import (
    LogementData,
    check_logement,
    check_logements,
    check_loyer,
    loyer_attendu,
)
from conventions.rules.operation import (
    BailleurData,
    OperationData,
    ReferenceCadastraleData,
    check_bailleur,
    check_operation,
    check_reference_cadastrale,
    check_references_cadastrales,
    check_type1and2,
)

__all__ = [
    "AnnexeData",
    "StationnementData",
    "check_annexe",
    "check_annexes",
    "check_stationnement",
    "check_stationnements",
    "BailleurData",
    "EddData",
    "LogementData",
    "OperationData",
    "PretData",
    "ReferenceCadastraleData",
    "RuleError",
    "annee_fin_bornes",
    "annee_fin_minimum_cdc",
    "blocking_errors",
    "by_row",
    "check_annee_fin_conventionnement",
    "check_bailleur",
    "check_edd",
    "check_edd_financements",
    "check_edd_row",
    "check_logement",
    "check_logements",
    "check_logements_in_edd",
    "check_loyer",
    "check_operation",
    "check_pret",
    "check_prets",
    "check_reference_cadastrale",
    "check_references_cadastrales",
    "check_type1and2",
    "collect",
    "convention_errors",
    "date_fin_conventionnement",
    "financements_edd_acceptes",
    "format_entier",
    "format_euros",
    "format_nombre",
    "is_pls_ou_sans_travaux",
    "load",
    "loyer_attendu",
    "round_half_up",
    "to_decimal",
    "type1and2_errors",
    "validation_errors",
    "warnings",
]
