"""Each of the six tables, in the 2022 and the 2026 header variants (reference §3.1, §3.3)."""

import datetime
from decimal import Decimal

import pytest

from conventions.excel.imports import import_table
from tests.conventions.excel.helpers import HEADERS_HEAD, HEADERS_OLD, table_file

ROWS = {
    "cadastre": (
        [["AB", 123, "Les Tilleuls", "0 ha 12 a 40 ca", "Parcelle nord"]],
        {"section": "AB", "numero": "123", "lieudit": "Les Tilleuls", "surface": "0 ha 12 a 40 ca"},
    ),
    "edd": (
        [["PLUS", "A101", "12"], ["PLAI ADP", "A102", 13]],
        {"financement": "PLUS", "designation": "A101", "numero_lot": "12"},
    ),
    "financement": (
        [["P-001", datetime.datetime(2026, 3, 1), 40, 1500000.5, "CDC pour le logement", None]],
        {
            "numero": "P-001",
            "date_octroi": datetime.date(2026, 3, 1),
            "duree": 40,
            "montant": Decimal("1500000.50"),
            "preteur": "CDCL",
            "autre": "",
        },
    ),
    "logements": (
        [["A101", "T3", 60, 10, 5, 65, 6.5, 1, 422.5]],
        {
            "designation": "A101",
            "typologie": "T3",
            "surface_habitable": Decimal("60.00"),
            "surface_annexes": Decimal("10.00"),
            "surface_annexes_retenue": Decimal("5.00"),
            "surface_utile": Decimal("65.00"),
            "loyer_par_metre_carre": Decimal("6.50"),
            "coefficient": Decimal("1.0000"),
            "loyer": Decimal("422.50"),
        },
    ),
    "annexes": (
        [["Jardin", "A101", "T3", 20, 1.5, 30]],
        {
            "typologie": "JARDIN",
            "logement_designation": "A101",
            "logement_typologie": "T3",
            "surface_hors_surface_retenue": Decimal("20.00"),
            "loyer_par_metre_carre": Decimal("1.50"),
            "loyer": Decimal("30.00"),
        },
    ),
    "stationnements": (
        [["Garage enterré", 12, 35]],
        {"typologie": "GARAGE_ENTERRE", "nb_stationnements": 12, "loyer": Decimal("35.00")},
    ),
}


@pytest.mark.parametrize("variant", ["old", "head"])
@pytest.mark.parametrize("table", list(ROWS))
def test_each_table_in_both_header_variants(table, variant):
    rows, expected = ROWS[table]
    if variant == "old" and table == "cadastre":
        rows = [row[:4] for row in rows]
    result = import_table(table, table_file(table, rows, variant=variant), convention=None)
    assert result.ok, result.errors
    assert result.warnings == []
    assert len(result.rows) == len(rows)
    first = result.rows[0]
    for name, value in expected.items():
        assert first[name] == value, name
    assert first["uuid"] == ""


def test_cadastre_2026_column_autre_is_read_and_optional():
    with_autre = import_table("cadastre", table_file("cadastre", ROWS["cadastre"][0]), convention=None)
    assert with_autre.rows[0]["autre"] == "Parcelle nord"
    without = import_table("cadastre", table_file("cadastre", [["AB", 1, "X", "1 a"]], variant="old"), convention=None)
    assert without.ok and without.rows[0]["autre"] == ""


def test_the_two_variants_differ_where_the_reference_says():
    assert HEADERS_OLD["logements"][1][2] != HEADERS_HEAD["logements"][1][2]
    assert HEADERS_OLD["financement"][1][4] != HEADERS_HEAD["financement"][1][4]


def test_edd_second_row_accepts_label_with_space():
    rows, _ = ROWS["edd"]
    result = import_table("edd", table_file("edd", rows), convention=None)
    assert result.rows[1] == {"financement": "PLAI_ADP", "designation": "A102", "numero_lot": "13", "uuid": ""}
