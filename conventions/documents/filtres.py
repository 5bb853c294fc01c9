"""French formatting filters available in the .docx templates (see docs/documents.md).

Every filter accepts None (and "") and then prints nothing, so a draft with missing data still renders.
Numbers use a non-breaking space as thousands separator (a number never splits across two lines) and a
comma as decimal separator; rounding is half-up, as everywhere in APiLos.
"""

import datetime
from decimal import Decimal, InvalidOperation

from core import nombres

MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
ESPACE_INSECABLE = nombres.ESPACE_INSECABLE


def _as_date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    raise TypeError(f"Date attendue, reçu {value!r}")


def date_longue(value) -> str:
    """5 janvier 2021 ; 1er mars 2024 (day 1 written "1er", as French usage wants)."""
    day = _as_date(value)
    if day is None:
        return ""
    jour = "1er" if day.day == 1 else str(day.day)
    return f"{jour} {MOIS[day.month - 1]} {day.year}"


def date_longue_ou_blanc(value) -> str:
    """The long date, or a dotted blank to fill in by hand when the date is not known yet."""
    return date_longue(value) or "………………"


def date_courte(value) -> str:
    """05/01/2021."""
    day = _as_date(value)
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year}"


def _nombres(function, value, *args) -> str:
    try:
        return function(value, *args)
    except nombres.NombreInvalide as exc:
        raise TypeError(f"Nombre attendu, reçu {value!r}") from exc


def nombre(value, decimales: int = 2) -> str:
    """1234.5 → "1 234,50" (2 decimals by default, half-up); nombre(x, 0) for whole numbers (core.nombres)."""
    return _nombres(nombres.nombre, value, decimales)


def entier(value) -> str:
    """12345 → "12 345"."""
    return _nombres(nombres.entier, value)


def coefficient(value) -> str:
    """A dwelling's coefficient, 4 decimals: 1.1 → "1,1000"."""
    return _nombres(nombres.coefficient, value)


def montant(value) -> str:
    """An amount in euros: 1234.5 → "1 234,50 €"."""
    return _nombres(nombres.montant, value)


def pluriel(value, suffixe: str = "s", singulier: str = "") -> str:
    """The plural mark when value > 1: logement{{ n|pluriel }}; {{ n|pluriel("aux", "al") }}.
    A list counts by its length."""
    if isinstance(value, list | tuple | set | dict):
        value = len(value)
    try:
        return suffixe if Decimal(value or 0) > 1 else singulier
    except (InvalidOperation, ValueError, TypeError):
        return singulier


def sur_une_ligne(value) -> str:
    """A multi-line text (e.g. several addresses) joined on one line with ", "."""
    if not value:
        return ""
    return ", ".join(line.strip() for line in str(value).splitlines() if line.strip())


def oui_non(value) -> str:
    return "oui" if value else "non"


FILTRES = {
    "date_longue": date_longue,
    "date_longue_ou_blanc": date_longue_ou_blanc,
    "date_courte": date_courte,
    "nombre": nombre,
    "entier": entier,
    "coefficient": coefficient,
    "montant": montant,
    "pluriel": pluriel,
    "sur_une_ligne": sur_une_ligne,
    "oui_non": oui_non,
}
