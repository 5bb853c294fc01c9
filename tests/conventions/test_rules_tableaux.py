"""The four dwelling tables of ordinary housing (reference §13.7), with hand-computed rents. No database."""

from decimal import Decimal as D

from conventions.rules import check_champs_du_tableau, check_logements_tableaux, check_options_lot
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


# --- The four tables together (the Logements step of an ordinary convention) ------------------------------------

# One dwelling per table. Rents computed by hand:
#   A1 (surface utile avec loyers): 65,00 × 6,50 × 0,90 = 380,25 €
#   B1 (surface corrigée avec loyers): 72,40 × 6,50 × 1,05 = 494,13 € (470,60 × 1,05)
LOT = [
    {
        "tableau": "su",
        "designation": "A1",
        "typologie": "T3",
        "surface_habitable": D("60.00"),
        "surface_annexes": D("10.00"),
        "surface_annexes_retenue": D("5.00"),
        "surface_utile": D("65.00"),
        "loyer_par_metre_carre": D("6.50"),
        "coefficient": D("0.9000"),
        "loyer": D("380.25"),
    },
    {
        "tableau": "su_sans_loyer",
        "designation": "A2",
        "typologie": "T2",
        "surface_habitable": D("45.00"),
        "surface_annexes": D("4.00"),
        "surface_annexes_retenue": D("2.00"),
        "surface_utile": D("47.00"),
    },
    {
        "tableau": "corrigee",
        "designation": "B1",
        "typologie": "T3",
        "surface_habitable": D("58.00"),
        "surface_corrigee": D("72.40"),
        "loyer_par_metre_carre": D("6.50"),
        "coefficient": D("1.0500"),
        "loyer": D("494.13"),
    },
    {
        "tableau": "corrigee_sans_loyer",
        "designation": "B2",
        "typologie": "T4",
        "surface_habitable": D("80.00"),
        "surface_corrigee": D("95.00"),
    },
]


def lot(changes):
    """LOT with changes {row index: {field: value}}."""
    return [{**row, **changes.get(index, {})} for index, row in enumerate(LOT)]


def test_a_lot_of_four_tables_breaks_no_rule():
    assert check_logements_tableaux(LOT, nb_logements=4, financement="PLUS") == []


def test_each_row_is_checked_by_the_rules_of_its_table():
    rows = lot({1: {"surface_annexes": None}, 2: {"surface_corrigee": None}, 3: {"typologie": ""}})
    errors = check_logements_tableaux(rows, nb_logements=4)
    assert [(e.row, e.field, e.code) for e in errors] == [
        (1, "surface_annexes", "obligatoire"),
        (2, "surface_corrigee", "obligatoire"),
        (3, "typologie", "obligatoire"),
    ]
    assert str(errors[1]) == "Logement « B1 » : la surface corrigée est obligatoire."


def test_corrigee_rent_checked_on_the_surface_corrigee_within_one_euro():
    # 494,13 € expected: 495,13 € is within 1 €, 495,14 € is not.
    assert check_logements_tableaux(lot({2: {"loyer": D("495.13")}}), nb_logements=4) == []
    [error] = check_logements_tableaux(lot({2: {"loyer": D("495.14")}}), nb_logements=4)
    assert (error.row, error.field, error.code) == (2, "loyer", "loyer_calcul")
    assert error.message == (
        "Le loyer maximum doit être égal à surface corrigée × loyer par m² × coefficient ; valeur attendue : "
        "494,13 € (tolérance de 1 €)."
    )


def test_rows_without_rent_need_none():
    # A dwelling "sans loyer" has no rent: no error for the rent, the loyer par m² or the coefficient.
    assert check_logement_tableau(LOT[1], tableau="su_sans_loyer") == []
    assert check_logement_tableau(LOT[3], tableau="corrigee_sans_loyer") == []


def test_designations_are_unique_across_the_four_tables():
    errors = check_logements_tableaux(lot({3: {"designation": "a1"}}), nb_logements=4)
    assert [(e.row, e.code) for e in errors] == [(0, "designation_doublon"), (3, "designation_doublon")]
    assert "chaque logement du lot doit avoir sa propre désignation" in errors[0].message


