"""Import of a filled template into one table of the convention form (reference §3.2 and §3.3).

`import_table()` reads, converts and checks the cells, and matches the rows to the existing ones; it saves
nothing. The step shows the rows for review; the business rules run when the user saves the step."""

import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils import get_column_letter

from conventions.excel.convert import CellError, convert, is_blank, normalize
from conventions.excel.matching import match_existing
from conventions.excel.reader import (
    FileRefused,
    check_container,
    check_sheet_width,
    find_sheet,
    first_data_row,
    max_rows,
    open_workbook,
    read_upload,
)
from conventions.excel.tables import DATE, DECIMAL, FINANCEMENT_OPTIONNEL, INTEGER, TABLES, Column, Table

logger = logging.getLogger(__name__)

MAX_MESSAGES = 100
# A block of empty rows this long ends the table (a sheet formatted down to row 1,048,576 is not read to the end).
MAX_EMPTY_RUN = 1000
MAX_UNKNOWN_SHOWN = 20


@dataclass
class ImportResult:
    table: str
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    hidden_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_MESSAGES:
            self.errors.append(message)
        else:
            self.hidden_errors += 1

    def finish(self) -> "ImportResult":
        if self.hidden_errors:
            self.errors.append(f"… et {self.hidden_errors} autre(s) erreur(s) non affichée(s).")
        if self.errors:
            self.rows = []
        return self


def import_table(table: str, uploaded_file, *, convention) -> ImportResult:
    """Rows of `table` (a code of conventions.excel.tables.TABLES: "cadastre", "logements_corrigee"…) read from
    `uploaded_file`, with enum codes, Decimals and dates, and the "uuid" of the existing row they update ("" for
    a new row). A refused file or any cell error gives `errors` and no rows. Never raises for a bad file."""
    if table not in TABLES:
        raise ValueError(f"Tableau inconnu pour l'import Excel : {table!r} (attendu : {', '.join(TABLES)}).")
    spec = TABLES[table]
    result = ImportResult(table=table)
    try:
        _import(spec, uploaded_file, result, convention=convention)
    except FileRefused as exc:
        result.errors = [exc.message]
    except Exception:  # the last safety net: a file must never cause a server error
        logger.exception("Échec inattendu de l'import Excel (%s)", table)
        result.errors = [
            "Le fichier n'a pas pu être lu : il est peut-être endommagé. Ouvrez-le dans votre tableur, "
            "enregistrez-le au format .xlsx puis téléversez-le à nouveau."
        ]
    return result.finish()


def _import(spec: Table, uploaded_file, result: ImportResult, *, convention) -> None:
    data = read_upload(uploaded_file)
    check_container(data)
    workbook = open_workbook(data)
    try:
        sheet = find_sheet(workbook, spec.sheet)
        if sheet is None:
            found = ", ".join(f"« {name} »" for name in workbook.sheetnames)
            raise FileRefused(
                f"Le fichier doit contenir une feuille nommée « {spec.sheet} » (feuilles trouvées : {found})."
            )
        if getattr(sheet, "sheet_state", "visible") != "visible":
            result.warnings.append(f"La feuille « {sheet.title} » est masquée dans le fichier ; elle a été lue.")
        start, warning = first_data_row(workbook, spec.first_row)
        if warning:
            result.warnings.append(warning)
        check_sheet_width(sheet, rows=start + max_rows() + MAX_EMPTY_RUN)
        layout = read_headers(spec, sheet, result)
        if result.errors:
            return
        cells = read_rows(spec, sheet, layout, start, result)
    finally:
        workbook.close()
    if result.errors:
        return
    if cells.blanks:
        resolve_formulas(spec, data, sheet.title, cells, result)
    rows = build_rows(spec, cells, result)
    if not cells.rows:
        result.warnings.append(
            f"La feuille « {spec.sheet} » ne contient aucune ligne de données (elles sont lues à partir de la "
            f"ligne {start})."
        )
    check_financement(cells, result, convention=convention)
    if result.errors:
        return
    if convention is not None:
        match_existing(spec, rows, convention=convention)
    result.rows = rows


# --- Headers -----------------------------------------------------------------------------------------------


@dataclass
class Layout:
    columns: dict[int, Column]  # 0-based index in the sheet → column
    financement: int | None = None

    @property
    def width(self) -> int:
        indexes = [*self.columns, *([self.financement] if self.financement is not None else [])]
        return max(indexes) + 1


def header_key(text: str) -> str:
    return normalize(text)


def header_head(text: str) -> str:
    """The header without its parenthesised precision: "Surface habitable (article R.156-1)" → "surface habitable"."""
    return normalize(text.split("(")[0])


