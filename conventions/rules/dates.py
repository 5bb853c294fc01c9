"""Plausibility of every date of a convention, alone and against the other dates (French messages naming the field).

A date is refused when it is before the earliest plausible day of its kind or after the latest:
- the dates of the operation (purchase, notarial deed, completion) and of a loan: not before 1900 (an old building
  may be bought; an achievement in 1800 is a typing error);
- the dates of the convention's life (mandate of the signatory, signature, publication, dénonciation,
  résiliation): not before 1977, the year the APL conventions were created (the reference bounds the end year of
  a convention at 1977 for the same reason);
- what has happened (signature, publication, real completion, mandate) is not in the future; what is planned
  (expected completion, purchase, deed, loan, end of a convention by dénonciation or résiliation) is at most
  HORIZON_ANS years ahead.
Between dates: the purchase precedes the completion of works (operations with works only: for an acquisition
without works, the completion date is the building's own); the publication follows the signature, which follows
the validation.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from conventions.rules.base import NotADate, RuleError, read, to_date
from programmes.enums import TypeOperation

DEBUT_OPERATIONS = datetime.date(1900, 1, 1)
DEBUT_CONVENTIONS = datetime.date(1977, 1, 1)
HORIZON_ANS = 15

# Operations whose completion date is the end of the bailleur's works, after the purchase.
AVEC_TRAVAUX = frozenset(
    {TypeOperation.NEUF, TypeOperation.VEFA, TypeOperation.ACQUISAMELIORATION, TypeOperation.REHABILITATION}
)


@dataclass(frozen=True)
class DateRule:
    label: str  # « La date d'achat »: the subject of the messages
    debut: datetime.date
    passee: bool  # True: what has happened, never in the future; False: planned, up to HORIZON_ANS years ahead


DATES = {
    "date_achat": DateRule("La date d'achat", DEBUT_OPERATIONS, passee=False),
    "date_acte_notarie": DateRule("La date de l'acte notarié", DEBUT_OPERATIONS, passee=False),
    "date_achevement_previsible": DateRule("La date d'achèvement prévisible", DEBUT_OPERATIONS, passee=False),
    "date_achevement": DateRule("La date d'achèvement réelle", DEBUT_OPERATIONS, passee=True),
    "date_octroi": DateRule("La date d'octroi", DEBUT_OPERATIONS, passee=False),
    "signataire_date_deliberation": DateRule("La date du mandat du signataire", DEBUT_CONVENTIONS, passee=True),
    "date_signature": DateRule("La date de signature", DEBUT_CONVENTIONS, passee=True),
    "date_publication": DateRule("La date de publication", DEBUT_CONVENTIONS, passee=True),
    "date_denonciation": DateRule("La date de la dénonciation", DEBUT_CONVENTIONS, passee=False),
    "date_resiliation": DateRule("La date de la résiliation", DEBUT_CONVENTIONS, passee=False),
}


def _fr(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def horizon(today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year + HORIZON_ANS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + HORIZON_ANS, day=28)


def check_date(field: str, value: Any, *, today: datetime.date | None = None, **where) -> list[RuleError]:
    """One date alone: a real date, within the plausible range of its kind. Empty: no error (required-ness is
    the form's or another rule's business)."""
    rule = DATES[field]
    try:
        day = to_date(value)
    except NotADate:
        return [RuleError(f"{rule.label} n'est pas une date valide.", field=field, code="date", **where)]
    if day is None:
        return []
    today = today or timezone.localdate()
    if day < rule.debut:
        return [
            RuleError(
                f"{rule.label} ({_fr(day)}) ne peut pas être antérieure au {_fr(rule.debut)} : vérifiez l'année.",
                field=field,
                code="date_trop_ancienne",
                **where,
            )
        ]
    if rule.passee and day > today:
        message = f"{rule.label} ({_fr(day)}) ne peut pas être dans le futur."
        return [RuleError(message, field=field, code="date_future", **where)]
    if not rule.passee and day > horizon(today):
        return [
            RuleError(
                f"{rule.label} ({_fr(day)}) est à plus de {HORIZON_ANS} ans : vérifiez l'année.",
                field=field,
                code="date_trop_lointaine",
                **where,
            )
        ]
    return []


def _dates(item: Any, fields) -> tuple[list[RuleError], dict[str, datetime.date]]:
    """Each date checked alone, and the plausible ones (for the comparisons)."""
    errors, good = [], {}
    for field in fields:
        field_errors = check_date(field, read(item, field))
        errors += field_errors
        if not field_errors and (day := to_date(read(item, field))) is not None:
            good[field] = day
    return errors, good


def check_dates_operation(item: Any, *, type_operation: Any = None) -> list[RuleError]:
    """The operation's dates (Cadastre step): each plausible, the purchase before the completion of works."""
    errors, good = _dates(item, ("date_achat", "date_acte_notarie", "date_achevement_previsible", "date_achevement"))
    achat = good.get("date_achat")
    if achat is not None and type_operation in AVEC_TRAVAUX:
        for field in ("date_achevement_previsible", "date_achevement"):
            if (fin := good.get(field)) is not None and fin < achat:
                errors.append(
                    RuleError(
                        f"{DATES[field].label} ({_fr(fin)}) ne peut pas précéder la date d'achat ({_fr(achat)}).",
                        field=field,
                        code="date_incoherente",
                    )
                )
    return errors


def check_date_signature(value: Any, *, valide_le: datetime.date | None = None) -> list[RuleError]:
    """The signature: plausible, and not before the validation of the convention (when it was validated here)."""
    errors = check_date("date_signature", value)
    day = None if errors else to_date(value)
    if day is not None and valide_le is not None and day < valide_le:
        errors.append(
            RuleError(
                f"La date de signature ({_fr(day)}) ne peut pas précéder la validation de la convention "
                f"({_fr(valide_le)}).",
                field="date_signature",
                code="date_incoherente",
            )
        )
    return errors


def check_date_publication(value: Any, *, date_signature: datetime.date | None = None) -> list[RuleError]:
    """The publication: plausible, and not before the signature."""
    errors = check_date("date_publication", value)
    day = None if errors else to_date(value)
    if day is not None and date_signature is not None and day < date_signature:
        errors.append(
            RuleError(
                f"La date de publication ({_fr(day)}) ne peut pas précéder la date de signature "
                f"({_fr(date_signature)}).",
                field="date_publication",
                code="date_incoherente",
            )
        )
    return errors
