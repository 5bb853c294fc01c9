import datetime
from decimal import Decimal

import pytest

from conventions.documents import filtres

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2021, 1, 5), "5 janvier 2021"),
        (datetime.date(2024, 3, 1), "1er mars 2024"),
        (datetime.date(2023, 8, 15), "15 août 2023"),
        (datetime.date(2022, 12, 31), "31 décembre 2022"),
        (datetime.datetime(2021, 2, 7, 23, 10), "7 février 2021"),
        ("2067-06-30", "30 juin 2067"),
        (None, ""),
        ("", ""),
    ],
)
def test_date_longue(value, expected):
    assert filtres.date_longue(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        (datetime.date(2021, 1, 5), "05/01/2021"),
        (datetime.date(2024, 11, 30), "30/11/2024"),
        ("2026-03-01", "01/03/2026"),
        (None, ""),
    ],
)
def test_date_courte(value, expected):
    assert filtres.date_courte(value) == expected


@pytest.mark.parametrize(
    "value, decimales, expected",
    [
        (Decimal("1234.5"), 2, f"1{NBSP}234,50"),
        (Decimal("1234567.891"), 2, f"1{NBSP}234{NBSP}567,89"),
        (Decimal("999.995"), 2, f"1{NBSP}000,00"),  # half-up
        (Decimal("0.125"), 2, "0,13"),  # half-up, not banker's rounding
        (Decimal("0.115"), 2, "0,12"),
        (Decimal("-1500"), 2, f"-1{NBSP}500,00"),
        (12, 0, "12"),
        (123456, 0, f"123{NBSP}456"),
        (0.1, 2, "0,10"),
        (None, 2, ""),
        ("", 2, ""),
    ],
)
def test_nombre(value, decimales, expected):
    assert filtres.nombre(value, decimales) == expected


def test_coefficient_has_four_decimals():
    assert filtres.coefficient(Decimal("1.1")) == "1,1000"
    assert filtres.coefficient(Decimal("0.98765")) == "0,9877"
    assert filtres.coefficient(None) == ""


def test_entier_and_montant():
    assert filtres.entier(Decimal("1500")) == f"1{NBSP}500"
    assert filtres.montant(Decimal("1200000")) == f"1{NBSP}200{NBSP}000,00{NBSP}€"
    assert filtres.montant(None) == ""


@pytest.mark.parametrize(
    "value, args, expected",
    [
        (0, (), ""),
        (1, (), ""),
        (2, (), "s"),
        (Decimal("1.5"), (), "s"),
        ([1, 2, 3], (), "s"),
        ([1], (), ""),
        (None, (), ""),
        (3, ("x",), "x"),
        (1, ("aux", "al"), "al"),
        (4, ("aux", "al"), "aux"),
    ],
)
def test_pluriel(value, args, expected):
    assert filtres.pluriel(value, *args) == expected


def test_sur_une_ligne():
    assert filtres.sur_une_ligne("12 rue A\n 14 rue B \n\n16 rue C") == "12 rue A, 14 rue B, 16 rue C"
    assert filtres.sur_une_ligne("") == ""
    assert filtres.sur_une_ligne(None) == ""


def test_oui_non():
    assert filtres.oui_non(True) == "oui"
    assert filtres.oui_non(False) == "non"


def test_every_filter_is_registered():
    from conventions.documents.generation import jinja_environment

    env = jinja_environment()
    for nom in filtres.FILTRES:
        assert env.filters[nom] is filtres.FILTRES[nom]
    rendu = env.from_string(
        "{{ d|date_longue }} – {{ n|nombre }} – {{ c|coefficient }} – logement{{ k|pluriel }}"
    ).render(d=datetime.date(2021, 1, 5), n=Decimal("1234.5"), c=Decimal("1"), k=2)
    assert rendu == f"5 janvier 2021 – 1{NBSP}234,50 – 1,0000 – logements"