def read_headers(spec: Table, sheet, result: ImportResult) -> Layout:
    header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    layout, unknown = _match_headers(spec, header_row, result)
    if not layout.columns:
        result.error(
            f"La première ligne de la feuille « {sheet.title} » doit contenir les en-têtes des colonnes du modèle "
            f"({', '.join(f'« {c.label} »' for c in spec.columns)}). Partez du modèle à télécharger."
        )
        return layout
    found = set(layout.columns.values())
    missing = [column for column in spec.stored_columns if column not in found and not column.optional]
    other = _template_of_another_table(spec, header_row, missing=bool(missing))
    if other is not None:
        result.error(another_table_message(spec, other))
        return layout
    for column in missing:
        result.error(f"Le fichier doit avoir une colonne « {' '.join(column.header.split())} ».")
    if unknown:
        result.warnings.append(unknown_columns_warning(spec, unknown))
    return layout


def _template_of_another_table(spec: Table, header_row, *, missing: bool) -> Table | None:
    """The other table whose template this header row is: same sheet name, all its required columns found, and
    either `spec` misses some of its own, or the other table reads more of the headers (a file of the dwellings
    "with rents" holds every column of the one "without rents", plus the rents: it is not for the latter)."""
    mine = len(_match_headers(spec, header_row, ImportResult(table=spec.code))[0].columns)
    best, best_count = None, 0
    for other in TABLES.values():
        if other.code == spec.code or other.sheet != spec.sheet:
            continue
        layout, _ = _match_headers(other, header_row, ImportResult(table=other.code))
        found = set(layout.columns.values())
        if not all(column in found or column.optional for column in other.stored_columns):
            continue
        count = len(layout.columns)
        if (missing or count > mine) and count > best_count:
            best, best_count = other, count
    return best


def another_table_message(spec: Table, other: Table) -> str:
    """Why a file made for `other` is refused by `spec`, and where it goes."""
    if other.pour != spec.pour:
        return (
            f"Ce fichier est le modèle « {other.title} », fait pour {other.pour} : il ne convient pas au tableau "
            f"« {spec.title} » ({spec.pour}). Téléchargez le modèle de ce tableau depuis cette étape."
        )
    where = f" (section « {other.section} » de l'étape)" if other.section else ""
    return (
        f"Ce fichier est le modèle « {other.title} » : il ne convient pas au tableau « {spec.title} ». Importez-le "
        f"dans le tableau « {other.title} »{where}, ou téléchargez le modèle de ce tableau-ci."
    )


def _match_headers(spec: Table, header_row, result: ImportResult) -> tuple[Layout, list[str]]:
    """Each header of the first row matched to a column of the table (exactly, or without its parenthesised
    precision); the unknown ones listed by cell."""
    exact, heads = {}, {}
    for column in spec.columns:
        for header in column.headers:
            exact.setdefault(header_key(header), column)
            heads.setdefault(header_head(header), column)
    layout, unknown = Layout(columns={}), []
    for index, value in enumerate(header_row):
        if is_blank(value):
            continue
        text = str(value)
        column = exact.get(header_key(text)) or heads.get(header_head(text))
        if column is not None and not column.stored:
            layout.financement = index  # read to be checked, never stored
        elif column is None and spec.code != "edd" and header_key(text) == header_key(FINANCEMENT_OPTIONNEL):
            layout.financement = index
        elif column is None:
            unknown.append(f"{get_column_letter(index + 1)}1 « {' '.join(text.split())[:60]} »")
        elif column in layout.columns.values():
            result.warnings.append(
                f"{get_column_letter(index + 1)}1 : une autre colonne « {column.label} » a déjà été trouvée ; "
                "celle-ci est ignorée."
            )
        else:
            layout.columns[index] = column
    return layout, unknown


def unknown_columns_warning(spec: Table, unknown: list[str]) -> str:
    expected = ", ".join(f"« {' '.join(c.header.split())} »" for c in spec.columns)
    shown = ", ".join(unknown[:MAX_UNKNOWN_SHOWN])
    if len(unknown) > MAX_UNKNOWN_SHOWN:
        shown += f" et {len(unknown) - MAX_UNKNOWN_SHOWN} autre(s)"
    return f"Colonne(s) inconnue(s), ignorée(s) : {shown}. Les colonnes attendues sont : {expected}."


# --- Data rows ---------------------------------------------------------------------------------------------


