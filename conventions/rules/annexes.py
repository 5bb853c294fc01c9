"""Annexes and parking lines of a lot (reference §1.7, §1.8): rows only (no arithmetic rule on their rents)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conventions.rules.base import Label, NotANumber, RuleError, check_decimal, coerce, text, to_int
from programmes.enums import TypologieAnnexe, TypologieStationnement

MAXIMUM = Decimal(10000)
NB_STATIONNEMENTS_MAX = 10000

ANNEXE_VALEURS = {
    "surface_hors_surface_retenue": (Label("La surface de l'annexe", feminine=True), "m²"),
    "loyer_par_metre_carre": (Label("Le loyer unitaire"), "€"),
    "loyer": (Label("Le loyer maximum de l'annexe"), "€"),
}


@dataclass
class AnnexeData:
    """One annex row: the dwelling is given by its designation (as on screen and in the Excel file)."""

    typologie: Any = ""
    logement_designation: Any = ""
    surface_hors_surface_retenue: Any = None
    loyer_par_metre_carre: Any = None
    loyer: Any = None


@dataclass
class StationnementData:
    typologie: Any = ""
    nb_stationnements: Any = None
    loyer: Any = None


def _check_choice(value: Any, choices, *, field: str, label: str, **where) -> list[RuleError]:
    value = text(value)
    if not value:
        return [RuleError(f"{label} est obligatoire.", field=field, code="obligatoire", **where)]
    if value not in choices.values:
        return [
            RuleError(
                f"{label} « {value} » n'existe pas (possibles : {', '.join(choices.labels)}).",
                field=field,
                code="choix",
                **where,
            )
        ]
    return []


def check_annexe(item: Any, *, designations: Iterable[str] | None = None, row: int | None = None) -> list[RuleError]:
    """Type, dwelling (one of `designations`, the lot's dwellings, when given), surface and rents required,
    ≥ 0, < 10 000, 2 decimals."""
    data = coerce(AnnexeData, item)
    designation = text(data.logement_designation)
    subject = f"Annexe du logement « {designation} »" if designation else f"Annexe n° {(row or 0) + 1}"
    where = {"row": row, "subject": subject}
    errors = _check_choice(data.typologie, TypologieAnnexe, field="typologie", label="Le type d'annexe", **where)
    if not designation:
        errors.append(
            RuleError("Le logement est obligatoire.", field="logement_designation", code="obligatoire", **where)
        )
    elif designations is not None and designation not in {text(d) for d in designations}:
        errors.append(
            RuleError(
                f"Aucun logement « {designation} » dans ce lot : indiquez la désignation d'un logement saisi à "
                "l'étape Logements.",
                field="logement_designation",
                code="annexe_logement_inconnu",
                **where,
            )
        )
    for field, (label, unit) in ANNEXE_VALEURS.items():
        errors += check_decimal(getattr(data, field), field=field, label=label, maximum=MAXIMUM, unit=unit, **where)[1]
    return errors


def check_annexes(items: Iterable[Any], *, designations: Iterable[str] | None = None) -> list[RuleError]:
    designations = None if designations is None else list(designations)
    errors = []
    for row, item in enumerate(items):
        errors += check_annexe(item, designations=designations, row=row)
    return errors


def check_stationnement(item: Any, *, row: int | None = None) -> list[RuleError]:
    """Type, number (whole, ≥ 1) and monthly rent (≥ 0, < 10 000 €) required."""
    data = coerce(StationnementData, item)
    where = {"row": row, "subject": f"Stationnement n° {(row or 0) + 1}"}
    errors = _check_choice(
        data.typologie, TypologieStationnement, field="typologie", label="Le type de stationnement", **where
    )
    try:
        nombre = to_int(data.nb_stationnements)
    except NotANumber:
        errors.append(
            RuleError(
                "Le nombre de stationnements doit être un nombre entier.",
                field="nb_stationnements",
                code="nombre",
                **where,
            )
        )
    else:
        if nombre is None:
            errors.append(
                RuleError(
                    "Le nombre de stationnements est obligatoire.",
                    field="nb_stationnements",
                    code="obligatoire",
                    **where,
                )
            )
        elif not 1 <= nombre < NB_STATIONNEMENTS_MAX:
            errors.append(
                RuleError(
                    f"Le nombre de stationnements doit être compris entre 1 et {NB_STATIONNEMENTS_MAX - 1}.",
                    field="nb_stationnements",
                    code="nb_stationnements",
                    **where,
                )
            )
    errors += check_decimal(
        data.loyer, field="loyer", label=Label("Le loyer maximum"), maximum=MAXIMUM, unit="€", **where
    )[1]
    return errors


def check_stationnements(items: Iterable[Any]) -> list[RuleError]:
    errors = []
    for row, item in enumerate(items):
        errors += check_stationnement(item, row=row)
    return errors
