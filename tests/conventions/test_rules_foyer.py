"""Foyers, résidences and outre-mer (reference §13.2–§13.3): every rule with hand-computed values. No database."""

import datetime
from decimal import Decimal as D

import pytest

from conventions import rules
from conventions.rules import foyer


def logement(**overrides) -> dict:
    row = {"designation": "101", "typologie": "T1", "surface_habitable": D("20.50"), "loyer": D("450.00")}
    row.update(overrides)
    return row


def codes(errors):
    return [(e.field, e.code) for e in errors]


def test_valid_table_has_no_error():
    rows = [logement(), logement(designation="102"), logement(designation="201", typologie="T1bis", loyer="480")]
    # 20,50 × 3 = 61,50 m² ≤ 61,50 m²: the total may equal the sum.
    assert foyer.check_logements_foyer(rows, nb_logements=3, surface_habitable_totale=D("61.50")) == []


def test_total_surface_below_the_sum_of_the_dwellings():
    rows = [logement(), logement(designation="102", surface_habitable=D("31.25"))]
    # 20,50 + 31,25 = 51,75 m² > 51,74 m².
    errors = foyer.check_logements_foyer(rows, nb_logements=2, surface_habitable_totale=D("51.74"))
    assert codes(errors) == [("surface_habitable_totale", "surface_totale")]
    assert errors[0].message == (
        "La surface habitable totale (51,74 m²) ne peut pas être inférieure à la somme des surfaces habitables "
        "des logements (51,75 m²)."
    )


def test_total_surface_is_required_and_capped():
    assert codes(foyer.check_logements_foyer([logement()], nb_logements=1, surface_habitable_totale=None)) == [
        ("surface_habitable_totale", "obligatoire")
    ]
    errors = foyer.check_logements_foyer([logement()], nb_logements=1, surface_habitable_totale="100000")
    assert codes(errors) == [("surface_habitable_totale", "trop_grand")]
    assert "100 000 m²" in errors[0].message


def test_same_redevance_for_every_dwelling_of_a_typology():
    rows = [logement(), logement(designation="102", loyer=D("455.00")), logement(designation="201", typologie="T2")]
    errors = foyer.check_logements_foyer(rows, nb_logements=3, surface_habitable_totale=100)
    assert codes(errors) == [("loyer", "redevance_par_typologie")]
    assert not errors[0].optional
    assert errors[0].message == (
        "La redevance maximale doit être la même pour tous les logements de type T1 (valeurs saisies : 450,00 €, "
        "455,00 €)."
    )


def test_redevance_is_required_and_below_10000():
    errors = foyer.check_logements_foyer([logement(loyer=None)], surface_habitable_totale=100)
    assert codes(errors) == [("loyer", "obligatoire")]
    assert str(errors[0]) == "Logement « 101 » : la redevance maximale est obligatoire."
    assert codes(foyer.check_logements_foyer([logement(loyer="10000")], surface_habitable_totale=100)) == [
        ("loyer", "trop_grand")
    ]


def test_row_fields_are_checked():
    errors = foyer.check_logements_foyer(
        [logement(designation="", typologie="T9", surface_habitable="abc")], surface_habitable_totale=100
    )
    assert codes(errors) == [("designation", "obligatoire"), ("typologie", "choix"), ("surface_habitable", "nombre")]
    assert errors[0].message == "Le numéro du logement est obligatoire."


def test_every_typology_of_foyers_is_accepted():
    rows = [logement(designation=str(n), typologie=t) for n, t in enumerate(["T1", "T1bis", "T1prime", "T6", "T7"])]
    assert foyer.check_logements_foyer(rows, surface_habitable_totale=500) == []


def test_duplicate_numbers_and_count_warning():
    rows = [logement(), logement(designation=" 101 ")]
    errors = foyer.check_logements_foyer(rows, nb_logements=3, surface_habitable_totale=100)
    assert codes(errors) == [
        ("designation", "designation_doublon"),
        ("designation", "designation_doublon"),
        (None, "nombre_logements"),
    ]
    assert errors[-1].optional  # the count is a warning the user may acknowledge


