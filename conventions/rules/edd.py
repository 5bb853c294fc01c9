"""EDD simplifié (reference §1.9): the list of every dwelling of the co-ownership, all financements together.

Decision for the PLUS-PLAI financement (not an EDD financement): its dwellings are accepted in the EDD as PLUS
or PLAI, and the programme's PLUS-PLAI lot is covered when the EDD holds PLUS or PLAI rows.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from conventions.rules.base import Label, RuleError, check_text, coerce, text
from conventions.rules.logements import LogementData, normalise_designation
from programmes.enums import Financement, FinancementEDD

FINANCEMENTS_EDD_ACCEPTES = {Financement.PLUS_PLAI.value: {FinancementEDD.PLUS.value, FinancementEDD.PLAI.value}}


@dataclass
class EddData:
    """One row of the EDD simplifié table (model LogementEDD's field names)."""

    designation: Any = ""
    financement: Any = ""
    numero_lot: Any = ""


def financements_edd_acceptes(financement: str) -> set[str]:
    """The EDD financements under which a dwelling of a lot financed with `financement` may be declared."""
    return FINANCEMENTS_EDD_ACCEPTES.get(financement, {financement})


def libelle_financement(code: str) -> str:
    if code in Financement.values:
        return Financement(code).label
    if code in FinancementEDD.values:
        return FinancementEDD(code).label
    return code


def _subject(data: EddData, row: int | None) -> str:
    designation = text(data.designation)
    if designation:
        return f"EDD simplifié, logement « {designation} »"
    return f"EDD simplifié, ligne {row + 1}" if row is not None else "EDD simplifié"


def check_edd_row(item: Any, *, row: int | None = None) -> list[RuleError]:
    data = coerce(EddData, item)
    where = {"row": row, "subject": _subject(data, row)}
    errors = check_text(data.designation, field="designation", label=Label("La désignation", True), **where)
    errors += check_text(data.numero_lot, field="numero_lot", label=Label("Le numéro de lot"), **where)
    financement = text(data.financement)
    if not financement:
        errors.append(RuleError("Le financement est obligatoire.", field="financement", code="obligatoire", **where))
    elif financement not in FinancementEDD.values:
        errors.append(
            RuleError(
                f"Le financement « {financement} » n'est pas possible dans l'EDD simplifié (financements possibles : "
                f"{', '.join(FinancementEDD.labels)}).",
                field="financement",
                code="choix",
                **where,
            )
        )
    return errors


def check_edd(items: Iterable[Any], *, financements: Iterable[str] = ()) -> list[RuleError]:
    """Errors of the EDD table: every row, then the optional warning when a financement of the programme's lots
    (`financements`) has no row."""
    items = list(items)
    errors = []
    for row, item in enumerate(items):
        errors += check_edd_row(item, row=row)
    return errors + check_edd_financements(items, financements=financements)


def check_edd_financements(items: Iterable[Any], *, financements: Iterable[str]) -> list[RuleError]:
    """Optional (code "edd_financements"): a non-empty EDD lists the dwellings of every financement of the
    programme. An empty EDD means "no EDD simplifié" and raises nothing."""
    presents = {text(coerce(EddData, item).financement) for item in items}
    if not presents:
        return []
    financements = sorted(
        set(financements), key=lambda f: list(Financement.values).index(f) if f in Financement.values else 99
    )
    manquants = [f for f in financements if not (financements_edd_acceptes(f) & presents)]
    if not manquants:
        return []
    connus = ", ".join(libelle_financement(f) for f in financements)
    absents = ", ".join(libelle_financement(f) for f in manquants)
    return [
        RuleError(
            "L'EDD simplifié doit recenser tous les logements de l'opération, quel que soit leur financement : "
            f"aucun logement n'y figure pour {absents} (financement{'s' if len(financements) > 1 else ''} de "
            f"l'opération : {connus}). Vous pouvez confirmer si c'est voulu.",
            field="financement",
            code="edd_financements",
            optional=True,
        )
    ]


def check_logements_in_edd(logements: Iterable[Any], edd: Iterable[Any], *, financement: str | None) -> list[RuleError]:
    """When the programme has EDD rows: each dwelling of the lot appears exactly once in them, declared with the
    lot's financement. Errors are attached to the dwelling rows (field "designation")."""
    by_designation = defaultdict(list)
    for item in edd:
        data = coerce(EddData, item)
        by_designation[normalise_designation(data.designation)].append(text(data.financement))
    if not by_designation:
        return []
    acceptes = financements_edd_acceptes(financement) if financement else set()
    errors = []
    for row, item in enumerate(logements):
        data = coerce(LogementData, item)
        designation = text(data.designation)
        if not designation:
            continue  # already reported as required
        where = {"field": "designation", "row": row, "subject": f"Logement « {designation} »"}
        found = by_designation.get(normalise_designation(designation), [])
        if not found:
            errors.append(RuleError("Ce logement ne figure pas dans l'EDD simplifié.", code="edd_absent", **where))
        elif len(found) > 1:
            errors.append(
                RuleError(
                    f"Ce logement figure {len(found)} fois dans l'EDD simplifié : il ne doit y figurer qu'une fois.",
                    code="edd_doublon",
                    **where,
                )
            )
        elif financement and found[0] not in acceptes:
            errors.append(
                RuleError(
                    f"Ce logement est déclaré en {libelle_financement(found[0])} dans l'EDD simplifié, alors que ce "
                    f"lot est financé en {libelle_financement(financement)}.",
                    code="edd_financement",
                    **where,
                )
            )
    return errors
