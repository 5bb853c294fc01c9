"""Dwelling rules (reference §1.6): rows, rent formula, table rules. Pure functions: no database."""

from decimal import Decimal as D

import pytest

from conventions import rules


def logement(**overrides) -> dict:
    """A valid row: SU 75 × 5,50 €/m² × 1 = 412,50 €."""
    row = {
        "designation": "Bât A - 101",
        "typologie": "T3",
        "surface_habitable": D("70.00"),
        "surface_annexes": D("10.00"),
        "surface_annexes_retenue": D("5.00"),
        "surface_utile": D("75.00"),
        "loyer_par_metre_carre": D("5.50"),
        "coefficient": D("1.0000"),
        "loyer": D("412.50"),
    }
    row.update(overrides)
    return row


def codes(errors):
    return [(e.field, e.code) for e in errors]


# --- Rent formula ------------------------------------------------------------------------------------------


def test_valid_row_has_no_error():
    assert rules.check_logement(logement()) == []


def test_loyer_attendu_rounds_half_up_at_half_a_cent():
    # 10,01 × 1,50 = 15,015 exactly: half-up gives 15,02 (float arithmetic would give 15,01).
    assert rules.loyer_attendu(surface_utile=D("10.01"), loyer_par_metre_carre=D("1.50"), coefficient=D("1")) == D(
        "15.02"
    )
    assert rules.loyer_attendu(surface_utile=D("10.01"), loyer_par_metre_carre=D("1.50"), coefficient=D("0.9999")) == D(
        "15.01"
    )  # 15,0134985 → 15,01


@pytest.mark.parametrize(
    "loyer, ok",
    [
        ("412.50", True),
        ("413.50", True),  # exactly 1 € above
        ("411.50", True),  # exactly 1 € below
        ("413.51", False),  # 1,01 € above
        ("411.49", False),  # 1,01 € below
        ("500.00", False),
    ],
)
def test_loyer_within_one_euro_of_the_product(loyer, ok):
    errors = rules.check_logement(logement(loyer=D(loyer)))
    if ok:
        assert errors == []
    else:
        assert codes(errors) == [("loyer", "loyer_calcul")]
        assert "valeur attendue : 412,50 € (tolérance de 1 €)" in errors[0].message


def test_loyer_tolerance_is_measured_after_half_up_rounding():
    # expected 15,015 → 15,02: 16,02 is exactly 1 € off (accepted), 16,03 is 1,01 € off (refused).
    row = logement(surface_utile=D("10.01"), loyer_par_metre_carre=D("1.50"), coefficient=D("1"))
    assert rules.check_logement({**row, "loyer": D("16.02")}) == []
    assert rules.check_logement({**row, "loyer": D("14.02")}) == []
    assert codes(rules.check_logement({**row, "loyer": D("16.03")})) == [("loyer", "loyer_calcul")]
    assert codes(rules.check_logement({**row, "loyer": D("14.01")})) == [("loyer", "loyer_calcul")]


def test_check_loyer_rounds_the_given_rent_half_up_too():
    common = {"surface_utile": D("100"), "loyer_par_metre_carre": D("1"), "coefficient": D("1")}
    assert rules.check_loyer(loyer=D("101.004"), **common) == []  # → 101,00
    assert rules.check_loyer(loyer=D("101.005"), **common) != []  # → 101,01


def test_coefficient_enters_the_product_and_message_uses_french_thousands():
    row = logement(surface_utile=D("150.00"), loyer_par_metre_carre=D("9.50"), coefficient=D("1.1000"))
    errors = rules.check_logement({**row, "loyer": D("1425.00")})
    assert "valeur attendue : 1 567,50 €" in errors[0].message
    assert rules.check_logement({**row, "loyer": D("1567.50")}) == []


def test_raw_values_from_imports_and_payloads_are_accepted():
    row = logement(
        surface_habitable="70,00",
        surface_annexes=10,
        surface_annexes_retenue="5",
        surface_utile=75.0,  # a float goes through its repr, never its binary value
        loyer_par_metre_carre=" 5,50 ",
        coefficient="1",
        loyer="412,5",
    )
    assert rules.check_logement(row) == []


def test_row_accepts_dataclass_and_model_instance():
    from programmes.models import Logement

    assert rules.check_logement(rules.LogementData(**logement())) == []
    assert rules.check_logement(Logement(**logement())) == []