def test_empty_table():
    assert codes(foyer.check_logements_foyer([], surface_habitable_totale=10)) == [(None, "logements_vide")]


# --- Locaux collectifs -------------------------------------------------------------------------------------


def test_locaux_collectifs_rows_and_total():
    rows = [
        {"type_local": "Salle commune", "surface_habitable": D("45.50"), "nombre": 2},
        {"type_local": "Laverie", "surface_habitable": "12,25", "nombre": "1"},
    ]
    assert foyer.check_locaux_collectifs(rows) == []
    # 45,50 × 2 + 12,25 × 1 = 103,25 m².
    assert foyer.surface_locaux_collectifs(rows) == D("103.25")


def test_locaux_collectifs_required_fields():
    errors = foyer.check_locaux_collectifs([{"type_local": "", "surface_habitable": None, "nombre": None}])
    assert codes(errors) == [
        ("type_local", "obligatoire"),
        ("surface_habitable", "obligatoire"),
        ("nombre", "obligatoire"),
    ]
    assert errors[0].message == "Le type de local est obligatoire."
    assert codes(foyer.check_locaux_collectifs([{"type_local": "Salle", "surface_habitable": 1, "nombre": "1,5"}])) == [
        ("nombre", "nombre")
    ]


# --- Attribution -------------------------------------------------------------------------------------------

COMMUNE = {
    "attribution_reservation_prefectorale": 30,
    "attribution_modalites_reservations": "Commission mensuelle",
    "attribution_modalites_choix_personnes": "Sur dossier",
}


def test_foyer_for_elderly_people():
    item = {**COMMUNE, "attribution_agees_autonomie": True}
    assert foyer.attribution_type_of(item) == "agees"
    assert foyer.check_attribution_foyer(item) == []


def test_foyer_autre_needs_its_detail():
    item = {**COMMUNE, "attribution_handicapes_autre": True}
    assert foyer.attribution_type_of(item) == "handicapes"
    assert codes(foyer.check_attribution_foyer(item)) == [("attribution_handicapes_autre_detail", "obligatoire")]


def test_foyer_one_public_only():
    item = {**COMMUNE, "attribution_agees_ephad": True, "attribution_handicapes_foyer": True}
    assert codes(foyer.check_attribution_foyer(item)) == [("attribution_handicapes_foyer", "public_unique")]


def test_foyer_without_public():
    errors = foyer.check_attribution_foyer(dict(COMMUNE))
    assert codes(errors) == [("attribution_agees_autonomie", "public_obligatoire")]


def test_habitat_inclusif_needs_its_five_texts():
    item = {**COMMUNE, "attribution_inclusif_conditions_specifiques": "Colocation"}
    assert foyer.attribution_type_of(item) == "inclusif"
    assert [e.field for e in foyer.check_attribution_foyer(item)] == [
        "attribution_inclusif_conditions_admission",
        "attribution_inclusif_modalites_attribution",
        "attribution_inclusif_partenariats",
        "attribution_inclusif_activites",
    ]


def test_common_attribution_fields():
    item = {"attribution_agees_autonomie": True, "attribution_reservation_prefectorale": 101}
    assert codes(foyer.check_attribution_foyer(item)) == [
        ("attribution_modalites_reservations", "obligatoire"),
        ("attribution_modalites_choix_personnes", "obligatoire"),
        ("attribution_reservation_prefectorale", "pourcentage"),
    ]


def test_residence_attribution():
    assert foyer.check_attribution_residence({**COMMUNE, "attribution_pension_de_famille": True}) == []
    assert codes(foyer.check_attribution_residence(COMMUNE)) == [
        ("attribution_residence_sociale_ordinaire", "obligatoire")
    ]


# --- Variantes ---------------------------------------------------------------------------------------------


