"""EDD simplifié rules (reference §1.9 and §1.6 rule 4). Pure functions: no database."""

import pytest

from conventions import rules


def edd(designation, financement="PLUS", numero_lot="1"):
    return {"designation": designation, "financement": financement, "numero_lot": numero_lot}


def logements(*designations):
    return [{"designation": d} for d in designations]


def test_each_dwelling_present_once_with_the_lot_financement():
    rows = [edd("A1"), edd("A2"), edd("B1", "PLAI")]
    assert rules.check_logements_in_edd(logements("A1", "A2"), rows, financement="PLUS") == []


def test_dwelling_absent_from_edd():
    errors = rules.check_logements_in_edd(logements("A1", "A3"), [edd("A1")], financement="PLUS")
    assert [(e.row, e.field, e.code) for e in errors] == [(1, "designation", "edd_absent")]
    assert str(errors[0]) == "Logement « A3 » : ce logement ne figure pas dans l'EDD simplifié."


def test_dwelling_present_several_times():
    errors = rules.check_logements_in_edd(logements("A1"), [edd("A1"), edd("a1 ", "PLAI")], financement="PLUS")
    assert [e.code for e in errors] == ["edd_doublon"]
    assert "2 fois" in errors[0].message


def test_dwelling_declared_with_another_financement():
    errors = rules.check_logements_in_edd(logements("A1"), [edd("A1", "PLAI")], financement="PLUS")
    assert [e.code for e in errors] == ["edd_financement"]
    assert errors[0].message == (
        "Ce logement est déclaré en PLAI dans l'EDD simplifié, alors que ce lot est financé en PLUS."
    )


def test_designations_match_ignoring_case_and_spaces():
    assert rules.check_logements_in_edd(logements("Bât A  12"), [edd("bât a 12")], financement="PLUS") == []


def test_no_edd_rows_means_no_check():
    assert rules.check_logements_in_edd(logements("A1"), [], financement="PLUS") == []


def test_blank_designation_is_left_to_the_required_rule():
    assert rules.check_logements_in_edd(logements(""), [edd("A1")], financement="PLUS") == []


@pytest.mark.parametrize("edd_financement, ok", [("PLUS", True), ("PLAI", True), ("PLS", False)])
def test_plus_plai_lot_accepts_plus_or_plai_rows(edd_financement, ok):
    errors = rules.check_logements_in_edd(logements("A1"), [edd("A1", edd_financement)], financement="PLUS-PLAI")
    assert (errors == []) is ok
    if not ok:
        assert "financé en PLUS-PLAI" in errors[0].message


def test_plus_cd_lot_needs_plus_cd_rows():
    assert rules.check_logements_in_edd(logements("A1"), [edd("A1", "PLUS_CD")], financement="PLUS_CD") == []
    errors = rules.check_logements_in_edd(logements("A1"), [edd("A1", "PLUS")], financement="PLUS_CD")
    assert errors[0].message.endswith("financé en PLUS CD.")


# --- Rows and the optional financements warning ----------------------------------------------------------------


def test_edd_row_required_fields():
    errors = rules.check_edd_row({"designation": "", "financement": "", "numero_lot": None}, row=0)
    assert [(e.field, e.code) for e in errors] == [
        ("designation", "obligatoire"),
        ("numero_lot", "obligatoire"),
        ("financement", "obligatoire"),
    ]
    assert str(errors[1]) == "EDD simplifié, ligne 1 : le numéro de lot est obligatoire."


def test_edd_row_financement_must_be_an_edd_financement():
    errors = rules.check_edd_row(edd("A1", "PLUS-PLAI"))
    assert [(e.field, e.code) for e in errors] == [("financement", "choix")]
    assert rules.check_edd_row(edd("A1", "PLAI_ADP")) == []
    assert rules.check_edd_row(rules.EddData(designation="A1", financement="PLS", numero_lot="7")) == []


def test_every_programme_financement_present_is_an_optional_warning():
    errors = rules.check_edd([edd("A1"), edd("A2")], financements=["PLUS", "PLAI"])
    assert len(errors) == 1
    (warning,) = errors
    assert warning.optional is True and warning.code == "edd_financements"
    assert "aucun logement n'y figure pour PLAI" in warning.message
    assert "(financements de l'opération : PLUS, PLAI)" in warning.message


def test_no_warning_when_every_financement_is_present():
    rows = [edd("A1"), edd("B1", "PLAI")]
    assert rules.check_edd(rows, financements=["PLAI", "PLUS"]) == []


def test_no_warning_for_an_empty_edd():
    assert rules.check_edd_financements([], financements=["PLUS", "PLAI"]) == []


def test_plus_plai_lot_is_covered_by_plus_or_plai_rows():
    assert rules.check_edd_financements([edd("A1", "PLAI")], financements=["PLUS-PLAI"]) == []
    warning = rules.check_edd_financements([edd("A1", "PLS")], financements=["PLUS-PLAI"])
    assert "pour PLUS-PLAI (financement de l'opération : PLUS-PLAI)" in warning[0].message


def test_row_errors_and_warning_together():
    errors = rules.check_edd([edd("", "PLUS")], financements=["PLUS", "PLS"])
    assert [(e.code, e.optional) for e in errors] == [("obligatoire", False), ("edd_financements", True)]
