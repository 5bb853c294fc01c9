"""Shared pieces of the business rules: the error type, reading plain data, numbers and French formatting.

Every rule module works on plain data (a dict with the model's field names, a small dataclass, a model
instance or a form's cleaned_data) and returns a list of `RuleError`; nothing is saved or queried here.
"""

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core import nombres
from core.texte import minuscule_initiale


@dataclass(frozen=True)
class RuleError:
    """A broken rule, in French.

    - field: the model field name the error belongs to (None: the whole table or object);
    - row: the 0-based index of the row in the sequence that was checked (None: not a row error);
    - code: a stable machine code ("loyer_calcul", "edd_financements"…), for the API and tests;
    - optional: a warning the user may acknowledge and override (never blocks);
    - subject: what the row is ("Logement « A101 »"), prefixed by str() when the message is shown out of its
      table (recap, workflow refusal, API);
    - step: the form step the error is corrected in ("bailleur", "programme", "cadastre", "edd", "financement",
      "logements"), set by the convention-level collectors.
    """

    message: str
    field: str | None = None
    row: int | None = None
    code: str = ""
    optional: bool = False
    subject: str = ""
    step: str = ""

    def __str__(self) -> str:
        if not self.subject:
            return self.message
        return f"{self.subject} : {minuscule_initiale(self.message)}"

    def replace(self, **changes) -> "RuleError":
        return dataclasses.replace(self, **changes)


def by_row(errors: list[RuleError]) -> tuple[dict[int, list[RuleError]], list[RuleError]]:
    """({row index: its errors}, the errors of the whole table) — to attach errors to formset forms or
    imported lines."""
    rows: dict[int, list[RuleError]] = {}
    table = []
    for error in errors:
        if error.row is None:
            table.append(error)
        else:
            rows.setdefault(error.row, []).append(error)
    return rows, table


def read(item: Any, name: str, default: Any = None) -> Any:
    """A value from a mapping (cleaned_data, API payload, imported row) or an object (model, dataclass)."""
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def coerce(cls, item: Any):
    """`item` as the dataclass `cls` (fields read by name; missing ones take the dataclass default)."""
    if isinstance(item, cls):
        return item
    values = {}
    for field in dataclasses.fields(cls):
        value = read(item, field.name, dataclasses.MISSING)
        if value is not dataclasses.MISSING:
            values[field.name] = value
    return cls(**values)


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


# --- Numbers -----------------------------------------------------------------------------------------------


# Numbers: parsing, rounding and printing live in core.nombres (one definition); these names stay for the rules.
NotANumber = nombres.NombreInvalide
to_decimal = nombres.lire


def to_int(value: Any) -> int | None:
    """An integer from an int or a string of digits (a Decimal/float without fraction is accepted too)."""
    number = to_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise NotANumber(value)
    return int(number)


round_half_up = nombres.arrondi
decimal_places = nombres.decimales


def format_nombre(value: Any, decimals: int = 2) -> str:
    """French number in a message: 1234.5 → "1 234,50" (core.nombres; ordinary spaces, messages may wrap)."""
    return nombres.nombre(nombres.lire(value), decimals, separateur=" ")


def format_euros(value: Any) -> str:
    return f"{format_nombre(value)} €"


def format_entier(value: Any) -> str:
    return format_nombre(value, 0)


# --- Dates -------------------------------------------------------------------------------------------------


class NotADate(ValueError):
    pass


def to_date(value: Any) -> datetime.date | None:
    """A date from a date, a datetime, "AAAA-MM-JJ" or "JJ/MM/AAAA". None or blank → None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        raw = value.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(raw, pattern).date()
            except ValueError:
                continue
    raise NotADate(value)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


# --- Field checks shared by the tables ---------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """How a field is named in a sentence: "La surface utile" (feminine) / "Le loyer" (masculine)."""

    text: str
    feminine: bool = False

    def accord(self, masculine: str, feminine: str) -> str:
        return feminine if self.feminine else masculine


def check_text(value: Any, *, field: str, label: Label, required: bool = True, max_length: int = 255, **where):
    """Errors of a text field (required, maximum length)."""
    value = text(value)
    if not value:
        return (
            [RuleError(f"{label.text} est obligatoire.", field=field, code="obligatoire", **where)] if required else []
        )
    if len(value) > max_length:
        return [
            RuleError(
                f"{label.text} ne peut pas dépasser {max_length} caractères.", field=field, code="trop_long", **where
            )
        ]
    return []


def check_decimal(
    value: Any,
    *,
    field: str,
    label: Label,
    maximum: Decimal,
    unit: str,
    decimals: int = 2,
    required: bool = True,
    **where,
) -> tuple[Decimal | None, list[RuleError]]:
    """(the value as a Decimal when valid, else None; errors): required, a number, ≥ 0, < maximum, at most
    `decimals` decimal places."""

    def error(message, code):
        return None, [RuleError(message, field=field, code=code, **where)]

    try:
        number = to_decimal(value)
    except NotANumber:
        return error(f"{label.text} doit être un nombre.", "nombre")
    if number is None:
        return error(f"{label.text} est obligatoire.", "obligatoire") if required else (None, [])
    if number < 0:
        return error(f"{label.text} ne peut pas être {label.accord('négatif', 'négative')}.", "negatif")
    if number >= maximum:
        suffix = f" {unit}" if unit else ""
        return error(
            f"{label.text} doit être {label.accord('inférieur', 'inférieure')} à {format_entier(maximum)}{suffix}.",
            "trop_grand",
        )
    if decimal_places(number) > decimals:
        return error(f"{label.text} ne peut pas avoir plus de {decimals} décimales.", "decimales")
    return number, []
