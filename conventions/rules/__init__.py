"""Business rules of a convention: ONE validation module for forms, Excel imports and the API.

Row and table checks are pure functions over plain data — dicts with the model's field names (a formset's
cleaned_data, an imported row, an API payload), the small dataclasses below or model instances. Values may be
raw ("65,50", 65.5, Decimal): they are parsed here, as Decimal, never float. Each check returns a list of
`RuleError(message, field, row, code, optional, subject, step)`; `row` is the 0-based index in the sequence
given; `optional=True` marks a warning the user may acknowledge (code "edd_financements"). Nothing is saved.

    rules.check_logements(rows, nb_logements=lot.nb_logements, financement=lot.financement, edd=edd_rows)
    rules.check_logements_tableaux(rows, ...)       (the four tables of ordinary housing: each row names its
                                                     "tableau", else its empty fields say it)
    rules.check_edd(rows, financements=[...])      rules.check_prets(rows, financement=…, type_operation=…)
    rules.check_annee_fin_conventionnement(annee, financement=…, type_operation=…, prets=rows, today=None)
    rules.check_date("date_achevement", value)    rules.check_dates_operation(programme, type_operation=…)
    rows_errors, table_errors = rules.by_row(errors)

On a convention's SAVED data (6 queries whatever its size):
    rules.blocking_errors(convention) -> list[str]      (what refuses submission and validation)
    rules.warnings(convention) -> list[str]             (optional rules)
    rules.validation_errors(convention) -> list[str]    (blocking + the Type I/II choice)
    rules.convention_errors(convention) -> list[RuleError]  (all, with their `step`, for the recap)

Decisions (documented in the modules): designations are compared without case and extra spaces; a PLUS-PLAI
lot's dwellings may be PLUS or PLAI in the EDD; the PLS / sans travaux year range applies even without loans.
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
from conventions.rules.dates import (
    check_date,
    check_date_publication,
    check_date_signature,
    check_dates_operation,
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
    check_options_lot,
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
from conventions.rules.tableaux import (
    check_champs_du_tableau,
    check_logement_tableau,
    check_logements_tableaux,
    tableau_de_ligne,
    tableau_of,
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
    "check_date",
    "check_date_publication",
    "check_date_signature",
    "check_dates_operation",
    "check_edd",
    "check_edd_financements",
    "check_edd_row",
    "check_logement",
    "check_logements",
    "check_logements_in_edd",
    "check_loyer",
    "check_options_lot",
    "check_champs_du_tableau",
    "check_logement_tableau",
    "check_logements_tableaux",
    "tableau_de_ligne",
    "tableau_of",
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
