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


def test_national_team_role_sees_every_convention_and_acts_on_none():
    from conventions import perms, workflow
    from tests.users.factories import national_user

    conventions = [ConventionFactory(), ConventionFactory(instruction=True), ConventionFactory(a_signer=True)]
    user = national_user()
    assert set(Convention.objects.visible_to(user)) == set(conventions)
    for convention in conventions:
        assert perms.can_view(user, convention) and perms.role_on(user, convention) == perms.ADMINISTRATEUR
        assert not perms.can_edit(user, convention) and not perms.can_comment(user, convention)
        assert workflow.available_transitions(convention=convention, user=user) == []
    assert not perms.can_create_convention(user)


def test_staff_without_role_sees_no_convention_and_may_do_nothing():
    """`is_staff` only opens the Django admin (issue 11): no business right."""
    from conventions import perms, workflow

    convention = ConventionFactory()
    staff = UserFactory(is_staff=True)
    assert not Convention.objects.visible_to(staff).exists()
    assert not Programme.objects.visible_to(staff).exists()
    assert perms.role_on(staff, convention) is None and not perms.can_view(staff, convention)
    assert not perms.can_create_convention(staff)
    assert workflow.available_transitions(convention=convention, user=staff) == []
    assert not staff.has_perm("conventions.change_convention")


def test_role_permissions_never_leak_into_django_has_perm():
    """Business rights are read per organisation by has_perm_on; Django's has_perm only serves the admin."""
    from users.perms import has_perm_on

    convention = ConventionFactory()
    user = bailleur_user(bailleur=convention.programme.bailleur)
    assert has_perm_on(user, "conventions.change_convention", convention)
    assert not user.has_perm("conventions.change_convention")
    assert not has_perm_on(user, "conventions.change_convention", ConventionFactory())


def test_administrateur_perimeter_is_one_definition():
    role = RoleFactory(administrateur=True, perimetre_departement="13")
    inside = ConventionFactory(lot__programme__code_insee_departement="13")
    outside = ConventionFactory(lot__programme__code_insee_departement="44")
    assert role.covers(inside.programme) and not role.covers(outside.programme)
    assert list(Convention.objects.visible_to(role.user)) == [inside]
    national = RoleFactory(administrateur=True)
    assert national.perimetre() == {} and national.covers(outside.programme)
