"""Every conversion rule of the import: headers, first row, empty rows, formulas, enumerations, numbers, dates."""

import datetime
from decimal import Decimal

import pytest

from conventions.excel.imports import import_table
from tests.conventions.excel.helpers import (
    HEADERS_HEAD,
    set_cached_value,
    table_file,
    to_bytes,
    upload,
    workbook,
)

LOGEMENT = ["A101", "T3", 60, 10, 5, 65, 6.5, 1, 422.5]


def logements(rows, **kwargs):
    return import_table("logements", table_file("logements", rows, **kwargs), convention=None)


def stationnements(rows, **kwargs):
    return import_table("stationnements", table_file("stationnements", rows, **kwargs), convention=None)


def test_headers_ignore_line_breaks_spaces_case_and_apostrophes():
    headers = [
        "  Type   de\nstationnement ",
        "NOMBRE DE STATIONNEMENTS",
        "Loyer maximum\r\nen €",
    ]
    result = import_table(
        "stationnements", upload(workbook("Stationnements", headers, [["Carport", 2, 10]])), convention=None
    )
    assert result.ok and result.warnings == []
    assert result.rows[0]["typologie"] == "CARPORT"
    annexes = import_table(
        "annexes",
        upload(
            workbook(
                "Annexes",
                [
                    "Type d’annexe",
                    "Désignation des logements",
                    "Typologie des logements",
                    "Surface de l’annexe",
                    "Loyer unitaire en €",
                    "Loyer maximum en €",
                ],
                [["Cour", "A1", "T2", 5, 1, 5]],
            )
        ),
        convention=None,
    )
    assert annexes.ok and annexes.rows[0]["typologie"] == "COUR"


def test_header_with_another_precision_in_parentheses_is_accepted():
    sheet, headers, start = HEADERS_HEAD["logements"]
    headers = [*headers[:2], "Surface habitable\n(article R.999-9)", *headers[3:]]
    result = import_table("logements", upload(workbook(sheet, headers, [LOGEMENT], start=start)), convention=None)
    assert result.ok and result.rows[0]["surface_habitable"] == Decimal("60.00")


def test_columns_in_another_order():
    headers = ["Loyer maximum en €", "Type de stationnement", "Nombre de stationnements"]
    result = import_table(
        "stationnements", upload(workbook("Stationnements", headers, [[12.5, "Carport", 3]])), convention=None
    )
    assert result.rows[0] | {} == {
        "typologie": "CARPORT",
        "nb_stationnements": 3,
        "loyer": Decimal("12.50"),
        "uuid": "",
    }


def test_sheet_name_tolerates_case_and_accents():
    sheet, headers, _ = HEADERS_HEAD["edd"]
    result = import_table("edd", upload(workbook("edd simplifie", headers, [["PLS", "B1", "2"]])), convention=None)
    assert result.ok and result.rows[0]["financement"] == "PLS"


def test_first_data_row_from_data_e2():
    result = stationnements([["(indication)", None, None], ["Carport", 1, 10]], start=5, data_e2=6)
    assert result.ok, result.errors
    assert [row["typologie"] for row in result.rows] == ["CARPORT"]


def test_first_data_row_defaults_without_data_sheet_or_with_empty_e2():
    assert logements([LOGEMENT]).rows[0]["designation"] == "A101"  # default row 4, no Data sheet
    sheet, headers, _ = HEADERS_HEAD["logements"]
    wb = workbook(sheet, headers, [LOGEMENT], start=4)
    wb.create_sheet("Data")["E1"] = "vide"
    assert import_table("logements", upload(wb), convention=None).rows[0]["designation"] == "A101"


def test_unusable_data_e2_falls_back_to_default_with_a_warning():
    result = stationnements([["Carport", 1, 10]], data_e2="n'importe quoi")
    assert result.ok and len(result.rows) == 1
    assert any(warning.startswith("Data!E2 :") for warning in result.warnings)


def test_empty_and_blank_rows_are_ignored():
    result = stationnements([["Carport", 1, 10], [None, None, None], ["  ", " ", None], ["Garage aérien", 2, 20]])
    assert result.ok
    assert [row["typologie"] for row in result.rows] == ["CARPORT", "GARAGE_AERIEN"]


def test_formula_read_by_its_cached_value():
    sheet, headers, _ = HEADERS_HEAD["logements"]
    wb = workbook(sheet, headers, [[*LOGEMENT[:8], "=ROUND(F4*G4*H4,2)"]], start=4)
    data = set_cached_value(to_bytes(wb), "I4", "422.5")
    result = import_table("logements", upload(data), convention=None)
    assert result.ok and result.warnings == []
    assert result.rows[0]["loyer"] == Decimal("422.50")


def test_rent_formula_without_cached_value_is_computed_with_a_warning():
    result = logements([[*LOGEMENT[:6], 6.55, 1.1, "=ROUND(F4*G4*H4,2)"]])
    assert result.ok
    assert result.rows[0]["loyer"] == Decimal("468.33")  # 65 × 6.55 × 1.1 = 468.325 → half-up
    assert result.warnings == [
        "I4 : la formule du loyer n'avait pas de résultat enregistré dans le fichier ; le loyer a été calculé "
        "(surface utile × loyer par m² × coefficient, arrondi au centime)."
    ]


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1", "T1"),
        (2, "T2"),
        (3.0, "T3"),
        ("4", "T4"),
        ("5", "T5"),
        ("5 et plus", "T5"),
        ("T5", "T5"),
        ("T5 et plus", "T5"),
        # T5 and T6 are distinct (issue 15: "T6 et plus" was stored as T5, a data loss).
        ("6", "T6"),
        ("6 et plus", "T6"),
        ("T6 et plus", "T6"),
        ("T7", "T6"),  # ordinary housing stops at "T6 et plus"
        (10, "T6"),
        ("1bis", "T1bis"),
        ("1 bis", "T1bis"),
        ("T1 bis", "T1bis"),
        ("T1'", "T1prime"),
        ("t2", "T2"),
        (" T3 ", "T3"),
    ],
)
def test_typologie_mapping(raw, code):
    result = logements([[LOGEMENT[0], raw, *LOGEMENT[2:]]])
    assert result.ok, result.errors
    assert result.rows[0]["typologie"] == code