# --- Required fields, numbers --------------------------------------------------------------------------------

FIELDS = [
    "designation",
    "typologie",
    "surface_habitable",
    "surface_annexes",
    "surface_annexes_retenue",
    "surface_utile",
    "loyer_par_metre_carre",
    "coefficient",
    "loyer",
]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("empty", [None, ""])
def test_every_field_is_required(field, empty):
    errors = rules.check_logement(logement(**{field: empty}), row=4)
    assert codes(errors) == [(field, "obligatoire")]
    assert errors[0].row == 4
    assert errors[0].message.endswith("est obligatoire.")


def test_missing_row_key_is_required_too():
    row = logement()
    del row["surface_utile"]
    assert ("surface_utile", "obligatoire") in codes(rules.check_logement(row))


def test_designation_length_and_unknown_typologie():
    assert codes(rules.check_logement(logement(designation="x" * 256))) == [("designation", "trop_long")]
    assert rules.check_logement(logement(designation="x" * 255)) == []
    errors = rules.check_logement(logement(typologie="T9"))
    assert codes(errors) == [("typologie", "choix")]
    assert "T9" in errors[0].message


@pytest.mark.parametrize("field", ["surface_habitable", "surface_annexes", "surface_annexes_retenue"])
def test_surfaces_bounds(field):
    assert rules.check_logement(logement(**{field: D("9999.99")})) == []
    assert rules.check_logement(logement(**{field: D("0")})) == []
    errors = rules.check_logement(logement(**{field: D("10000")}))
    assert codes(errors) == [(field, "trop_grand")]
    assert "inférieure à 10 000 m²" in errors[0].message
    errors = rules.check_logement(logement(**{field: D("-0.01")}))
    assert codes(errors) == [(field, "negatif")]
    assert "ne peut pas être négative" in errors[0].message
    assert codes(rules.check_logement(logement(**{field: D("12.345")}))) == [(field, "decimales")]
    assert codes(rules.check_logement(logement(**{field: "douze"}))) == [(field, "nombre")]


def test_rent_bounds():
    assert codes(rules.check_logement(logement(loyer=D("10000")))) == [("loyer", "trop_grand")]
    assert "inférieur à 10 000 €" in rules.check_logement(logement(loyer=D("10000")))[0].message
    assert codes(rules.check_logement(logement(loyer=D("-1")))) == [("loyer", "negatif")]
    errors = rules.check_logement(logement(loyer_par_metre_carre=D("10000")))
    assert codes(errors) == [("loyer_par_metre_carre", "trop_grand")]
    # A surface over the bound: the rent is not compared (no misleading second error).
    assert codes(rules.check_logement(logement(surface_utile=D("10000")))) == [("surface_utile", "trop_grand")]


def test_coefficient_four_decimals_below_1000():
    ok = logement(coefficient=D("1.0001"), loyer=D("412.54"))
    assert rules.check_logement(ok) == []
    assert codes(rules.check_logement(logement(coefficient=D("1.00001")))) == [("coefficient", "decimales")]
    assert codes(rules.check_logement(logement(coefficient=D("1000"), loyer=D("9999")))) == [
        ("coefficient", "trop_grand")
    ]
    assert "inférieur à 1 000." in rules.check_logement(logement(coefficient=D("1000")))[0].message
    assert codes(rules.check_logement(logement(coefficient=D("-0.5")))) == [("coefficient", "negatif")]
    # Trailing zeros are not decimals: 1.50000 is 1.5.
    assert rules.check_logement(logement(coefficient=D("1.00000"))) == []


@pytest.mark.parametrize("value", [True, "NaN", "Infinity", "1,2,3", object()])
def test_values_that_are_not_numbers(value):
    assert codes(rules.check_logement(logement(surface_habitable=value))) == [("surface_habitable", "nombre")]


def test_str_of_a_row_error_names_the_dwelling():
    (error,) = rules.check_logement(logement(surface_utile=None))
    assert str(error) == "Logement « Bât A - 101 » : la surface utile est obligatoire."
    (error,) = rules.check_logement(logement(designation=""), row=2)
    assert str(error) == "Logement n° 3 : la désignation est obligatoire."


# --- Table rules ---------------------------------------------------------------------------------------------


def two_rows(**second):
    return [logement(designation="A1"), logement(designation="A2", **second)]


def test_valid_table():
    assert rules.check_logements(two_rows(), nb_logements=2) == []


