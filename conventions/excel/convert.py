"""Conversion of one spreadsheet cell to the value of a model field, with a French explanation when it fails.

Converters take the raw value openpyxl gives (str, int, float, bool, datetime, None) and return the field's
value (str, Decimal, int, date, enum code). They raise CellError with a message that the import prefixes with
the cell reference and suffixes with the column name."""

import datetime
import re
import unicodedata
from decimal import Decimal

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.datetime import from_excel

from conventions.excel.tables import CHOICE, DATE, DECIMAL, INTEGER, Column
from core import nombres


class CellError(ValueError):
    pass


def normalize(value) -> str:
    """Text compared without case, accents, line breaks, repeated spaces, apostrophe or dash variants."""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"[_\-–/]", " ", text)
    return " ".join(text.split()).casefold()


def shown(value, limit: int = 40) -> str:
    text = value.isoformat() if isinstance(value, datetime.date) else str(value)
    text = " ".join(text.split())
    return f"{text[:limit]}…" if len(text) > limit else text


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_error(value) -> bool:
    return isinstance(value, str) and value.strip() in ERROR_CODES


def convert(column: Column, value):
    """The field value of `value` (never blank: the caller handles empty cells)."""
    if is_error(value):
        raise CellError(f"la formule de la cellule renvoie l'erreur {value.strip()}")
    if isinstance(value, bool):
        raise CellError(f"la valeur booléenne « {'VRAI' if value else 'FAUX'} » n'est pas acceptée")
    converter = CONVERTERS.get(column.kind, to_text)
    return converter(column, value)


def to_text(column: Column, value) -> str:
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, datetime.date):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    text = text.strip()
    if len(text) > column.max_length:
        raise CellError(f"le texte fait {len(text)} caractères, au plus {column.max_length} sont acceptés")
    return text


def parse_number(value) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        number = parse_number_text(value)
    else:
        raise CellError(f"la valeur « {shown(value)} » n'est pas un nombre")
    if not number.is_finite():
        raise CellError(f"la valeur « {shown(value)} » n'est pas un nombre")
    return number


def parse_number_text(value: str) -> Decimal:
    try:
        number = nombres.lire(value)
    except nombres.NombreInvalide:
        number = None
    if number is None:
        raise CellError(f"la valeur « {shown(value)} » n'est pas un nombre")
    return number


def to_decimal(column: Column, value) -> Decimal:
    if isinstance(value, datetime.date):
        raise CellError(f"la valeur « {shown(value)} » est une date, un nombre est attendu")
    number = parse_number(value)
    if number < 0:
        raise CellError(f"la valeur « {shown(value)} » est négative, un nombre positif ou nul est attendu")
    number = nombres.arrondi(number, column.places)
    limit = Decimal(10) ** (column.max_digits - column.places)
    if number >= limit:
        raise CellError(
            f"la valeur « {shown(value)} » est trop grande (elle doit être inférieure à {thousands(limit)})"
        )
    return number


def thousands(number) -> str:
    return nombres.entier(number, separateur=" ")


def to_integer(column: Column, value) -> int:
    if isinstance(value, datetime.date):
        raise CellError(f"la valeur « {shown(value)} » est une date, un nombre entier est attendu")
    number = parse_number(value)
    if number != number.to_integral_value():
        raise CellError(f"la valeur « {shown(value)} » n'est pas un nombre entier")
    if number < 0:
        raise CellError(f"la valeur « {shown(value)} » est négative, un nombre entier positif ou nul est attendu")
    if column.max_value is not None and number > column.max_value:
        raise CellError(f"la valeur « {shown(value)} » est trop grande (au plus {column.max_value})")
    return int(number)


DATE_PATTERNS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def to_date(column: Column, value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and 1 <= value < 2958466:
        # A date typed in a cell formatted as a number: Excel's serial day number.
        return from_excel(value).date()
    if isinstance(value, str):
        raw = value.strip()
        for pattern in DATE_PATTERNS:
            try:
                return datetime.datetime.strptime(raw, pattern).date()
            except ValueError:
                continue
    raise CellError(f"la valeur « {shown(value)} » n'est pas une date (format attendu : JJ/MM/AAAA)")


def choice_index(column: Column) -> dict[str, str]:
    """Normalised spelling → code, for codes, labels and aliases."""
    index = {}
    for spelling, code in column.aliases:
        index[normalize(spelling)] = code
    for code, label in column.choices:
        index[normalize(code)] = code
        index[normalize(label)] = code
    return index


_INDEXES: dict[int, dict[str, str]] = {}


def to_choice(column: Column, value) -> str:
    index = _INDEXES.get(id(column))
    if index is None:
        index = _INDEXES[id(column)] = choice_index(column)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    code = index.get(normalize(value))
    if code is None:
        labels = ", ".join(f"« {label} »" for _, label in column.choices)
        raise CellError(f"la valeur « {shown(value)} » ne fait pas partie des valeurs possibles : {labels}")
    return code


CONVERTERS = {DECIMAL: to_decimal, INTEGER: to_integer, DATE: to_date, CHOICE: to_choice}
