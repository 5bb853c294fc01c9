from decimal import Decimal as D

import pytest
from django.template import Context, Template

from core import nombres

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,5", D("1234.5")),
        (f"1{NBSP}234,56", D("1234.56")),
        ("1\u202f234,56 €", D("1234.56")),
        ("1.234,5", D("1234.5")),
        ("1,234.5", D("1234.5")),
        ("30.00", D("30.00")),
        (" ", None),
        (None, None),
        (12, D(12)),
        (0.1, D("0.1")),
    ],
)
def test_lire(text, expected):
    assert nombres.lire(text) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", True, "nan", [1]])
def test_lire_refuse(text):
    with pytest.raises(nombres.NombreInvalide):
        nombres.lire(text)


def test_arrondi_half_up():
    assert nombres.arrondi(D("2.005")) == D("2.01")
    assert nombres.arrondi(D("0.125")) == D("0.13")
    assert nombres.arrondi(D("-2.005")) == D("-2.01")


def test_formats():
    assert nombres.nombre(D("1234567.891")) == f"1{NBSP}234{NBSP}567,89"
    assert nombres.nombre(D("999.995")) == f"1{NBSP}000,00"
    assert nombres.montant(D("-1234.5")) == f"-1{NBSP}234,50{NBSP}€"
    assert nombres.entier(12345) == f"12{NBSP}345"
    assert nombres.coefficient(D("1.1")) == "1,1000"
    assert nombres.nombre(None) == "" and nombres.montant("") == ""
    assert nombres.saisie(D("30.00")) == "30,00"
    assert nombres.saisie(D("1234.5"), 2) == "1234,50"


def test_template_filters_match_documents_and_excel():
    """The recap (template filter), the document (docx filter) and an imported Excel value print alike."""
    from conventions.documents import filtres
    from conventions.excel.convert import parse_number_text

    rendered = Template("{% load nombres %}{{ x|montant }}|{{ x|nombre }}|{{ bad|nombre }}").render(
        Context({"x": D("45"), "bad": "n/a"})
    )
    assert rendered == f"45,00{NBSP}€|45,00|n/a"
    assert filtres.montant(parse_number_text("45")) == f"45,00{NBSP}€"
    assert nombres.saisie(parse_number_text("30")) == "30"
    assert nombres.saisie(parse_number_text("30.00")) == "30,00"
