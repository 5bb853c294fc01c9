"""Loans and end-of-convention year (reference §1.11, §2.4). Pure functions, injected `today`: no database."""

import datetime
from decimal import Decimal as D

import pytest

from conventions import rules

JUNE_30 = datetime.date(2026, 6, 30)
JULY_1 = datetime.date(2026, 7, 1)


def pret(**overrides):
    row = {
        "preteur": "CDCL",
        "autre": "",
        "date_octroi": datetime.date(2026, 3, 1),
        "numero": "CDC-001",
        "duree": 40,
        "montant": D("1500000.00"),
    }
    row.update(overrides)
    return row


def codes(errors):
    return [(e.field, e.code) for e in errors]


# --- One loan ------------------------------------------------------------------------------------------------


def test_valid_cdc_loan():
    assert rules.check_pret(pret()) == []
    assert rules.check_pret(rules.PretData(**pret(preteur="CDCF"))) == []


@pytest.mark.parametrize("field", ["date_octroi", "duree", "numero"])
@pytest.mark.parametrize("preteur", ["CDCF", "CDCL"])
def test_cdc_loan_requires_date_duration_and_number(field, preteur):
    errors = rules.check_pret(pret(preteur=preteur, **{field: None}), row=1)
    assert codes(errors) == [(field, "obligatoire")]
    assert errors[0].message.endswith("est obligatoire pour un prêt de la Caisse des dépôts.")
    assert errors[0].row == 1


@pytest.mark.parametrize("preteur", ["ETAT", "EPCI", "REGION", "VILLE", "COMMUNE", "ANRU"])
def test_other_lenders_need_only_the_amount(preteur):
    assert rules.check_pret({"preteur": preteur, "montant": "20 000,00"}) == []


def test_autre_requires_the_lender_identity():
    errors = rules.check_pret({"preteur": "AUTRE", "montant": 1000, "autre": "  "})
    assert codes(errors) == [("autre", "obligatoire")]
    assert rules.check_pret({"preteur": "AUTRE", "montant": 1000, "autre": "Fondation Abbé Pierre"}) == []


@pytest.mark.parametrize(
    "montant, code", [(None, "obligatoire"), ("", "obligatoire"), ("-0.01", "negatif"), ("mille", "nombre")]
)
def test_amount_required_and_not_negative(montant, code):
    assert codes(rules.check_pret(pret(montant=montant))) == [("montant", code)]


def test_amount_zero_is_accepted():
    assert rules.check_pret(pret(montant=D("0"))) == []


def test_lender_required_and_known():
    assert codes(rules.check_pret({"preteur": "", "montant": 1})) == [("preteur", "obligatoire")]
    assert codes(rules.check_pret({"preteur": "BANQUE", "montant": 1})) == [("preteur", "choix")]


def test_dates_and_durations_from_imports():
    assert rules.check_pret(pret(date_octroi="01/03/2026", duree="25")) == []
    assert rules.check_pret(pret(date_octroi="2026-03-01")) == []
    assert codes(rules.check_pret(pret(date_octroi="31/02/2026"))) == [("date_octroi", "date")]
    assert codes(rules.check_pret(pret(duree="vingt"))) == [("duree", "nombre")]
    assert codes(rules.check_pret(pret(duree="12.5"))) == [("duree", "nombre")]


@pytest.mark.parametrize("duree, ok", [(1, True), (99, True), (0, False), (100, False)])
def test_cdc_duration_bounds(duree, ok):
    assert (rules.check_pret(pret(duree=duree)) == []) is ok


def test_subsidy_may_have_zero_duration():
    assert rules.check_pret({"preteur": "ETAT", "montant": 1, "duree": 0}) == []


def test_str_names_the_loan():
    (error,) = rules.check_pret(pret(montant=None))
    assert str(error) == "Prêt n° CDC-001 : le montant est obligatoire."


# --- The loans table -----------------------------------------------------------------------------------------


