"""Malformed files: the import never raises and always explains what is wrong (or what it did)."""

import datetime
import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from conventions.excel.imports import import_table
from tests.conventions.excel.helpers import (
    HEADERS_HEAD,
    rewrite_sheet_xml,
    set_cached_value,
    to_bytes,
    upload,
    workbook,
)

LOGEMENT = ["A101", "T3", 60, 10, 5, 65, 6.5, 1, 422.5]
STATIONNEMENT = ["Carport", 2, 10]


def logements_wb(rows, **kwargs):
    sheet, headers, start = HEADERS_HEAD["logements"]
    kwargs.setdefault("start", start)
    return workbook(sheet, headers, rows, **kwargs)


def stationnements_wb(rows, **kwargs):
    sheet, headers, start = HEADERS_HEAD["stationnements"]
    return workbook(sheet, headers, rows, start=start, **kwargs)


def valid_xlsx() -> bytes:
    return to_bytes(logements_wb([LOGEMENT]))


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def encrypted_ole() -> bytes:
    return OLE + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")


def zip_with_encrypted_member() -> bytes:
    data = bytearray(valid_xlsx())
    # Set the "encrypted" bit of every central-directory entry (general purpose flag, offset 8).
    position = data.find(b"PK\x01\x02")
    while position != -1:
        data[position + 8] |= 0x1
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def merged_header() -> bytes:
    wb = logements_wb([LOGEMENT])
    wb.active.merge_cells("C1:E1")
    return to_bytes(wb)


def merged_designation_cells() -> bytes:
    wb = logements_wb([LOGEMENT, [None, *LOGEMENT[1:]]])
    wb.active.merge_cells("A4:A5")
    return to_bytes(wb)


def hundred_thousand_rows() -> bytes:
    """Headers written by openpyxl, then 100,000 rows of sheet XML generated directly (fast to build)."""
    template = to_bytes(stationnements_wb([]))
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Carport</t></is></c><c r="B{n}"><v>{n}</v></c>'
        f'<c r="C{n}"><v>10</v></c></row>'
        for n in range(3, 100_003)
    )
    return rewrite_sheet_xml(template, lambda xml: xml.replace("</row></sheetData>", f"</row>{rows}</sheetData>"))


def wrong_sheet_order() -> bytes:
    wb = Workbook()
    wb.active.title = "Notice"
    wb.create_sheet("Data")["E2"] = 4
    sheet = wb.create_sheet("Logements")
    for index, header in enumerate(HEADERS_HEAD["logements"][1], start=1):
        sheet.cell(row=1, column=index, value=header)
    for index, value in enumerate(LOGEMENT, start=1):
        sheet.cell(row=4, column=index, value=value)
    return to_bytes(wb)


def hidden_sheet() -> bytes:
    wb = logements_wb([LOGEMENT], extra_sheets=("Feuille cachée", "Notice"))
    wb["Feuille cachée"].sheet_state = "hidden"
    wb.active = 2
    wb["Logements"].sheet_state = "hidden"
    return to_bytes(wb)


def chartsheet_named_like_the_table() -> bytes:
    wb = Workbook()
    wb.active.title = "Notice"
    wb.create_chartsheet("Logements")
    return to_bytes(wb)