@dataclass
class Cells:
    """The converted data rows: (sheet row number, {field: value}) plus what needs a second look."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    blanks: dict[tuple[int, int], Column] = field(default_factory=dict)  # empty cells in non-empty rows
    failed: set[tuple[int, str]] = field(default_factory=set)
    financements: set[str] = field(default_factory=set)


def read_rows(spec: Table, sheet, layout: Layout, start: int, result: ImportResult) -> Cells:
    cells, empty_run, limit = Cells(), 0, max_rows()
    mapped = sorted(layout.columns.items())
    for number, values in enumerate(
        sheet.iter_rows(min_row=start, max_col=layout.width, values_only=True), start=start
    ):
        raw = {index: (values[index] if index < len(values) else None) for index, _ in mapped}
        if all(is_blank(value) for value in raw.values()):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if len(cells.rows) >= limit:
            result.errors = [
                f"Le fichier contient plus de {limit} lignes de données : c'est la limite acceptée. "
                "Découpez-le en plusieurs fichiers ou supprimez les lignes inutiles."
            ]
            return cells
        cells.rows.append((number, convert_row(number, mapped, raw, cells, result)))
        if layout.financement is not None and layout.financement < len(values):
            value = values[layout.financement]
            if not is_blank(value):
                cells.financements.add(str(value).strip())
    return cells


def convert_row(number: int, mapped, raw: dict, cells: Cells, result: ImportResult) -> dict:
    row = {}
    for index, column in mapped:
        value = raw[index]
        if is_blank(value):
            row[column.name] = empty_value(column)
            cells.blanks[(number, index)] = column
            continue
        try:
            row[column.name] = convert(column, value)
        except CellError as exc:
            row[column.name] = empty_value(column)
            cells.failed.add((number, column.name))
            result.error(f"{get_column_letter(index + 1)}{number} : {exc} (colonne « {column.label} »).")
    return row


def empty_value(column: Column):
    return None if column.kind in (DECIMAL, INTEGER, DATE) else ""


def resolve_formulas(spec: Table, data: bytes, title: str, cells: Cells, result: ImportResult) -> None:
    """Empty cells of non-empty rows may be formulas whose result was never computed (a file written by a
    program rather than a spreadsheet): read the formulas once more to tell the user, or compute the rent."""
    last_row = max(row for row, _ in cells.blanks)
    width = max(index for _, index in cells.blanks) + 1
    workbook = open_workbook(data, data_only=False)
    try:
        sheet = workbook[title]
        first = min(row for row, _ in cells.blanks)
        formulas = set()
        for number, values in enumerate(
            sheet.iter_rows(min_row=first, max_row=last_row, max_col=width, values_only=True), start=first
        ):
            for index, value in enumerate(values):
                if (number, index) in cells.blanks and isinstance(value, str) and value.startswith("="):
                    formulas.add((number, index))
    finally:
        workbook.close()
    rows, computed = dict(cells.rows), []
    for number, index in sorted(formulas):
        column = cells.blanks[(number, index)]
        coordinate = f"{get_column_letter(index + 1)}{number}"
        rent = computed_rent(spec, rows[number]) if column.name == "loyer" else None
        if rent is not None:
            rows[number]["loyer"] = rent
            computed.append(coordinate)
        else:
            result.error(
                f"{coordinate} : la cellule contient une formule dont le résultat n'est pas enregistré dans le "
                f"fichier (colonne « {column.label} »). Ouvrez le fichier dans votre tableur, enregistrez-le, puis "
                "téléversez-le à nouveau."
            )
    if computed:
        shown_cells = ", ".join(computed[:5]) + (f" et {len(computed) - 5} autre(s)" if len(computed) > 5 else "")
        surface = spec.column(spec.surface_du_loyer).label.lower()
        result.warnings.append(
            f"{shown_cells} : la formule du loyer n'avait pas de résultat enregistré dans le fichier ; le loyer a "
            f"été calculé ({surface} × loyer par m² × coefficient, arrondi au centime)."
        )


def computed_rent(spec: Table, row: dict) -> Decimal | None:
    """The rent of a row of a table with a rent formula (surface × loyer/m² × coefficient, rounded to the cent)."""
    if spec.surface_du_loyer is None:
        return None
    factors = [row.get(name) for name in (spec.surface_du_loyer, "loyer_par_metre_carre", "coefficient")]
    if any(factor is None for factor in factors):
        return None
    return (factors[0] * factors[1] * factors[2]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def build_rows(spec: Table, cells: Cells, result: ImportResult) -> list[dict]:
    rows = []
    for number, values in cells.rows:
        missing = [
            spec.column(name).label
            for name in spec.needed
            if values.get(name) in (None, "") and (number, name) not in cells.failed
        ]
        if missing and not any((number, name) in cells.failed for name in spec.needed):
            result.warnings.append(
                f"Ligne {number} ignorée : {', '.join(f'« {label} »' for label in missing)} "
                f"{'n’est pas renseignée' if len(missing) == 1 else 'ne sont pas renseignées'}."
            )
            continue
        row = {column.name: values.get(column.name, empty_value(column)) for column in spec.stored_columns}
        row["uuid"] = ""
        rows.append(row)
    return rows


def check_financement(cells: Cells, result: ImportResult, *, convention) -> None:
    """The 2026 templates have a Financement column (mixed conventions): values must be the convention's."""
    if not cells.financements or convention is None:
        return
    expected = convention.lot.financement
    label = convention.lot.get_financement_display()
    others = sorted(
        value for value in cells.financements if normalize(value) not in {normalize(expected), normalize(label)}
    )
    if others:
        result.warnings.append(
            f"La colonne « Financement » contient {', '.join(f'« {v} »' for v in others[:5])} alors que la "
            f"convention porte sur le financement {label} ; cette colonne n'est pas importée."
        )
