"""National exports of conventions by département (CSV or Excel), for the national team.

Spreadsheet formula injection: a text cell starting with = + - @, a tab or a carriage return is prefixed
with an apostrophe, so that no spreadsheet evaluates it (OWASP "CSV injection")."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from conventions.excel.exports import LIST_COLUMNS, convention_cells
from conventions.models import Convention
from conventions.perms import INSTRUCTEUR
from core.spreadsheets import neutralise_csv, write_cell

COLUMNS = [title for title, _ in LIST_COLUMNS] + ["Département"]
MAX_ROWS = 100_000


def conventions_du_departement(code: str | None):
    qs = Convention.objects.with_list_relations().order_by("programme__code_insee_departement", "numero", "pk")
    if code:
        qs = qs.filter(programme__code_insee_departement=code)
    return qs


def rows(queryset):
    for convention in queryset[:MAX_ROWS].iterator(chunk_size=1000):
        cells = convention_cells(convention, INSTRUCTEUR) + [convention.programme.code_insee_departement]
        yield cells


def to_csv(queryset) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(COLUMNS)
    for row in rows(queryset):
        writer.writerow(
            [
                "" if v is None else (v.strftime("%d/%m/%Y") if isinstance(v, datetime.date) else neutralise_csv(v))
                for v in row
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def to_xlsx(queryset) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Conventions")
    sheet.append(COLUMNS)
    for row in rows(queryset):
        cells = []
        for value in row:
            cell = write_cell(WriteOnlyCell(sheet), value)
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