def corrupted_sheet_xml() -> bytes:
    return rewrite_sheet_xml(valid_xlsx(), lambda xml: xml[: len(xml) // 2] + "<<<garbage")


def zip_bomb(settings) -> bytes:
    settings.EXCEL_IMPORT_MAX_SIZE_MB = 1  # uncompressed limit: the 50 MB floor
    return zip_of({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b" " * (60 * 1024 * 1024)})


# (kind, table, builder, expected fragment in errors, or in warnings when prefixed with "warning:", or "ok")
CORPUS = [
    ("empty file", "logements", lambda s: b"", "Le fichier est vide."),
    ("plain text", "logements", lambda s: b"Designation;Type\nA101;T3\n", "seul le format .xlsx est accepté"),
    ("pdf", "logements", lambda s: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "seul le format .xlsx est accepté"),
    (".xls renamed", "logements", lambda s: OLE, "Excel 97-2003 (.xls)"),
    ("encrypted (CFB/OLE)", "logements", lambda s: encrypted_ole(), "protégé par un mot de passe"),
    ("zip member encrypted", "logements", lambda s: zip_with_encrypted_member(), "protégé par un mot de passe"),
    ("random zip", "logements", lambda s: zip_of({"photo.jpg": b"\xff\xd8"}), "une archive mais pas un classeur"),
    ("docx", "logements", lambda s: zip_of({"word/document.xml": b"<w/>"}), "une archive mais pas un classeur"),
    ("ods", "logements", lambda s: zip_of({"mimetype": b"application/vnd.oasis", "content.xml": b"<x/>"}), "(.ods)"),
    ("truncated xlsx", "logements", lambda s: valid_xlsx()[:2000], "seul le format .xlsx est accepté"),
    ("corrupted sheet xml", "logements", lambda s: corrupted_sheet_xml(), "endommagé"),
    ("workbook.xml only", "logements", lambda s: zip_of({"xl/workbook.xml": b"<workbook/>"}), "endommagé"),
    ("zip bomb-ish", "logements", zip_bomb, "anormalement volumineux une fois décompressé"),
    ("empty workbook", "logements", lambda s: to_bytes(Workbook()), "une feuille nommée « Logements »"),
    ("missing sheet", "annexes", lambda s: valid_xlsx(), "une feuille nommée « Annexes »"),
    (
        "chartsheet with the name",
        "logements",
        lambda s: chartsheet_named_like_the_table(),
        "une feuille nommée « Logements »",
    ),
    ("header only", "logements", lambda s: to_bytes(logements_wb([])), "warning:aucune ligne de données"),
    ("merged header cells", "logements", lambda s: merged_header(), "une colonne « Surface des annexes"),
    ("merged data cells", "logements", lambda s: merged_designation_cells(), "warning:Ligne 5 ignorée"),
    ("100,000 rows", "stationnements", lambda s: hundred_thousand_rows(), "plus de 5000 lignes de données"),
    (
        "huge string",
        "logements",
        lambda s: to_bytes(logements_wb([["A" * 32_000, *LOGEMENT[1:]]])),
        "A4 : le texte fait 32000 caractères",
    ),
    (
        "date as unreadable text",
        "financement",
        lambda s: to_bytes(
            workbook(HEADERS_HEAD["financement"][0], HEADERS_HEAD["financement"][1], [["N", "mars 2026", 1, 2, "Etat"]])
        ),
        "B3 : la valeur « mars 2026 » n'est pas une date",
    ),
    (
        "dates as text",
        "financement",
        lambda s: to_bytes(
            workbook(
                HEADERS_HEAD["financement"][0], HEADERS_HEAD["financement"][1], [["N", "01/03/2026", 1, 2, "Etat"]]
            )
        ),
        "ok",
    ),
    ("negative numbers", "stationnements", lambda s: to_bytes(stationnements_wb([["Carport", -2, 10]])), "B3 : "),
    (
        "unicode and emoji",
        "logements",
        lambda s: to_bytes(logements_wb([["Logement 🏠 n°1 – Œuvre", *LOGEMENT[1:]]])),
        "ok",
    ),
    ("wrong sheet order", "logements", lambda s: wrong_sheet_order(), "ok"),
    ("hidden sheets", "logements", lambda s: hidden_sheet(), "warning:masquée"),
    (
        "numbers as text with spaces",
        "logements",
        lambda s: to_bytes(logements_wb([["A1", "T2", "1 234,5", "0", "0", " 1 234,5 ", "6,5", "1", "8 024,25"]])),
        "ok",
    ),
    ("booleans", "stationnements", lambda s: to_bytes(stationnements_wb([["Carport", True, 10]])), "booléenne"),
    (
        "formula error",
        "logements",
        lambda s: set_cached_value(to_bytes(logements_wb([[*LOGEMENT[:8], "=1/0"]])), "I4", "#DIV/0!", error=True),
        "I4 : la formule de la cellule renvoie l'erreur #DIV/0!",
    ),
    (
        "formula without cached value",
        "stationnements",
        lambda s: to_bytes(stationnements_wb([["Carport", "=A1", 10]])),
        "B3 : la cellule contient une formule dont le résultat n'est pas enregistré",
    ),
    (
        "Data!E2 absurd",
        "stationnements",
        lambda s: to_bytes(stationnements_wb([STATIONNEMENT], data_e2=10**9)),
        "warning:Data!E2",
    ),
    (
        "oversized file",
        "logements",
        lambda s: (setattr(s, "EXCEL_IMPORT_MAX_SIZE_MB", 0.002), valid_xlsx())[1],
        "au-delà de la limite",
    ),
    (
        "unknown columns only",
        "stationnements",
        lambda s: to_bytes(workbook("Stationnements", ["A", "B"], [[1, 2]])),
        "doit contenir les en-têtes",
    ),
    (
        "date in a datetime with time",
        "financement",
        lambda s: to_bytes(
            workbook(
                HEADERS_HEAD["financement"][0],
                HEADERS_HEAD["financement"][1],
                [["N", datetime.datetime(2026, 3, 1, 14, 30), 1, 2, "Etat"]],
            )
        ),
        "ok",
    ),
]


def test_the_corpus_has_at_least_twenty_kinds():
    assert len(CORPUS) >= 20


@pytest.mark.parametrize(("kind", "table", "build", "expected"), CORPUS, ids=[case[0] for case in CORPUS])
def test_malformed_file_gives_a_clear_message(settings, kind, table, build, expected):
    data = build(settings)
    started = time.perf_counter()
    result = import_table(table, upload(data), convention=None)
    assert time.perf_counter() - started < 10
    if expected == "ok":
        assert result.ok, result.errors
        assert result.rows
    elif expected.startswith("warning:"):
        assert result.ok, result.errors
        assert any(expected.removeprefix("warning:") in warning for warning in result.warnings), result.warnings
    else:
        assert not result.ok
        assert result.rows == []
        assert any(expected in error for error in result.errors), result.errors
