"""French numbers, in one place: parse what people type or paste, round half-up, print.

- `lire("1 234,5")` → Decimal("1234.5"): spaces (also non-breaking and narrow), comma or dot, "1.234,5" and
  "1,234.5", a trailing unit (€, m², ans) accepted; `NombreInvalide` otherwise.
- `arrondi(x, 2)`: commercial rounding (2.005 → 2.01), never Python's banker's rounding.
- `nombre(x, 2)` → "1 234,50" with a NON-BREAKING space between thousands (a number never splits across two
  lines) and a comma; `entier`, `coefficient` (4 decimals), `montant` ("1 234,50 €").
- `saisie(x, 2)` → "1234,50": the value of a form input (what a French browser user types back).

Used by the rules' messages, the documents (docx filters), the Excel import/export and the templates (filters
`nombre`, `montant`, `entier` of core.templatetags.nombres): the recap, the review of an Excel import and the
printed document show an amount identically."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

ESPACE_INSECABLE = "\u00a0"
_ESPACES = re.compile(r"[\s\u00a0\u202f']")
_UNITES = re.compile(r"(€|eur|euros?|m²|m2|ans?|années?)$", re.IGNORECASE)
_NOMBRE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


class NombreInvalide(ValueError):
    pass


def lire(value: Any) -> Decimal | None:
    """A Decimal from a Decimal, an int, a float (through its repr, never its binary value) or French/English
    text. None or blank text → None. Anything else → NombreInvalide."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NombreInvalide(value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        number = _lire_texte(value)
        if number is None:
            return None
    else:
        raise NombreInvalide(value)
    if not number.is_finite():
        raise NombreInvalide(value)
    return number


def _lire_texte(value: str) -> Decimal | None:
    cleaned = _UNITES.sub("", _ESPACES.sub("", value))
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        # "1.234,5" or "1,234.5": the rightmost separator is the decimal mark.
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    else:
        cleaned = cleaned.replace(",", ".")
    if not _NOMBRE.fullmatch(cleaned):
        raise NombreInvalide(value)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern only lets numbers through
        raise NombreInvalide(value) from exc


def arrondi(value: Decimal, places: int = 2) -> Decimal:
    """Explicit commercial rounding: 2.005 → 2.01 (Python's round() would give banker's rounding)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimales(value: Decimal) -> int:
    """Significant decimal places: 1.50 → 1, 1.505 → 3, 100 → 0."""
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def nombre(value: Any, places: int = 2, *, separateur: str = ESPACE_INSECABLE) -> str:
    """1234.5 → "1 234,50" (half-up, non-breaking thousands separator); None or "" → ""."""
    number = lire(value) if not isinstance(value, Decimal) else value
    if number is None:
        return ""
    number = arrondi(number, places)
    entier_, _, fraction = f"{abs(number):f}".partition(".")
    groupes = []
    while len(entier_) > 3:
        groupes.insert(0, entier_[-3:])
        entier_ = entier_[:-3]
    groupes.insert(0, entier_)
    texte = separateur.join(groupes)
    signe = "-" if number < 0 else ""
    return f"{signe}{texte},{fraction}" if places > 0 else f"{signe}{texte}"


def entier(value: Any, *, separateur: str = ESPACE_INSECABLE) -> str:
    return nombre(value, 0, separateur=separateur)


def coefficient(value: Any) -> str:
    return nombre(value, 4)


def montant(value: Any, *, separateur: str = ESPACE_INSECABLE) -> str:
    texte = nombre(value, 2, separateur=separateur)
    return f"{texte}{ESPACE_INSECABLE}€" if texte else ""


def saisie(value: Any, places: int | None = None) -> str:
    """The text of a form input: "1234,50" (no thousands separator, comma); `places` rounds half-up."""
    number = lire(value)
    if number is None:
        return ""
    if places is not None:
        number = arrondi(number, places)
    return format(number, "f").replace(".", ",")