@pytest.mark.parametrize(
    "raw", ["Garage enterré", "GARAGE_ENTERRE", "garage enterre", "  Garage   Enterré ", "garage-enterré"]
)
def test_enumeration_by_label_or_code(raw):
    assert stationnements([[raw, 1, 10]]).rows[0]["typologie"] == "GARAGE_ENTERRE"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Etat", "ETAT"), ("État", "ETAT"), ("CDCF", "CDCF"), ("Autre/Subventions", "AUTRE"), ("Autre", "AUTRE")],
)
def test_preteur_by_label_old_label_or_code(raw, code):
    result = import_table(
        "financement", table_file("financement", [["N1", None, None, 10, raw, None]]), convention=None
    )
    assert result.ok and result.rows[0]["preteur"] == code


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("65,5", "65.50"),
        ("65.5", "65.50"),
        (65.5, "65.50"),
        (65, "65.00"),
        ("1 234,5", "1234.50"),
        ("1\u00a0234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1.234,5", "1234.50"),
        ("1,234.5", "1234.50"),
        ("65,5 m²", "65.50"),
        ("422,50 €", "422.50"),
        (65.125, "65.13"),  # half-up, from the decimal text of the float
        (0.005, "0.01"),
        ("0", "0.00"),
    ],
)
def test_decimals_with_comma_or_dot(raw, value):
    result = logements([["A1", "T1", 20, 0, 0, raw, 5, 1, 100]])
    assert result.ok, result.errors
    assert result.rows[0]["surface_utile"] == Decimal(value)


def test_coefficient_keeps_four_decimal_places():
    result = logements([["A1", "T1", 20, 0, 0, 20, 5, "1,23456", 123.46]])
    assert result.rows[0]["coefficient"] == Decimal("1.2346")


@pytest.mark.parametrize(
    "raw", [datetime.datetime(2026, 3, 1), datetime.date(2026, 3, 1), "01/03/2026", "1/3/2026", "2026-03-01", 46082]
)
def test_dates_as_real_dates_or_text(raw):
    result = import_table(
        "financement", table_file("financement", [["N1", raw, 20, 10, "Etat", None]]), convention=None
    )
    assert result.ok, result.errors
    assert result.rows[0]["date_octroi"] == datetime.date(2026, 3, 1)


@pytest.mark.parametrize(("raw", "value"), [(40, 40), ("40", 40), (40.0, 40), (" 40 ans", 40)])
def test_integers(raw, value):
    result = import_table(
        "financement", table_file("financement", [["N1", None, raw, 10, "Etat", None]]), convention=None
    )
    assert result.ok, result.errors
    assert result.rows[0]["duree"] == value


@pytest.mark.parametrize(
    ("raw", "text"),
    [(123, "123"), (12.0, "12"), (1.5, "1.5"), ("  A 12  ", "A 12"), (datetime.datetime(2026, 1, 2), "02/01/2026")],
)
def test_text_columns_accept_numbers_and_dates(raw, text):
    result = import_table("edd", table_file("edd", [["PLUS", raw, "1"]]), convention=None)
    assert result.ok and result.rows[0]["designation"] == text


def test_unicode_text_is_kept():
    result = import_table("edd", table_file("edd", [["PLUS", "Bâtiment Œ – n°12 🏠", "1"]]), convention=None)
    assert result.ok and result.rows[0]["designation"] == "Bâtiment Œ – n°12 🏠"


def test_unknown_column_is_a_warning_and_is_ignored():
    sheet, headers, start = HEADERS_HEAD["stationnements"]
    wb = workbook(sheet, [*headers, "Commentaire interne"], [["Carport", 1, 10, "à revoir"]], start=start)
    result = import_table("stationnements", upload(wb), convention=None)
    assert result.ok
    assert result.warnings[0].startswith("Colonne(s) inconnue(s), ignorée(s) : D1 « Commentaire interne »")
    assert "commentaire" not in str(result.rows[0]).lower()


def test_logement_rows_missing_a_needed_value_are_skipped_with_a_warning():
    result = logements([LOGEMENT, ["A102", "T2", None, 0, 0, None, 6.5, 1, 100]])
    assert result.ok
    assert [row["designation"] for row in result.rows] == ["A101"]
    assert result.warnings == ["Ligne 5 ignorée : « Surface habitable », « Surface utile » ne sont pas renseignées."]


def test_optional_values_of_other_tables_stay_empty():
    result = import_table(
        "financement", table_file("financement", [[None, None, None, 10, "Etat", None]]), convention=None
    )
    assert result.rows[0] == {
        "numero": "",
        "date_octroi": None,
        "duree": None,
        "montant": Decimal("10.00"),
        "preteur": "ETAT",
        "autre": "",
        "uuid": "",
    }


def test_empty_sheet_with_headers_only_gives_a_warning():
    result = logements([])
    assert result.ok and result.rows == []
    assert result.warnings == [
        "La feuille « Logements » ne contient aucune ligne de données (elles sont lues à partir de la ligne 4)."
    ]
