import pytest

from conventions.models import Convention
from programmes.models import Lot, Programme
from tests.conventions.factories import ConventionFactory
from tests.users.factories import RoleFactory, UserFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


def test_bailleur_sees_only_its_bailleurs_conventions():
    mine = ConventionFactory()
    ConventionFactory()  # another bailleur's
    user = bailleur_user(bailleur=mine.programme.bailleur)
    assert list(Convention.objects.visible_to(user)) == [mine]
    assert list(Programme.objects.visible_to(user)) == [mine.programme]
    assert list(Lot.objects.visible_to(user)) == [mine.lot]


def test_bailleur_departement_filter_restricts_by_postal_code():
    from core.models import Departement

    Departement.load_reference_data()
    marseille = ConventionFactory(lot__programme__code_postal="13001")
    paris = ConventionFactory(
        lot__programme__code_postal="75011", lot__programme__bailleur=marseille.programme.bailleur
    )
    user = bailleur_user(bailleur=marseille.programme.bailleur)
    assert set(Convention.objects.visible_to(user)) == {marseille, paris}
    user.filtre_departements.add(Departement.objects.get(code_insee="75"))
    user = type(user).objects.get(pk=user.pk)
    assert list(Convention.objects.visible_to(user)) == [paris]


def test_instructeur_sees_only_its_administrations_conventions():
    mine = ConventionFactory()
    ConventionFactory()
    user = instructeur_user(administration=mine.programme.administration)
    assert list(Convention.objects.visible_to(user)) == [mine]


def test_administrateur_perimeter_and_superuser_and_no_role():
    in_13 = ConventionFactory(lot__programme__code_insee_departement="13", lot__programme__code_insee_region="93")
    in_75 = ConventionFactory(lot__programme__code_insee_departement="75", lot__programme__code_insee_region="11")
    dept = RoleFactory(administrateur=True, perimetre_departement="75").user
    region = RoleFactory(administrateur=True, perimetre_region="93").user
    national = RoleFactory(administrateur=True).user
    assert list(Convention.objects.visible_to(dept)) == [in_75]
    assert list(Convention.objects.visible_to(region)) == [in_13]
    assert set(Convention.objects.visible_to(national)) == {in_13, in_75}
    assert set(Convention.objects.visible_to(UserFactory(is_superuser=True))) == {in_13, in_75}
    assert list(Convention.objects.visible_to(UserFactory())) == []
