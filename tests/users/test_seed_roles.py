from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import Departement
from users import roles
from users.seeding import dump_groups, sync_groups

GROUP_NAMES = {
    "bailleur",
    "instructeur",
    "administrateur",
    "readonly_bailleur",
    "readonly_instructeur",
    "readonly_administrateur",
    "equipe_nationale",
}


def _seed() -> str:
    out = StringIO()
    call_command("seed_roles", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_roles_creates_the_seven_groups_with_exactly_the_defined_permissions():
    _seed()
    groups = dump_groups()
    assert set(groups) == GROUP_NAMES
    for name, permissions in groups.items():
        assert set(permissions) == set(roles.GROUPS[name]), name
    assert Departement.objects.count() == 101


@pytest.mark.django_db
def test_every_permission_of_the_definition_exists_in_the_models():
    existing = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    assert roles.all_permissions() <= existing, sorted(roles.all_permissions() - existing)


def test_definition_follows_the_reference():
    assert "conventions.validate_convention" in roles.GROUPS["instructeur"]
    assert "conventions.validate_convention" in roles.GROUPS["administrateur"]
    assert "conventions.validate_convention" not in roles.GROUPS["bailleur"]
    assert "conventions.delete_convention" in roles.GROUPS["bailleur"]
    assert "users.change_administration" not in roles.GROUPS["bailleur"]
    for name in ("readonly_bailleur", "readonly_instructeur", "readonly_administrateur"):
        writes = {p for p in roles.GROUPS[name] if not p.split(".")[1].startswith("view_")}
        # Read-only profiles may only discuss a convention through comments.
        assert writes == {"conventions.add_comment", "conventions.change_comment"}, name


@pytest.mark.django_db
def test_seed_roles_is_idempotent():
    _seed()
    before = dump_groups()
    group_ids = dict(Group.objects.values_list("name", "id"))
    output = _seed()
    assert "aucun changement" in output
    assert "Départements : 0" in output
    assert dump_groups() == before
    assert dict(Group.objects.values_list("name", "id")) == group_ids
    assert Group.objects.count() == len(GROUP_NAMES)


@pytest.mark.django_db
def test_a_permission_removed_from_the_definition_is_removed_from_the_group(monkeypatch):
    _seed()
    reduced = dict(roles.GROUPS)
    reduced["bailleur"] = roles.GROUPS["bailleur"] - {"conventions.delete_convention"}
    monkeypatch.setattr("users.management.commands.seed_roles.GROUPS", reduced)
    output = _seed()
    assert "retirée : conventions.delete_convention" in output
    assert "conventions.delete_convention" not in dump_groups()["bailleur"]
    assert "conventions.delete_convention" in dump_groups()["instructeur"]


@pytest.mark.django_db
def test_a_permission_added_by_hand_is_withdrawn():
    _seed()
    group = Group.objects.get(name="readonly_bailleur")
    group.permissions.add(Permission.objects.get(codename="delete_convention"))
    _seed()
    assert "conventions.delete_convention" not in dump_groups()["readonly_bailleur"]


@pytest.mark.django_db
def test_unknown_permission_fails_loudly_and_changes_nothing(monkeypatch):
    before = dump_groups()  # the test database is seeded once per session (tests/conftest.py)
    broken = {"bailleur": frozenset({"users.view_bailleur", "conventions.fly_convention"})}
    monkeypatch.setattr("users.management.commands.seed_roles.GROUPS", broken)
    with pytest.raises(CommandError, match="conventions.fly_convention"):
        _seed()
    assert dump_groups() == before


@pytest.mark.django_db
def test_sync_groups_reports_changes():
    changes = sync_groups({"essai": frozenset({"users.view_user", "users.view_role"})})
    assert [(c.name, c.created, c.added) for c in changes] == [("essai", True, ["users.view_role", "users.view_user"])]
    changes = sync_groups({"essai": frozenset({"users.view_user"})})
    assert [(c.created, c.added, c.removed) for c in changes] == [(False, [], ["users.view_role"])]
