"""users.perms.has_perm_on: the rights of the roles reaching the object only (issue 11)."""

import pytest

from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import ProgrammeFactory
from tests.users.factories import AdministrationFactory, BailleurFactory, multi_role_user, national_user
from users.perms import has_perm_on, roles_on

pytestmark = pytest.mark.django_db

CHANGE = "conventions.change_convention"


def test_read_only_on_a_full_on_b():
    a, b = BailleurFactory(), BailleurFactory()
    user = multi_role_user((a, "readonly_bailleur"), (b, "bailleur"))
    on_a = ConventionFactory(lot__programme=ProgrammeFactory(bailleur=a))
    on_b = ConventionFactory(lot__programme=ProgrammeFactory(bailleur=b))
    assert [r.group.name for r in roles_on(user, on_a)] == ["readonly_bailleur"]
    assert not has_perm_on(user, CHANGE, on_a) and has_perm_on(user, CHANGE, on_b)
    assert not has_perm_on(user, "users.change_bailleur", a) and has_perm_on(user, "users.change_bailleur", b)
    assert has_perm_on(user, "conventions.view_convention", on_a)


def test_instructeur_side_wins_and_its_rights_only_count():
    """Read-only instructeur and full bailleur of the same convention: it is instructed, read-only."""
    bailleur, administration = BailleurFactory(), AdministrationFactory()
    user = multi_role_user((bailleur, "bailleur"), (administration, "readonly_instructeur"))
    convention = ConventionFactory(lot__programme=ProgrammeFactory(bailleur=bailleur, administration=administration))
    assert [r.typologie for r in roles_on(user, convention)] == ["INSTRUCTEUR"]
    assert not has_perm_on(user, CHANGE, convention)


def test_users_are_reached_through_shared_organisations():
    a, b = BailleurFactory(), BailleurFactory()
    admin = multi_role_user((a, "readonly_bailleur"), (b, "bailleur"))
    colleague_a, colleague_b = multi_role_user((a, "bailleur")), multi_role_user((b, "bailleur"))
    assert not has_perm_on(admin, "users.add_role", colleague_a)
    assert has_perm_on(admin, "users.add_role", colleague_b)


def test_national_team_reaches_everything_read_only():
    user = national_user()
    convention = ConventionFactory()
    assert has_perm_on(user, "conventions.view_convention", convention)
    assert not has_perm_on(user, CHANGE, convention)
    assert has_perm_on(user, "users.change_bailleur", convention.programme.bailleur)


def test_an_object_without_a_rule_is_an_error():
    with pytest.raises(TypeError):
        roles_on(national_user(), object())


def test_a_permission_taken_from_a_group_is_refused_at_once_though_permissions_are_cached():
    """The groups' permissions are cached (users.models.permissions_of_groups) until a group changes: a right
    removed from the role's group is refused at the next request, not a day later."""
    from django.contrib.auth.models import Permission

    from users.models import User

    bailleur = BailleurFactory()
    user = multi_role_user((bailleur, "bailleur"))
    convention = ConventionFactory(lot__programme=ProgrammeFactory(bailleur=bailleur))
    assert has_perm_on(User.objects.get(pk=user.pk), CHANGE, convention)  # now cached
    group = user.roles.get().group
    group.permissions.remove(Permission.objects.get(codename="change_convention"))
    assert not has_perm_on(User.objects.get(pk=user.pk), CHANGE, convention)
    group.permissions.add(Permission.objects.get(codename="change_convention"))
    assert has_perm_on(User.objects.get(pk=user.pk), CHANGE, convention)
