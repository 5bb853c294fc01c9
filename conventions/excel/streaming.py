"""A lighter read-only mode on top of openpyxl, for imports: same values, less work per cell.

- sheets are not sized beforehand (openpyxl parses a whole sheet lacking a <dimension> element just to size
  it, and truncates one declaring a wrong size): rows are read until the import decides to stop;
- chartsheets are skipped (the tables are ordinary sheets);
- shared and inline strings are read without building openpyxl's rich-text objects (several times faster).
"""

from xml.parsers import expat

from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
from openpyxl.utils import coordinate_to_tuple
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

SI_TAG = f"{{{SHEET_MAIN_NS}}}si"
T_TAG = f"{{{SHEET_MAIN_NS}}}t"
R_TAG = f"{{{SHEET_MAIN_NS}}}r"


def string_content(node) -> str:
    """The text of an <si> or <is> element: its <t>, or the <t> of its runs (phonetic hints excluded)."""
    parts = []
    for child in node:
        if child.tag == T_TAG:
            parts.append(child.text or "")
        elif child.tag == R_TAG:
            text = child.find(T_TAG)
            if text is not None:
                parts.append(text.text or "")
    return "".join(parts)


def read_shared_strings(source) -> list[str]:
    strings = []
    for _, node in iterparse(source):
        if node.tag == SI_TAG:
            strings.append(string_content(node).replace("x005F_", ""))
            node.clear()
    return strings


class FastSheetParser(WorkSheetParser):
    def parse_cell(self, element):
        if element.get("t") != "inlineStr" or (not self.data_only and element.find(FORMULA_TAG) is not None):
            return super().parse_cell(element)
        coordinate = element.get("r")
        if coordinate:
            row, column = coordinate_to_tuple(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            row, column = self.row_counter, self.col_counter
        child = element.find(INLINE_STRING)
        value = string_content(child) if child is not None else None
        style_id = int(element.get("s", 0) or 0)
        return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": style_id}


class StreamedWorksheet(ReadOnlyWorksheet):
    def _get_size(self):
        return None

    def _cells_by_row(self, min_col, min_row, max_col, max_row, values_only=False):
        filler = None if values_only else EMPTY_CELL
        empty_row = (filler,) * (max_col + 1 - min_col) if max_col is not None else ()
        counter = min_row
        with self._get_source() as source:
            parser = FastSheetParser(
                source,
                self._shared_strings,
                data_only=self.parent.data_only,
                epoch=self.parent.epoch,
                date_formats=self.parent._date_formats,
                timedelta_formats=self.parent._timedelta_formats,
            )
            for index, row in parser.parse():
                if max_row is not None and index > max_row:
                    break
                for _ in range(counter, index):  # rows missing from the XML
                    counter += 1
                    yield empty_row
                if counter <= index:
                    counter += 1
                    yield self._get_row(row, min_col, max_col, values_only)


class StreamedExcelReader(ExcelReader):
    def read_strings(self):
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = read_shared_strings(source)

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = StreamedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


class SheetTooWide(Exception):
    def __init__(self, row: int):
        super().__init__(row)
        self.row = row


class _ScanDone(Exception):
    pass


def _column_index(reference: str) -> int:
    """ "XFD12" → 16384; 0 when the reference has no column letters."""
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index


def scan_sheet_width(source, *, max_columns: int, max_rows: int) -> None:
    """Raise SheetTooWide at the first of the first `max_rows` rows with a cell beyond column `max_columns`.

    openpyxl builds a whole <row> element before handing it over: a row of millions of cells (a few hundred
    KB once compressed) would take gigabytes. This scan counts cells with expat, without building anything."""
    state = {"rows": 0, "row": 0, "cells": 0}

    def start(name, attrs):
        local = name.rpartition(":")[2]
        if local == "c":
            state["cells"] += 1
            reference = attrs.get("r")
            column = _column_index(reference) if reference else state["cells"]
            if max(column, state["cells"] if not reference else 0) > max_columns:
                raise SheetTooWide(state["row"])
        elif local == "row":
            state["rows"] += 1
            if state["rows"] > max_rows:
                raise _ScanDone
            state["cells"] = 0
            number = attrs.get("r", "")
            state["row"] = int(number) if number.isdigit() else state["row"] + 1

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    try:
        while chunk := source.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _ScanDone:
        pass
