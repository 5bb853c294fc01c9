"""Annex and parking rows (reference §1.7, §1.8). No database."""

from decimal import Decimal as D

import pytest

from conventions import rules


def codes(errors):
    return [(e.field, e.code) for e in errors]


def annexe(**overrides):
    return {
        "typologie": "JARDIN",
        "logement_designation": "A1",
        "surface_hors_surface_retenue": D("25.00"),
        "loyer_par_metre_carre": D("1.50"),
        "loyer": D("37.50"),
        **overrides,
    }


def test_valid_annexes():
    assert rules.check_annexes([annexe(), annexe(typologie="TERRASSE")], designations=["A1", "A2"]) == []
    assert rules.check_annexe(rules.AnnexeData(**annexe())) == []


@pytest.mark.parametrize(
    "field", ["typologie", "logement_designation", "surface_hors_surface_retenue", "loyer_par_metre_carre", "loyer"]
)
def test_annex_required_fields(field):
    assert codes(rules.check_annexe(annexe(**{field: None}))) == [(field, "obligatoire")]


def test_annex_dwelling_must_be_in_the_lot():
    errors = rules.check_annexes([annexe(), annexe(logement_designation="Z9")], designations=["A1"])
    assert [(e.row, e.code) for e in errors] == [(1, "annexe_logement_inconnu")]
    assert str(errors[0]).startswith("Annexe du logement « Z9 » : aucun logement « Z9 » dans ce lot")
    # Without the lot's designations (an import being reviewed), only the presence is checked.
    assert rules.check_annexes([annexe(logement_designation="Z9")]) == []


def test_annex_values():
    assert codes(rules.check_annexe(annexe(typologie="PISCINE"))) == [("typologie", "choix")]
    assert codes(rules.check_annexe(annexe(loyer=D("-1")))) == [("loyer", "negatif")]
    assert codes(rules.check_annexe(annexe(surface_hors_surface_retenue=D("10000")))) == [
        ("surface_hors_surface_retenue", "trop_grand")
    ]


def stationnement(**overrides):
    return {"typologie": "GARAGE_AERIEN", "nb_stationnements": 4, "loyer": D("35.00"), **overrides}


def test_valid_parking_lines():
    assert (
        rules.check_stationnements([stationnement(), stationnement(typologie="CARPORT", nb_stationnements="2")]) == []
    )


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"typologie": ""}, ("typologie", "obligatoire")),
        ({"typologie": "HELIPORT"}, ("typologie", "choix")),
        ({"nb_stationnements": None}, ("nb_stationnements", "obligatoire")),
        ({"nb_stationnements": "deux"}, ("nb_stationnements", "nombre")),
        ({"nb_stationnements": 0}, ("nb_stationnements", "nb_stationnements")),
        ({"loyer": None}, ("loyer", "obligatoire")),
        ({"loyer": "-5"}, ("loyer", "negatif")),
    ],
)
def test_parking_line_errors(overrides, expected):
    errors = rules.check_stationnements([stationnement(**overrides)])
    assert codes(errors) == [expected]
    assert errors[0].row == 0