def test_at_least_one_cdc_loan():
    errors = rules.check_prets([{"preteur": "ETAT", "montant": 1}], financement="PLUS", type_operation="NEUF")
    assert codes(errors) == [("preteur", "pret_cdc_manquant")]
    assert codes(rules.check_prets([], financement="PLAI", type_operation="NEUF")) == [("preteur", "pret_cdc_manquant")]
    assert rules.check_prets([pret(preteur="CDCF")], financement="PLUS", type_operation="NEUF") == []


def test_no_cdc_loan_needed_for_pls_or_sans_travaux():
    assert rules.check_prets([], financement="PLS", type_operation="NEUF") == []
    assert rules.check_prets([], financement="PLUS", type_operation="SANSTRAVAUX") == []
    # ACQUISSANSTRAVAUX is not SANSTRAVAUX.
    assert rules.check_prets([], financement="PLUS", type_operation="ACQUISSANSTRAVAUX") != []


def test_table_reports_rows_with_their_index():
    errors = rules.check_prets([pret(), pret(montant=None)], financement="PLUS", type_operation="NEUF")
    assert [(e.row, e.field) for e in errors] == [(1, "montant")]


# --- End-of-convention year: PLS and sans travaux ------------------------------------------------------------


@pytest.mark.parametrize(
    "today, bornes",
    [
        (datetime.date(2026, 1, 1), (2041, 2066)),
        (JUNE_30, (2041, 2066)),
        (JULY_1, (2042, 2067)),
        (datetime.date(2026, 12, 31), (2042, 2067)),
    ],
)
@pytest.mark.parametrize("financement, type_operation", [("PLS", "NEUF"), ("PLUS", "SANSTRAVAUX")])
def test_pls_or_sans_travaux_range(today, bornes, financement, type_operation):
    assert rules.annee_fin_bornes(financement=financement, type_operation=type_operation, today=today) == bornes


@pytest.mark.parametrize(
    "annee, code",
    [(2040, "annee_fin_min"), (2041, None), (2066, None), (2067, "annee_fin_max")],
)
def test_pls_year_bounds_on_june_30(annee, code):
    errors = rules.check_annee_fin_conventionnement(
        annee, financement="PLS", type_operation="NEUF", prets=[pret()], today=JUNE_30
    )
    assert [e.code for e in errors] == ([code] if code else [])


@pytest.mark.parametrize(
    "annee, code",
    [(2041, "annee_fin_min"), (2042, None), (2067, None), (2068, "annee_fin_max")],
)
def test_pls_year_bounds_shift_on_july_1(annee, code):
    errors = rules.check_annee_fin_conventionnement(
        annee, financement="PLS", type_operation="NEUF", prets=[pret()], today=JULY_1
    )
    assert [e.code for e in errors] == ([code] if code else [])


def test_pls_messages_give_the_bound():
    (low,) = rules.check_annee_fin_conventionnement(2030, financement="PLS", type_operation="NEUF", today=JUNE_30)
    assert "antérieure à 2041" in low.message and low.field == "annee_fin_conventionnement"
    (high,) = rules.check_annee_fin_conventionnement(2090, financement="PLS", type_operation="NEUF", today=JUNE_30)
    assert "postérieure à 2066" in high.message


def test_pls_range_applies_without_loans_too():
    # Decision: these conventions need no CDC loan, so their range is checked even with no loan declared.
    errors = rules.check_annee_fin_conventionnement(2030, financement="PLS", type_operation="NEUF", today=JUNE_30)
    assert [e.code for e in errors] == ["annee_fin_min"]


def test_pls_range_ignores_long_cdc_loans():
    prets = [pret(duree=60)]  # ends 2086: irrelevant for PLS
    assert (
        rules.check_annee_fin_conventionnement(
            2050, financement="PLS", type_operation="NEUF", prets=prets, today=JUNE_30
        )
        == []
    )