def test_one_loyer_par_m2_for_the_lot_across_the_tables_with_rents():
    # B1 at 5,80 €/m²: 72,40 × 5,80 × 1,05 = 440,916 → 440,92 € (its own rent is right), but the lot has two values.
    rows = lot({2: {"loyer_par_metre_carre": D("5.80"), "loyer": D("440.92")}})
    [error] = check_logements_tableaux(rows, nb_logements=4)
    assert (error.field, error.code, error.row) == ("loyer_par_metre_carre", "loyer_m2_different", None)
    assert error.message == (
        "Le loyer par m² (de surface utile ou de surface corrigée) doit être le même pour tous les logements du lot "
        "(valeurs saisies : 5,80 €, 6,50 €)."
    )
    # Dwellings sans loyer have no loyer par m²: they never count.
    assert check_logements_tableaux([LOT[0], LOT[1]], nb_logements=2) == []


def test_coefficient_cap_over_both_surfaces():
    # A1 at 1,05: 65 × 6,50 × 1,05 = 443,625 → 443,63 €. With coefficients: 443,625 + 494,13 = 937,755 → 937,76 €;
    # without: 422,50 + 470,60 = 893,10 €; tolerance 2 € (two dwellings with rents) → refused.
    rows = lot({0: {"coefficient": D("1.0500"), "loyer": D("443.63")}})
    [error] = check_logements_tableaux(rows, nb_logements=4)
    assert (error.field, error.code) == ("coefficient", "plafond_coefficients")
    assert error.message == (
        "La somme des loyers après application des coefficients (937,76 €) ne peut pas dépasser la somme des loyers "
        "sans coefficient, soit 893,10 € (tolérance de 2 €, 1 € par logement)."
    )


def test_count_and_edd_over_the_four_tables():
    [error] = check_logements_tableaux(LOT, nb_logements=5)
    assert error.code == "nombre_logements"
    assert error.message == (
        "Le lot doit compter 5 logements (nombre déclaré à l'étape Opération) mais 4 logements sont saisis."
    )
    edd = [{"designation": d, "financement": "PLUS"} for d in ("A1", "A2", "B1")]
    [error] = check_logements_tableaux(LOT, nb_logements=4, financement="PLUS", edd=edd)
    assert (error.row, error.code, str(error)) == (
        3,
        "edd_absent",
        "Logement « B2 » : ce logement ne figure pas dans l'EDD simplifié.",
    )
    assert check_logements_tableaux([], nb_logements=0)[0].code == "logements_vide"


def test_stored_dwellings_are_in_the_table_their_empty_fields_say():
    # Without the key "tableau" (a stored dwelling), B1 is read as "corrigee" and A2 as "su_sans_loyer".
    rows = [{k: v for k, v in row.items() if k != "tableau"} for row in LOT]
    assert check_logements_tableaux(rows, nb_logements=4) == []


def test_a_value_out_of_its_table_is_refused_not_dropped():
    row = {**LOT[1], "loyer": D("400.00")}
    [error] = check_champs_du_tableau(row, tableau="su_sans_loyer", row=1)
    assert (error.row, error.field, error.code) == (1, "loyer", "hors_tableau")
    assert error.message == (
        "Le loyer maximum du logement n'a pas sa place dans le tableau « Surface utile sans loyers » : laissez ce "
        "champ vide, ou indiquez un autre tableau."
    )
    assert [e.field for e in check_champs_du_tableau({**LOT[0], "surface_corrigee": 70}, tableau="su")] == [
        "surface_corrigee"
    ]
    assert all(check_champs_du_tableau(row, tableau=row["tableau"]) == [] for row in LOT)


# --- Lot options of the Logements step -------------------------------------------------------------------------


def test_lot_options_are_optional_positive_and_bounded():
    assert check_options_lot({}) == []
    assert (
        check_options_lot(
            {"surface_locaux_collectifs_residentiels": D("99999.99"), "loyer_associations_foncieres": D("9999.99")}
        )
        == []
    )
    errors = check_options_lot(
        {"surface_locaux_collectifs_residentiels": D("100000"), "loyer_associations_foncieres": D("10000")}
    )
    assert [e.message for e in errors] == [
        "La surface des locaux collectifs résidentiels doit être inférieure à 100 000 m².",
        "Le loyer pour les associations foncières doit être inférieur à 10 000 €.",
    ]
    errors = check_options_lot(
        {"surface_locaux_collectifs_residentiels": "-1", "loyer_associations_foncieres": "5,125"}
    )
    assert [(e.field, e.code) for e in errors] == [
        ("surface_locaux_collectifs_residentiels", "negatif"),
        ("loyer_associations_foncieres", "decimales"),
    ]
