"""The Excel template of the « ajouts simplifiés » spreadsheet: the headers are those `tableur.lire` reads (one
definition: `tableur.COLONNES`), data from row 2, a drop-down list for the financement (Data sheet, hidden, as
in the tables' templates) and a « Notice » sheet. The import reads the first sheet only: the template's first
sheet is the table."""

import functools

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from conventions.excel import modeles
from conventions.excel.tables import Table
from reprise.tableur import COLONNES, MAX_LIGNES

FICHIER = "modele_ajouts_simplifies_apilos.xlsx"
LIGNES_PREPAREES = 200  # formatted rows with the drop-down list, below the headers

TABLE = Table(
    code="ajouts_simplifies",
    title="Conventions signées hors APiLos (ajouts simplifiés)",
    sheet="Conventions",
    filename=FICHIER,
    columns=COLONNES,
    first_row=2,
)

NOTICE = (
    "Enregistrer des conventions signées hors APiLos",
    "",
    "1. Remplissez la feuille « Conventions » à partir de la ligne 2 : une ligne par convention signée.",
    "2. Gardez les en-têtes de la ligne 1 tels quels ; l'ordre des colonnes est libre, la feuille « Conventions »"
    " doit rester la première du classeur.",
    "3. Le bailleur doit déjà être connu de la plateforme : indiquez son SIRET (14 chiffres) ou son SIREN (9).",
    "4. L'opération est retrouvée par son numéro chez ce bailleur ; sinon elle est créée pour votre"
    " administration avec le nom, la commune et le code postal indiqués.",
    "5. Pour le financement, choisissez une valeur de la liste déroulante.",
    "6. Dates au format JJ/MM/AAAA. Une convention publiée porte sa date et sa référence de publication.",
    f"7. {MAX_LIGNES} conventions au plus par fichier ; les lignes vides sont ignorées.",
    "8. Téléversez le fichier enregistré au format .xlsx : chaque ligne est relue et chaque erreur désigne sa"
    " cellule (par exemple « Cellule B4 »). Rien n'est enregistré avant votre confirmation, et toutes les lignes"
    " le sont ensemble ou aucune.",
    "9. Le PDF de chaque convention signée se dépose ensuite sur la convention.",
    "",
    "Colonnes :",
)


def _notice(sheet) -> None:
    lines = [*NOTICE]
    for column in COLONNES:
        statut = "facultative" if column.optional else "obligatoire"
        lines.append(f"• {column.header} ({statut}) : {modeles.describe(column).replace(' Facultatif.', '')}")
    sheet.column_dimensions["A"].width = 120
    for number, line in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=line).alignment = Alignment(wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=14)


def classeur() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TABLE.sheet
    data = workbook.create_sheet("Data")
    for index, column in enumerate(COLONNES, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill, cell.border = modeles.HEADER_FONT, modeles.HEADER_FILL, modeles.BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[cell.column_letter].width = max(column.width, 22)
    sheet.row_dimensions[1].height = 45
    last_row = TABLE.first_row + LIGNES_PREPAREES - 1
    modeles.write_lists(TABLE, sheet, data, last_row)
    modeles.format_rows(TABLE, sheet, last_row, filled=0)
    _notice(workbook.create_sheet("Notice", index=1))
    sheet.freeze_panes = "A2"
    workbook.active = 0
    return workbook


@functools.cache
def contenu() -> bytes:
    """The template's bytes (built once per process)."""
    return modeles.workbook_bytes(classeur())
