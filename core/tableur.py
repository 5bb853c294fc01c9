"""Spreadsheet exports: one rule against formula injection (OWASP "CSV injection").

A text cell starting with = + - @, a tab or a carriage return would be evaluated by a spreadsheet: it is
prefixed with an apostrophe, so that it shows as typed and never runs."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