def test_variantes():
    assert foyer.check_variantes({"foyer_residence_variante_1": True}) == []
    assert codes(foyer.check_variantes({})) == [("foyer_residence_variante_1", "variante_obligatoire")]
    assert codes(foyer.check_variantes({"foyer_residence_variante_2": True})) == [
        ("foyer_residence_variante_2_travaux", "obligatoire")
    ]
    assert foyer.check_variantes({"foyer_residence_variante_2": True, "foyer_residence_variante_2_travaux": "x"}) == []


# --- Outre-mer and durations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code_postal, nature, ok",
    [
        ("97110", "LOGEMENTSORDINAIRES", False),  # Guadeloupe
        ("97600", "LOGEMENTSORDINAIRES", False),  # Mayotte
        ("97500", "LOGEMENTSORDINAIRES", True),  # Saint-Pierre-et-Miquelon is not a DROM
        ("97400", "AUTRE", True),
        ("97300", "RESISDENCESOCIALE", True),
        ("13001", "LOGEMENTSORDINAIRES", True),
    ],
)
def test_outre_mer_only_foyers_and_residences(code_postal, nature, ok):
    errors = foyer.check_nature_outre_mer(nature_logement=nature, code_postal=code_postal)
    assert (errors == []) is ok
    if not ok:
        assert errors[0].field == "nature_logement"


def test_end_date_of_a_foyer_is_31_december():
    assert rules.date_fin_conventionnement(2060, foyer_residence=True) == datetime.date(2060, 12, 31)
    assert rules.date_fin_conventionnement(2060) == datetime.date(2060, 6, 30)


def test_foyer_pls_has_no_40_year_cap_and_no_june_shift():
    today = datetime.date(2026, 9, 1)  # after June
    assert rules.annee_fin_bornes(financement="PLS", type_operation="NEUF", today=today) == (2042, 2067)
    assert rules.annee_fin_bornes(financement="PLS", type_operation="NEUF", today=today, foyer_residence=True) == (
        2041,
        None,
    )
    assert (
        rules.check_annee_fin_conventionnement(
            2100, financement="PLS", type_operation="NEUF", today=today, foyer_residence=True
        )
        == []
    )


def test_foyer_cdc_loan_end_is_not_pushed_after_june():
    # Loan granted 1 September 2026 for 40 years ends 1 September 2066: 2067 for ordinary housing, 2066 here.
    pret = {"preteur": "CDCL", "date_octroi": datetime.date(2026, 9, 1), "duree": 40}
    assert rules.annee_fin_bornes(financement="PLUS", type_operation="NEUF", prets=[pret]) == (2067, None)
    assert rules.annee_fin_bornes(financement="PLUS", type_operation="NEUF", prets=[pret], foyer_residence=True) == (
        2066,
        None,
    )


def test_outre_mer_nine_years_and_every_loan():
    today = datetime.date(2026, 3, 1)
    # No loan: 2026 + 9 = 2035. A loan of the Région over 20 years from 2027: 2047.
    assert rules.annee_fin_bornes(financement="LLS", type_operation="NEUF", today=today, outre_mer=True) == (2035, None)
    pret = {"preteur": "REGION", "date_octroi": datetime.date(2027, 1, 15), "duree": 20}
    assert rules.annee_fin_bornes(
        financement="LLS", type_operation="NEUF", prets=[pret], today=today, outre_mer=True
    ) == (2047, None)
    errors = rules.check_annee_fin_conventionnement(
        2046, financement="LLS", type_operation="NEUF", prets=[pret], today=today, outre_mer=True
    )
    assert [e.code for e in errors] == ["annee_fin_min"]
    assert "2047" in errors[0].message


@pytest.mark.parametrize("financement", ["PLS_DOM", "PALULOS", "PALU_AV_21", "PALUCOM", "PALU_COM", "PALU_RE"])
def test_pls_like_financements_need_no_cdc_loan(financement):
    assert rules.is_pls_ou_sans_travaux(financement=financement, type_operation="NEUF")
    assert rules.check_prets([], financement=financement, type_operation="NEUF") == []