def test_table_cannot_be_empty():
    errors = rules.check_logements([], nb_logements=2)
    assert codes(errors) == [(None, "logements_vide")]
    assert errors[0].message == "La liste des logements ne peut pas être vide."


def test_designations_unique_ignoring_case_and_spaces():
    rows = [logement(designation="Bât A 12"), logement(designation=" bât  a 12 "), logement(designation="Bât A 13")]
    errors = rules.check_logements(rows)
    assert codes(errors) == [("designation", "designation_doublon")] * 2
    assert [e.row for e in errors] == [0, 1]


def test_blank_designations_are_not_reported_as_duplicates():
    rows = [logement(designation=""), logement(designation="")]
    assert {e.code for e in rules.check_logements(rows)} == {"obligatoire"}


def test_same_loyer_m2_for_every_dwelling():
    # 5.5 and 5.50 are the same value.
    assert rules.check_logements(two_rows(loyer_par_metre_carre=D("5.5"))) == []
    errors = rules.check_logements(two_rows(loyer_par_metre_carre=D("5.51"), loyer=D("413.25")))
    assert codes(errors) == [("loyer_par_metre_carre", "loyer_m2_different")]
    assert "5,50 €, 5,51 €" in errors[0].message


@pytest.mark.parametrize(
    "nb_logements, message",
    [
        (3, "Le lot doit compter 3 logements (nombre déclaré à l'étape Opération) mais 2 logements sont saisis."),
        (1, "Le lot doit compter 1 logement (nombre déclaré à l'étape Opération) mais 2 logements sont saisis."),
    ],
)
def test_number_of_rows_equals_lot_nb_logements(nb_logements, message):
    errors = rules.check_logements(two_rows(), nb_logements=nb_logements)
    assert [e.message for e in errors] == [message]
    assert errors[0].code == "nombre_logements" and not errors[0].optional


def test_number_not_checked_without_nb_logements():
    assert rules.check_logements(two_rows()) == []


def cap_rows(coefficient):
    """Two dwellings of 100 m² at 1 €/m²: 200 € without coefficients, tolerance 2 €."""
    second_rent = (D(100) * coefficient).quantize(D("0.01"))
    common = {"surface_utile": D("100"), "loyer_par_metre_carre": D("1.00")}
    return [
        logement(designation="A1", coefficient=D("1"), loyer=D("100"), **common),
        logement(designation="A2", coefficient=coefficient, loyer=second_rent, **common),
    ]


def test_coefficients_cap_exactly_one_euro_per_dwelling_is_accepted():
    assert rules.check_logements(cap_rows(D("1.0200"))) == []  # 202,00 = 200 + 2


def test_coefficients_cap_one_cent_over_is_refused():
    errors = rules.check_logements(cap_rows(D("1.0201")))  # 202,01
    assert codes(errors) == [("coefficient", "plafond_coefficients")]
    assert "(202,01 €)" in errors[0].message and "soit 200,00 € (tolérance de 2 €" in errors[0].message


def test_coefficients_may_compensate_each_other():
    common = {"surface_utile": D("100"), "loyer_par_metre_carre": D("1.00")}
    rows = [
        logement(designation="A1", coefficient=D("0.9"), loyer=D("90"), **common),
        logement(designation="A2", coefficient=D("1.1"), loyer=D("110"), **common),
    ]
    assert rules.check_logements(rows) == []


def test_table_errors_keep_row_indexes():
    errors = rules.check_logements([logement(designation="A1"), logement(designation="A2", loyer=None)])
    assert [(e.row, e.field) for e in errors] == [(1, "loyer")]


def test_edd_consistency_is_checked_when_edd_rows_are_given():
    edd = [{"designation": "A1", "financement": "PLUS", "numero_lot": "1"}]
    errors = rules.check_logements(two_rows(), financement="PLUS", edd=edd)
    assert [(e.row, e.code) for e in errors] == [(1, "edd_absent")]
    assert rules.check_logements(two_rows(), financement="PLUS", edd=[]) == []


def test_by_row_splits_row_errors_from_table_errors():
    errors = rules.check_logements([logement(designation="A1"), logement(designation="A2", loyer=None)], nb_logements=3)
    rows, table = rules.by_row(errors)
    assert list(rows) == [1] and rows[1][0].field == "loyer"
    assert [e.code for e in table] == ["nombre_logements"]
