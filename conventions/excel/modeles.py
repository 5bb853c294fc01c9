"""The Excel templates ("modèles") of the tables of every kind, generated from the table specs, empty or filled.

A workbook has the table sheet (headers in row 1, hints below, data from the first data row), a "Notice" sheet
explaining how to fill it, and a hidden "Data" sheet holding the drop-down lists and, in E2, the first data
row (the import reads it back)."""

import functools
import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from conventions.excel.tables import CHOICE, DATE, DECIMAL, INTEGER, TABLES, Column, Table
from core.spreadsheets import write_cell
from core.texte import minuscule_initiale

TEMPLATE_ROWS = 500  # formatted, validated rows offered below the data
LIST_COLUMNS = ("A", "B", "C", "D", "F", "G", "H")  # Data sheet columns for the lists (E holds the settings)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_FILENAME = "modeles_tableaux_apilos.zip"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="000091")
HINT_FONT = Font(italic=True, color="666666")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

NUMBER_FORMATS = {DECIMAL: "#,##0.00", INTEGER: "0", DATE: "DD/MM/YYYY"}

NOTICE_GENERAL = (
    "Comment utiliser ce modèle",
    "",
    "1. Remplissez la feuille « {sheet} » à partir de la ligne {first_row}, une ligne par élément.",
    "2. Ne modifiez ni le nom de la feuille ni les en-têtes de la ligne 1 ; l'ordre des colonnes est libre.",
    "3. Pour les colonnes à liste déroulante, choisissez une valeur de la liste.",
    "4. Nombres : virgule ou point pour les décimales. Dates : au format JJ/MM/AAAA.",
    "5. Enregistrez le fichier au format .xlsx, puis téléversez-le dans l'étape correspondante de la convention.",
    "6. Vérifiez les lignes affichées avant d'enregistrer l'étape : rien n'est enregistré sans votre validation.",
    "",
    "Une ligne déjà présente dans la convention est mise à jour, pas dupliquée, si elle garde sa clé ({keys}).",
    "Les lignes vides sont ignorées. Une cellule mal remplie est signalée avec sa référence (par exemple F12).",
)


def build_workbook(table: Table, rows: list[dict] | None = None) -> Workbook:
    """The template of `table`, filled with `rows` (cell values keyed by column name) when given."""
    rows = rows or []
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.sheet
    data_sheet = workbook.create_sheet("Data")
    write_headers(table, sheet)
    last_row = table.first_row + max(len(rows), 1) + TEMPLATE_ROWS - 1
    write_lists(table, sheet, data_sheet, last_row)
    for offset, row in enumerate(rows):
        for index, column in enumerate(table.columns, start=1):
            write_cell(sheet.cell(row=table.first_row + offset, column=index), row.get(column.name))
    format_rows(table, sheet, last_row, filled=len(rows))
    write_notice(table, workbook.create_sheet("Notice", index=1))
    sheet.freeze_panes = f"B{table.first_row}"
    workbook.active = 0
    return workbook


def write_headers(table: Table, sheet) -> None:
    sheet.row_dimensions[1].height = 60
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        hint = sheet.cell(row=2, column=index, value=column.hint or None)
        hint.font, hint.alignment = HINT_FONT, Alignment(wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    if table.numerotation:
        # Row 3 numbers the columns, as the rent header refers to them ("col 5 * col 6 * col 7").
        for index in range(table.numerotation, len(table.columns) + 1):
            sheet.cell(row=3, column=index, value=f"Col {index - table.numerotation + 1}").font = HINT_FONT
        sheet.cell(row=3, column=1, value="N'ajoutez pas de ligne « Total »").font = HINT_FONT


def write_lists(table: Table, sheet, data_sheet, last_row: int) -> None:
    data_sheet.sheet_state = "hidden"
    data_sheet["E1"] = "Première ligne de données"
    data_sheet["E2"] = table.first_row
    choice_columns = [(i, c) for i, c in enumerate(table.columns, start=1) if c.kind == CHOICE]
    for (index, column), letter in zip(choice_columns, LIST_COLUMNS, strict=False):
        for position, (_, label) in enumerate(column.choices, start=1):
            data_sheet[f"{letter}{position}"] = label
        validation = DataValidation(
            type="list",
            formula1=f"Data!${letter}$1:${letter}${len(column.choices)}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Valeur inattendue",
            error=f"Choisissez une valeur de la liste « {column.label} ».",
        )
        target = get_column_letter(index)
        validation.add(f"{target}{table.first_row}:{target}{last_row}")
        sheet.add_data_validation(validation)


def format_rows(table: Table, sheet, last_row: int, *, filled: int) -> None:
    formats = [(i, number_format(c)) for i, c in enumerate(table.columns, start=1)]
    for row in range(table.first_row, last_row + 1):
        for index, cell_format in formats:
            sheet.cell(row=row, column=index).number_format = cell_format
    if table.surface_du_loyer:
        write_rent_formula(table, sheet, start=table.first_row + filled, last_row=last_row)


def number_format(column: Column) -> str:
    if column.kind == DECIMAL and column.places != 2:
        return "0." + "0" * column.places
    return NUMBER_FORMATS.get(column.kind, "@")


def write_rent_formula(table: Table, sheet, *, start: int, last_row: int) -> None:
    """Empty rows get the rent formula (surface utile or corrigée × loyer/m² × coefficient, rounded to the cent)."""
    letters = {c.name: get_column_letter(i) for i, c in enumerate(table.columns, start=1)}
    su, lm2, coef = letters[table.surface_du_loyer], letters["loyer_par_metre_carre"], letters["coefficient"]
    loyer = letters["loyer"]
    for row in range(start, last_row + 1):
        sheet[f"{loyer}{row}"] = (
            f'=IF(OR({su}{row}="",{lm2}{row}="",{coef}{row}=""),"",ROUND({su}{row}*{lm2}{row}*{coef}{row},2))'
        )


def write_notice(table: Table, sheet) -> None:
    keys = " + ".join(table.column(name).label.lower() for name in table.keys[0]) if table.keys else "—"
    lines = [line.format(sheet=table.sheet, first_row=table.first_row, keys=keys) for line in NOTICE_GENERAL]
    lines += ["", f"Tableau « {table.title} »", *table.notice, "", "Colonnes :"]
    lines += [f"• {' '.join(column.header.split())} : {describe(column)}" for column in table.columns]
    sheet.column_dimensions["A"].width = 120
    for number, line in enumerate(lines, start=1):
        cell = sheet.cell(row=number, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=14)


def describe(column: Column) -> str:
    if not column.stored:
        return "le financement du lot (facultatif : il est seulement comparé à celui de la convention)."
    if column.kind == CHOICE:
        return "une valeur parmi " + ", ".join(label for _, label in column.choices) + "."
    if column.kind == DECIMAL:
        hint = f" ({minuscule_initiale(column.hint)})" if column.hint else ""
        return f"un nombre positif ou nul, {column.places} décimales au plus{hint}."
    if column.kind == INTEGER:
        return "un nombre entier positif ou nul."
    if column.kind == DATE:
        return "une date au format JJ/MM/AAAA."
    optional = " Facultatif." if column.optional else ""
    return f"un texte de {column.max_length} caractères au plus.{optional}"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@functools.cache
def template_bytes(code: str) -> bytes:
    """The empty template of one table (generated once per process)."""
    return workbook_bytes(build_workbook(TABLES[code]))


def templates_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for code, table in TABLES.items():
            archive.writestr(table.filename, template_bytes(code))
    return buffer.getvalue()
