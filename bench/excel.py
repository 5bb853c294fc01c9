"""Benchmark: import of a 1,000-dwelling Logements file — parse, convert and validate (target < 0.5 s).

    DJANGO_SETTINGS_MODULE=apilos.settings_test python bench/excel.py

The file is built once from the project's own template (1,000 rows, 2026 headers, rents as values); the timing
covers `import_table()` (open, headers, cell conversion) and `conventions.rules.check_logements()` on the
converted rows. No database is needed. Prints the best and median of several runs."""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apilos.settings_test")

import django  # noqa: E402

django.setup()

from decimal import ROUND_HALF_UP, Decimal  # noqa: E402

from openpyxl import load_workbook  # noqa: E402

from conventions import rules  # noqa: E402
from conventions.excel.imports import import_table  # noqa: E402
from conventions.excel.modeles import template_bytes  # noqa: E402

DWELLINGS = 1000
RUNS = 15
TARGET = 0.5


def build_file() -> bytes:
    workbook = load_workbook(io.BytesIO(template_bytes("logements")))
    sheet = workbook["Logements"]
    typologies = ["T1", "2", "T3", "4", "5 et plus"]
    for n in range(DWELLINGS):
        surface_utile = Decimal(40 + n % 60) + Decimal("0.25")
        coefficient = Decimal("1.0000") if n % 3 else Decimal("0.9500")
        loyer = (surface_utile * Decimal("6.50") * coefficient).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        values = [
            f"Bât {'ABC'[n % 3]} – logement {n + 1}",
            typologies[n % 5],
            float(surface_utile - 5),
            "10,5",
            5,
            float(surface_utile),
            "6,50",
            float(coefficient),
            float(loyer),
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=4 + n, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(data: bytes) -> tuple[float, float, int, int]:
    started = time.perf_counter()
    result = import_table("logements", io.BytesIO(data), convention=None)
    imported = time.perf_counter()
    errors = rules.check_logements(result.rows, nb_logements=DWELLINGS)
    validated = time.perf_counter()
    assert result.ok, result.errors[:5]
    assert len(result.rows) == DWELLINGS, len(result.rows)
    return imported - started, validated - started, len(result.rows), len(errors)


def main() -> int:
    data = build_file()
    print(f"Fichier : {DWELLINGS} logements, {len(data) / 1024:.0f} Ko")
    runs = [run(data) for _ in range(RUNS)]
    totals = [total for _, total, _, _ in runs]
    parse = min(parse for parse, _, _, _ in runs)
    best, median = min(totals), statistics.median(totals)
    rows, errors = runs[0][2], runs[0][3]
    print(f"Lignes importées : {rows}, erreurs métier : {errors}")
    print(f"Lecture + conversion : {parse * 1000:.0f} ms (meilleur)")
    print(f"Lecture + conversion + validation : {best * 1000:.0f} ms (meilleur), {median * 1000:.0f} ms (médiane)")
    print(f"Objectif < {TARGET * 1000:.0f} ms : {'atteint' if best < TARGET else 'NON ATTEINT'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
