"""Bailleur, Opération, Cadastre steps and the Type I/II choice (reference §2.4, §4.1). No database."""

import datetime

import pytest

from conventions import rules
from tests.users.factories import BailleurFactory


def codes(errors):
    return [(e.field, e.code) for e in errors]


def bailleur(**overrides):
    return {
        "nom": "Habitat du Sud",
        "siret": "35600000000048",
        "adresse": "3 quai du Port",
        "code_postal": "13002",
        "ville": "Marseille",
        "signataire_nom": "Camille Martin",
        "signataire_fonction": "Directrice générale",
        "signataire_date_deliberation": datetime.date(2025, 1, 15),
        **overrides,
    }


def test_valid_bailleur_dict_and_model():
    assert rules.check_bailleur(bailleur()) == []
    assert rules.check_bailleur(BailleurFactory.build()) == []


@pytest.mark.parametrize(
    "field",
    [
        "nom",
        "siret",
        "adresse",
        "code_postal",
        "ville",
        "signataire_nom",
        "signataire_fonction",
        "signataire_date_deliberation",
    ],
)
def test_bailleur_required_fields(field):
    assert codes(rules.check_bailleur(bailleur(**{field: None}))) == [(field, "obligatoire")]


def test_bailleur_siret_is_checked_with_the_model_validator():
    errors = rules.check_bailleur(bailleur(siret="12345678901234"))
    assert codes(errors) == [("siret", "siret_cle")]
    assert codes(rules.check_bailleur(bailleur(siret="123"))) == [("siret", "siret_format")]


def test_bailleur_date_of_mandate_must_be_a_date():
    assert rules.check_bailleur(bailleur(signataire_date_deliberation="15/01/2025")) == []
    assert codes(rules.check_bailleur(bailleur(signataire_date_deliberation="hier"))) == [
        ("signataire_date_deliberation", "date")
    ]


def operation(**overrides):
    return {
        "nom": "Les Tilleuls",
        "adresse": "12 avenue des Tilleuls\n14 avenue des Tilleuls",
        "code_postal": "13001",
        "ville": "Marseille",
        "nb_logements": 12,
        **overrides,
    }


def test_valid_operation():
    assert rules.check_operation(operation()) == []
    assert rules.check_operation(rules.OperationData(**operation(nb_logements="3", type_operation="VEFA"))) == []


@pytest.mark.parametrize("field", ["nom", "adresse", "code_postal", "ville", "nb_logements"])
def test_operation_required_fields(field):
    assert codes(rules.check_operation(operation(**{field: ""}))) == [(field, "obligatoire")]


@pytest.mark.parametrize("code_postal", ["1300", "130011", "2A004", "13 01", "ABCDE"])
def test_postal_code_is_five_digits(code_postal):
    errors = rules.check_operation(operation(code_postal=code_postal))
    assert codes(errors) == [("code_postal", "code_postal")]
    assert errors[0].message == "Le code postal doit comporter 5 chiffres."


def test_postal_code_overseas_and_corsica():
    assert rules.check_operation(operation(code_postal="97400")) == []
    assert rules.check_operation(operation(code_postal="20000")) == []


@pytest.mark.parametrize(
    "nb, code", [(0, "nb_logements"), (-3, "nb_logements"), ("douze", "nombre"), ("2.5", "nombre")]
)
def test_operation_number_of_dwellings(nb, code):
    assert codes(rules.check_operation(operation(nb_logements=nb))) == [("nb_logements", code)]


def test_operation_unknown_type():
    assert codes(rules.check_operation(operation(type_operation="DEMOLITION"))) == [("type_operation", "choix")]


def test_operation_address_up_to_5000_characters():
    assert rules.check_operation(operation(adresse="a" * 5000)) == []
    assert codes(rules.check_operation(operation(adresse="a" * 5001))) == [("adresse", "trop_long")]


def parcelle(**overrides):
    return {"section": "AB", "numero": "102", "lieudit": "Les Tilleuls", "surface": "0 ha 12 a 40 ca", **overrides}


def test_cadastre_rows():
    assert rules.check_references_cadastrales([parcelle(), parcelle(numero="103", autre="division en cours")]) == []


@pytest.mark.parametrize("field", ["section", "numero", "lieudit", "surface"])
def test_cadastre_required_fields(field):
    errors = rules.check_references_cadastrales([parcelle(), parcelle(**{field: " "})])
    assert [(e.row, e.field, e.code) for e in errors] == [(1, field, "obligatoire")]


def test_cadastre_error_names_the_parcel():
    (error,) = rules.check_reference_cadastrale(parcelle(lieudit=""), row=0)
    assert str(error) == "Parcelle AB 102 : le lieu-dit est obligatoire."


# --- Type I/II -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("traits", [{}, {"sem": True}])
def test_hlm_and_sem_need_no_type(traits):
    assert rules.check_type1and2(bailleur=BailleurFactory.build(**traits), type1and2="") == []


def test_other_bailleurs_must_choose_type_i_or_ii():
    other = BailleurFactory.build(type1and2=True)
    errors = rules.check_type1and2(bailleur=other, type1and2="")
    assert codes(errors) == [("type1and2", "type1and2_manquant")]
    assert "Type I ou Type II" in errors[0].message
    assert rules.check_type1and2(bailleur=other, type1and2="Type1") == []
    assert rules.check_type1and2(bailleur=other, type1and2="Type2") == []
    assert codes(rules.check_type1and2(bailleur=other, type1and2="Type3")) == [("type1and2", "choix")]


def test_operation_number_and_zones_are_checked_with_french_messages():
    from conventions.rules.operation import check_numero_operation, check_zones

    assert check_numero_operation("") == [] and check_numero_operation("20220600005") == []
    assert check_numero_operation("DEMO-2026/01") == []
    (error,) = check_numero_operation("2022 06")
    assert error.field == "numero_operation" and "numéro d'opération" in str(error)
    assert [e.field for e in check_zones("B1", "02")] == ["zone_123", "zone_abc"]
    assert check_zones("1bis", "Abis") == [] and check_zones("", "") == []


@pytest.mark.parametrize("surface", ["0 ha 12 a 40 ca", "12 a 40 ca", "1 ha", "1240 m²", "1240 m2"])
def test_a_parcel_surface_with_its_units_is_accepted(surface):
    assert rules.check_reference_cadastrale(parcelle(surface=surface)) == []


@pytest.mark.parametrize("surface", ["250", "12 a 40", "environ 3 ares"])
def test_a_parcel_surface_without_unit_is_refused(surface):
    (error,) = rules.check_reference_cadastrale(parcelle(surface=surface))
    assert (error.field, error.code) == ("surface", "surface_unite")
    assert "doit indiquer ses unités" in error.message
