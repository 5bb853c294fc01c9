"""The four dwelling tables of ordinary housing in Excel (reference §13.8): files made with the public service's
templates import unchanged, each template imports, each table exports and re-imports identically, and a file made
for another table is refused naming it."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conventions.excel.exports import export_table
from conventions.excel.imports import import_table
from conventions.excel.modeles import build_workbook, template_bytes, workbook_bytes
from conventions.excel.tables import LOGEMENTS_FOYER, TABLES, TABLES_LOGEMENTS
from programmes.enums import COLONNES_TABLEAU
from tests.conventions.excel.helpers import HEADERS_13_8, to_bytes, upload, workbook
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LogementFactory

CODES = list(HEADERS_13_8)


def reference_file(code: str, rows: list[list]) -> bytes:
    """A file as the public service's template makes it: its sheet, its headers, hints in rows 2 and 3, data from
    row 4 (Data!E2 = 4)."""
    sheet, headers, start = HEADERS_13_8[code]
    wb = workbook(sheet, headers, rows, start=start, data_e2=start)
    wb[sheet]["A2"] = "La nomenclature doit correspondre à celle indiquée dans l'EDD simplifié, ex : 604, Bâtiment B"
    wb[sheet]["A3"] = "Attention : ne pas mettre la ligne Total dans ce tableau"
    return to_bytes(wb)


# One row per table, in the reference's column order (Désignation, Type, Financement, …), and what it imports to.
ROWS = {
    "logements": (
        ["A101", "T3", "PLUS", 60, 10, 5, 65, 6.5, 1, 422.5],
        {"surface_utile": Decimal("65.00"), "loyer": Decimal("422.50"), "coefficient": Decimal("1.0000")},
    ),
    "logements_sans_loyer": (
        ["A102", "T2", "PLUS", 45, 4, 2, 47],
        {"surface_annexes": Decimal("4.00"), "surface_utile": Decimal("47.00")},
    ),
    "logements_corrigee": (
        # 72,40 × 6,50 × 1,05 = 494,13 €
        ["B201", "T1bis", "PLUS", 58, 72.4, 6.5, 1.05, 494.13],
        {"surface_corrigee": Decimal("72.40"), "coefficient": Decimal("1.0500"), "loyer": Decimal("494.13")},
    ),
    "logements_corrigee_sans_loyer": (
        ["B202", "T6 et plus", "PLUS", 80, 95],
        {"typologie": "T6", "surface_corrigee": Decimal("95.00")},
    ),
}


@pytest.mark.parametrize("code", CODES)
def test_a_file_of_the_public_service_imports_unchanged(code):
    values, expected = ROWS[code]
    result = import_table(code, upload(reference_file(code, [values])), convention=None)
    assert result.ok, result.errors
    assert result.warnings == []
    [row] = result.rows
    assert set(row) == {"uuid", *COLONNES_TABLEAU[_tableau(code)]}  # the table's own columns, no Financement
    assert row["designation"] == values[0] and row["surface_habitable"] == Decimal(values[3]).quantize(Decimal("0.01"))
    assert {name: row[name] for name in expected} == expected


def _tableau(code):
    return next(tableau for tableau, table in TABLES_LOGEMENTS.items() if table.code == code)


@pytest.mark.parametrize("code", CODES)
def test_each_template_has_the_columns_of_its_table_and_imports_filled(code):
    table = TABLES[code]
    assert [c.name for c in table.stored_columns] == list(COLONNES_TABLEAU[_tableau(code)])
    values, expected = ROWS[code]
    names = [column.name for column in table.columns]
    filled = workbook_bytes(build_workbook(table, [dict(zip(names, values, strict=True))]))
    result = import_table(code, upload(filled), convention=None)
    assert result.ok, result.errors
    assert {name: result.rows[0][name] for name in expected} == expected
    assert import_table(code, upload(template_bytes(code)), convention=None).rows == []


@pytest.mark.django_db
def test_a_financement_other_than_the_conventions_is_flagged():
    convention = ConventionFactory()  # PLUS
    values, _ = ROWS["logements_corrigee"]
    result = import_table(
        "logements_corrigee", upload(reference_file("logements_corrigee", [values])), convention=convention
    )
    assert result.ok and result.warnings == []
    other = [*values[:2], "PLAI", *values[3:]]
    result = import_table(
        "logements_corrigee", upload(reference_file("logements_corrigee", [other])), convention=convention
    )
    assert result.ok
    assert result.warnings == [
        "La colonne « Financement » contient « PLAI » alors que la convention porte sur le financement PLUS ; cette "
        "colonne n'est pas importée."
    ]


@pytest.mark.parametrize("fichier", CODES)
@pytest.mark.parametrize("tableau", CODES)
def test_a_file_for_another_dwelling_table_is_refused_naming_it(fichier, tableau):
    values, _ = ROWS[fichier]
    result = import_table(tableau, upload(reference_file(fichier, [values])), convention=None)
    if fichier == tableau:
        assert result.ok, result.errors
        return
    other, spec = TABLES[fichier], TABLES[tableau]
    assert result.errors == [
        f"Ce fichier est le modèle « {other.title} » : il ne convient pas au tableau « {spec.title} ». Importez-le "
        f"dans le tableau « {other.title} » (section « {other.section} » de l'étape), ou téléchargez le modèle de ce "
        "tableau-ci."
    ]


@pytest.mark.parametrize("code", CODES)
def test_a_foyer_file_and_a_dwelling_table_refuse_each_other(code):
    foyer = to_bytes(workbook("Logements", [c.header for c in LOGEMENTS_FOYER.columns], [["12", "T2", 30, 410]]))
    [error] = import_table(code, upload(foyer), convention=None).errors
    assert error.startswith("Ce fichier est le modèle « Logements d'un foyer ou d'une résidence », fait pour les ")
    values, _ = ROWS[code]
    [error] = import_table("logements_foyer", upload(reference_file(code, [values])), convention=None).errors
    assert f"Ce fichier est le modèle « {TABLES[code].title} », fait pour les conventions de logements ordinaires" in (
        error
    )


@pytest.mark.django_db
def test_each_table_exports_and_reimports_identically():
    convention = ConventionFactory()
    lot = convention.lot
    dwellings = {
        "logements": [
            LogementFactory(lot=lot, designation="A1", import_order=1),
            LogementFactory(
                lot=lot, designation="A2", coefficient=Decimal("0.9500"), loyer=Decimal("401.38"), import_order=2
            ),
        ],
        "logements_sans_loyer": [LogementFactory(lot=lot, designation="S1", sans_loyer=True, import_order=3)],
        "logements_corrigee": [
            LogementFactory(lot=lot, designation="C1", corrigee=True, surface_corrigee=Decimal("72.40"), import_order=4)
        ],
        "logements_corrigee_sans_loyer": [LogementFactory(lot=lot, designation="K1", corrigee_sans_loyer=True)],
    }
    for code, logements in dwellings.items():
        content = export_table(code, convention=convention)
        sheet = load_workbook(io.BytesIO(content))["Logements"]
        assert [cell.value for cell in sheet[1]] == HEADERS_13_8[code][1]  # the reference's headers
        assert sheet["C4"].value == "PLUS"  # the lot's financement
        result = import_table(code, upload(content), convention=convention)
        assert result.ok and result.warnings == [], (result.errors, result.warnings)
        columns = COLONNES_TABLEAU[_tableau(code)]
        expected = [{"uuid": str(lgt.uuid), **{c: getattr(lgt, c) for c in columns}} for lgt in logements]
        assert result.rows == expected, code


def test_a_corrigee_rent_formula_without_its_result_is_computed():
    # A file written by a program: the rent is a formula with no cached result. 72,40 × 6,50 × 1,05 = 494,13 €.
    values, _ = ROWS["logements_corrigee"]
    sheet, headers, start = HEADERS_13_8["logements_corrigee"]
    wb = workbook(sheet, headers, [values[:-1]], start=start)
    wb[sheet]["H4"] = "=E4*F4*G4"
    result = import_table("logements_corrigee", upload(to_bytes(wb)), convention=None)
    assert result.ok, result.errors
    assert result.rows[0]["loyer"] == Decimal("494.13")
    assert result.warnings == [
        "H4 : la formule du loyer n'avait pas de résultat enregistré dans le fichier ; le loyer a été calculé "
        "(surface corrigée × loyer par m² × coefficient, arrondi au centime)."
    ]
