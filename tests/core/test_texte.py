from core.templatetags.nombres import accord
from core.texte import minuscule_initiale


def test_an_acronym_keeps_its_capitals():
    assert minuscule_initiale("EDD volumétrique") == "EDD volumétrique"
    assert minuscule_initiale("Date d'achat") == "date d'achat"
    assert minuscule_initiale("") == "" and minuscule_initiale("A") == "a"


def test_french_plural_starts_at_two():
    formes = "local commercial,locaux commerciaux"
    assert accord(0, formes) == "0 local commercial"
    assert accord(None, formes) == "0 local commercial"
    assert accord(1, formes) == "1 local commercial"
    assert accord(2, formes) == "2 locaux commerciaux"
    assert accord(1200, "bureau,bureaux").endswith("200 bureaux")
