"""Writing user text into spreadsheets without formula injection (CSV/formula injection, OWASP).

Text typed by one organisation ends up in files opened by another. A value starting with =, +, -, @, a tab or
a carriage return would be read by a spreadsheet program as a formula (=HYPERLINK(…), =cmd|…), either at once
or when someone edits the cell. Such text is written as a string cell with the "quote prefix" style, which is
what Excel and LibreOffice do when a user types an apostrophe first: the visible text is unchanged, it stays
text when edited, and a re-import reads the same string. Every .xlsx writer puts values through write_cell().
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def write_cell(cell, value):
    """Give an openpyxl cell (ordinary or write-only) `value`; any text is stored as inert text. Returns it."""
    cell.value = value
    if isinstance(value, str) and (cell.data_type != "s" or looks_like_formula(value)):
        # openpyxl turns "=…" into a formula and "#N/A"-like strings into error values: keep them text.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def neutralise_csv(value):
    """For CSV, which has no cell types: text that a spreadsheet would run gets an apostrophe in front."""
    return "'" + value if looks_like_formula(value) else value
