"""The generated templates: sheets, headers (2026 wording), hints, Notice, drop-down lists, formats, formula."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from conventions.excel.imports import import_table
from conventions.excel.modeles import template_bytes, templates_zip
from tests.conventions.excel.helpers import HEADERS_13_8, HEADERS_HEAD, upload

TABLES = [
    "cadastre",
    "edd",
    "financement",
    "logements",
    "logements_sans_loyer",
    "logements_corrigee",
    "logements_corrigee_sans_loyer",
    "annexes",
    "stationnements",
]
# The headers our templates write: the reference's §13.8 for the dwelling tables, §3.3 for the others.
EXPECTED = {**HEADERS_HEAD, **HEADERS_13_8}


def load(table):
    return load_workbook(io.BytesIO(template_bytes(table)))


@pytest.mark.parametrize("table", TABLES)
def test_template_sheets_and_headers(table):
    workbook = load(table)
    sheet_name, headers, first_row = EXPECTED[table]
    assert workbook.sheetnames == [sheet_name, "Notice", "Data"]
    assert workbook.active.title == sheet_name
    sheet = workbook[sheet_name]
    assert [cell.value for cell in sheet[1]] == headers
    assert workbook["Data"]["E2"].value == first_row
    assert workbook["Data"].sheet_state == "hidden"
    assert all(cell.value for cell in sheet[2])  # a hint under every header
    notice = "\n".join(str(cell.value or "") for cell in workbook["Notice"]["A"])
    assert f"à partir de la ligne {first_row}" in notice
    assert "téléversez" in notice


@pytest.mark.parametrize("table", TABLES)
def test_empty_template_imports_without_error(table):
    result = import_table(table, upload(template_bytes(table)), convention=None)
    assert result.ok and result.rows == []


@pytest.mark.parametrize(
    ("table", "column", "values"),
    [
        ("edd", "A", ["PLUS", "PLUS CD", "PLAI", "PLAI ADP", "PLS"]),
        ("financement", "E", ["État", "EPCI", "Région", "Ville", "CDC pour le foncier"]),
        ("logements", "B", ["T1", "T1 bis", "T1'", "T2", "T3", "T4", "T5", "T6 et plus"]),
        ("logements_corrigee", "B", ["T1", "T1 bis", "T1'", "T2", "T3", "T4", "T5", "T6 et plus"]),
        ("logements_sans_loyer", "B", ["T1", "T1 bis", "T1'", "T2", "T3", "T4", "T5", "T6 et plus"]),
        ("logements_corrigee_sans_loyer", "B", ["T1", "T1 bis", "T1'", "T2", "T3", "T4", "T5", "T6 et plus"]),
        ("logements_foyer", "B", ["T1", "T1 bis", "T1'", "T2", "T3", "T4", "T5", "T6", "T7"]),
        ("annexes", "A", ["Terrasse", "Jardin", "Cour", "Cave"]),
        ("annexes", "C", ["T1", "T1 bis", "T1'", "T2", "T3", "T4", "T5", "T6 et plus"]),
        ("stationnements", "A", ["Garage aérien", "Garage enterré", "Place de stationnement"]),
    ],
)
def test_drop_down_lists_for_enumerated_columns(table, column, values):
    workbook = load(table)
    sheet = workbook.worksheets[0]
    first_row = workbook["Data"]["E2"].value
    validations = [dv for dv in sheet.data_validations.dataValidation if f"{column}{first_row}" in dv.sqref]
    assert len(validations) == 1
    validation = validations[0]
    assert validation.type == "list"
    data_column = validation.formula1.split("!")[1].split(":")[0].split("$")[1]
    listed = [cell.value for cell in workbook["Data"][data_column] if cell.value]
    assert listed[: len(values)] == values
    assert validation.formula1.endswith(f"${len(listed)}")


def test_number_and_date_formats():
    logements = load("logements")["Logements"]
    assert logements["D4"].number_format == "#,##0.00"
    assert logements["I4"].number_format == "0.0000"
    assert logements["A4"].number_format == "@"
    assert logements["C4"].number_format == "@"  # the financement
    corrigee = load("logements_corrigee")["Logements"]
    assert corrigee["E4"].number_format == "#,##0.00" and corrigee["G4"].number_format == "0.0000"
    financement = load("financement")["Financements"]
    assert financement["B3"].number_format == "DD/MM/YYYY"
    assert financement["C3"].number_format == "0"
    assert financement["D3"].number_format == "#,##0.00"


def test_logements_rent_formula_and_column_numbers():
    sheet = load("logements")["Logements"]
    assert sheet["J4"].value == '=IF(OR(G4="",H4="",I4=""),"",ROUND(G4*H4*I4,2))'
    assert sheet["J100"].value.endswith("ROUND(G100*H100*I100,2))")
    # The header says "col 5 * col 6 * col 7": row 3 numbers G, H, I (surface utile, loyer/m², coefficient) as
    # 5, 6, 7, from the Financement column (Col 1) to the rent (Col 8).
    assert (sheet["G3"].value, sheet["H3"].value, sheet["I3"].value) == ("Col 5", "Col 6", "Col 7")
    assert (sheet["C3"].value, sheet["J3"].value) == ("Col 1", "Col 8")


def test_corrigee_rent_formula_and_column_numbers():
    sheet = load("logements_corrigee")["Logements"]
    assert sheet["H4"].value == '=IF(OR(E4="",F4="",G4=""),"",ROUND(E4*F4*G4,2))'
    # The header says "col 4 * col 5 * col 6": surface corrigée, loyer/m², coefficient.
    assert (sheet["E3"].value, sheet["F3"].value, sheet["G3"].value) == ("Col 4", "Col 5", "Col 6")
    sans_loyer = load("logements_corrigee_sans_loyer")["Logements"]
    assert [sans_loyer.cell(row=3, column=c).value for c in range(2, 6)] == ["Col 1", "Col 2", "Col 3", "Col 4"]
    assert all(sans_loyer.cell(row=4, column=c).data_type != "f" for c in range(1, 6))  # no rent, no formula


def test_zip_of_the_eleven_templates():
    archive = zipfile.ZipFile(io.BytesIO(templates_zip()))
    assert sorted(archive.namelist()) == sorted(
        [
            "cadastre.xlsx",
            "logements_edd.xlsx",
            "financement.xlsx",
            "logements.xlsx",
            "logements_sans_loyer.xlsx",
            "logements_corrigee.xlsx",
            "logements_corrigee_sans_loyer.xlsx",
            "annexes.xlsx",
            "stationnements.xlsx",
            "foyer_residence_logements.xlsx",
            "locaux_collectifs.xlsx",
        ]
    )
    assert archive.read("logements.xlsx") == template_bytes("logements")