# --- End-of-convention year: CDC loans ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date_octroi, duree, minimum",
    [
        (datetime.date(2026, 3, 1), 40, 2066),
        (datetime.date(2026, 6, 30), 40, 2066),  # ends in June: no +1
        (datetime.date(2026, 7, 1), 40, 2067),  # ends in July: +1
        (datetime.date(2026, 3, 1), 9, 2035),  # exactly 9 years
        (datetime.date(2026, 3, 1), 8, 2035),  # shorter: raised to 9 years
        (datetime.date(2026, 3, 1), 1, 2035),
        (datetime.date(2026, 8, 15), 5, 2036),  # raised to 2035, then +1 (after June)
        (datetime.date(2024, 2, 29), 10, 2034),  # 29 February
    ],
)
def test_minimum_year_from_a_cdc_loan(date_octroi, duree, minimum):
    assert rules.annee_fin_minimum_cdc([pret(date_octroi=date_octroi, duree=duree)]) == minimum


def test_minimum_year_is_the_latest_of_the_cdc_loans_and_ignores_other_lenders():
    prets = [
        pret(date_octroi=datetime.date(2026, 3, 1), duree=30),  # 2056
        pret(preteur="CDCF", date_octroi=datetime.date(2025, 9, 1), duree=50),  # 2075 + 1
        pret(preteur="ETAT", date_octroi=datetime.date(2026, 1, 1), duree=90),  # not CDC
        pret(date_octroi=None),  # incomplete: ignored here (reported by check_pret)
        pret(duree="x"),
    ]
    assert rules.annee_fin_minimum_cdc(prets) == 2076


def test_no_cdc_loan_gives_no_minimum():
    assert rules.annee_fin_minimum_cdc([{"preteur": "ETAT", "montant": 1}]) is None
    assert rules.annee_fin_bornes(financement="PLUS", type_operation="NEUF", prets=[], today=JUNE_30) == (None, None)


@pytest.mark.parametrize("annee, ok", [(2066, True), (2067, True), (2065, False)])
def test_cdc_year_at_least_the_loan_end(annee, ok):
    errors = rules.check_annee_fin_conventionnement(
        annee, financement="PLUS", type_operation="NEUF", prets=[pret()], today=JUNE_30
    )
    assert (errors == []) is ok
    if not ok:
        assert errors[0].code == "annee_fin_min" and "antérieure à 2066" in errors[0].message


def test_cdc_year_is_not_bounded_above_nor_by_today():
    prets = [pret(date_octroi=datetime.date(2026, 3, 1), duree=9)]
    for annee in (2035, 2090):
        assert (
            rules.check_annee_fin_conventionnement(
                annee, financement="PLUS", type_operation="NEUF", prets=prets, today=JULY_1
            )
            == []
        )


def test_without_loans_only_presence_and_plausibility_are_checked():
    # The missing CDC loan is reported by check_prets.
    check = rules.check_annee_fin_conventionnement
    assert check(2030, financement="PLUS", type_operation="NEUF", prets=[], today=JUNE_30) == []
    assert [e.code for e in check(None, financement="PLUS", type_operation="NEUF", today=JUNE_30)] == ["obligatoire"]
    assert [e.code for e in check(1976, financement="PLUS", type_operation="NEUF", today=JUNE_30)] == ["annee_invalide"]
    assert check(1977, financement="PLUS", type_operation="NEUF", today=JUNE_30) == []
    assert [e.code for e in check(2127, financement="PLUS", type_operation="NEUF", today=JUNE_30)] == ["annee_invalide"]
    assert [e.code for e in check("2050,5", financement="PLUS", type_operation="NEUF", today=JUNE_30)] == ["nombre"]
    assert check("2050", financement="PLUS", type_operation="NEUF", today=JUNE_30) == []


def test_today_defaults_to_the_local_date(settings):
    from django.utils import timezone

    year = timezone.localdate().year
    minimum, _ = rules.annee_fin_bornes(financement="PLS", type_operation="NEUF")
    assert minimum in (year + 15, year + 16)


def test_stored_date_is_june_30():
    assert rules.date_fin_conventionnement(2066) == datetime.date(2066, 6, 30)
    assert rules.date_fin_conventionnement("2041") == datetime.date(2041, 6, 30)
