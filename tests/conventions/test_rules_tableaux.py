"""The four dwelling tables of ordinary housing (reference §13.7), with hand-computed rents. No database."""

from decimal import Decimal as D

from conventions.rules.tableaux import check_logement_tableau, tableau_of

BASE = {"designation": "A1", "typologie": "T2", "surface_habitable": D("48.00")}


def codes(errors):
    return [(e.field, e.code) for e in errors]


def test_which_table_a_dwelling_belongs_to():
    assert tableau_of({"loyer": 400}) == "su"
    assert tableau_of({}) == "su_sans_loyer"
    assert tableau_of({"surface_corrigee": 60, "loyer": 400}) == "corrigee"
    assert tableau_of({"surface_corrigee": 60, "loyer": None}) == "corrigee_sans_loyer"


def test_corrigee_rent_is_the_product_within_one_euro():
    # 62,40 × 5,85 × 1,05 = 383,292 → 383,29 €.
    row = {**BASE, "surface_corrigee": D("62.40"), "loyer_par_metre_carre": D("5.85"), "coefficient": D("1.05")}
    assert check_logement_tableau({**row, "loyer": D("384.29")}, tableau="corrigee") == []
    errors = check_logement_tableau({**row, "loyer": D("384.30")}, tableau="corrigee")
    assert codes(errors) == [("loyer", "loyer_calcul")]
    assert "surface corrigée × loyer par m² × coefficient ; valeur attendue : 383,29 €" in errors[0].message


def test_corrigee_requires_its_surface():
    errors = check_logement_tableau({**BASE}, tableau="corrigee_sans_loyer")
    assert codes(errors) == [("surface_corrigee", "obligatoire")]
    assert errors[0].message == "La surface corrigée est obligatoire."
    assert check_logement_tableau({**BASE, "surface_corrigee": "10000"}, tableau="corrigee_sans_loyer")[0].code == (
        "trop_grand"
    )


def test_sans_loyer_tables_need_no_rent():
    row = {**BASE, "surface_annexes": 4, "surface_annexes_retenue": 2, "surface_utile": 50}
    assert check_logement_tableau(row, tableau="su_sans_loyer") == []
    assert codes(check_logement_tableau(BASE, tableau="su_sans_loyer")) == [
        ("surface_annexes", "obligatoire"),
        ("surface_annexes_retenue", "obligatoire"),
        ("surface_utile", "obligatoire"),
    ]
    assert check_logement_tableau({**BASE, "surface_corrigee": 55}, tableau="corrigee_sans_loyer") == []
