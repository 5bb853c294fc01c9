import pytest

from conventions.documents import TypeConventionManquant, choose_template
from conventions.documents.build_templates import template_bytes
from conventions.documents.modeles import MODELES
from tests.conventions.factories import ConventionFactory
from tests.users.factories import BailleurFactory
from users.enums import NatureBailleur, SousNatureBailleur, nature_de

HLM_SOUS_NATURES = {
    SousNatureBailleur.OFFICE_PUBLIC_HLM,
    SousNatureBailleur.SA_HLM_ESH,
    SousNatureBailleur.COOPERATIVE_HLM_SCIC,
}


def convention_of(sous_nature, type1and2=""):
    bailleur = BailleurFactory(sous_nature=sous_nature)
    return ConventionFactory(lot__programme__bailleur=bailleur, type1and2=type1and2)


@pytest.mark.django_db
@pytest.mark.parametrize("sous_nature", list(SousNatureBailleur))
@pytest.mark.parametrize("type1and2", ["", "Type1", "Type2"])
def test_template_by_bailleur_class_and_type(sous_nature, type1and2):
    convention = convention_of(sous_nature, type1and2)
    if sous_nature in HLM_SOUS_NATURES:
        assert choose_template(convention) == "HLM"  # the Type I/II choice does not matter for HLM
    elif sous_nature == SousNatureBailleur.SEM_EPL:
        assert choose_template(convention) == "SEM"
    elif type1and2:
        assert choose_template(convention) == type1and2
    else:
        with pytest.raises(TypeConventionManquant) as excinfo:
            choose_template(convention)
        assert "Type I ou Type II" in excinfo.value.message
        assert convention.bailleur.get_sous_nature_display() in excinfo.value.message


def test_hlm_and_sem_classes_are_those_of_the_reference():
    assert {s for s in SousNatureBailleur if nature_de(s) == NatureBailleur.HLM} == HLM_SOUS_NATURES
    assert {s for s in SousNatureBailleur if nature_de(s) == NatureBailleur.SEM} == {SousNatureBailleur.SEM_EPL}


def test_every_model_is_built_from_the_python_texts():
    for nom in MODELES:
        assert template_bytes(nom)[:2] == b"PK"
