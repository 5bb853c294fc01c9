import pytest

from tests.users.factories import BailleurFactory
from users.enums import NatureBailleur, SousNatureBailleur

HLM = {SousNatureBailleur.OFFICE_PUBLIC_HLM, SousNatureBailleur.SA_HLM_ESH, SousNatureBailleur.COOPERATIVE_HLM_SCIC}


def _expected_nature(sous_nature):
    if sous_nature in HLM:
        return NatureBailleur.HLM
    if sous_nature == SousNatureBailleur.SEM_EPL:
        return NatureBailleur.SEM
    if sous_nature == SousNatureBailleur.PARTICULIERS:
        return NatureBailleur.PRIVES
    return NatureBailleur.AUTRES


def test_there_are_24_sous_natures():
    assert len(SousNatureBailleur.values) == 24


@pytest.mark.django_db
@pytest.mark.parametrize("sous_nature", SousNatureBailleur.values)
def test_classification_of_every_sous_nature(sous_nature):
    bailleur = BailleurFactory.build(sous_nature=sous_nature)
    nature = _expected_nature(sous_nature)
    assert bailleur.nature == nature
    assert bailleur.is_hlm() is (nature == NatureBailleur.HLM)
    assert bailleur.is_sem() is (nature == NatureBailleur.SEM)
    assert bailleur.is_type1and2() is (nature not in (NatureBailleur.HLM, NatureBailleur.SEM))
    assert bailleur.classification == {"HLM": "HLM", "SEM": "SEM"}.get(nature.value, "Type I/II")


@pytest.mark.django_db
def test_siren_is_derived_from_the_siret():
    bailleur = BailleurFactory(siret="73282932000074", nom="Habitat Test")
    assert bailleur.siren == "732829320"
    assert str(bailleur) == "Habitat Test (732829320)"


@pytest.mark.django_db
def test_factory_traits():
    assert BailleurFactory.build(sem=True).is_sem()
    assert BailleurFactory.build(type1and2=True).is_type1and2()
