"""Make the permission groups in the database match users/roles.py exactly."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction


class UnknownPermissionError(Exception):
    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__(
            "Permissions introuvables en base (migrations non appliquées ou définition erronée) : " + ", ".join(missing)
        )


@dataclass
class GroupChange:
    name: str
    created: bool = False
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.added) or bool(self.removed)


def _permission_key(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def _resolve(wanted: set[str]) -> dict[str, Permission]:
    """The Permission rows of these "app_label.codename" strings; every one must exist."""
    by_key = {
        _permission_key(p): p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in={key.split(".", 1)[-1] for key in wanted}
        )
    }
    missing = sorted(key for key in wanted if key not in by_key)
    if missing:
        raise UnknownPermissionError(missing)
    return {key: by_key[key] for key in wanted}


@transaction.atomic
def sync_groups(definition: dict[str, frozenset[str] | set[str]]) -> list[GroupChange]:
    """Create the groups and give each exactly its defined permissions. Idempotent."""
    permissions = _resolve(set().union(*definition.values()) if definition else set())
    changes = []
    for name, wanted in sorted(definition.items()):
        group, created = Group.objects.get_or_create(name=name)
        current = {_permission_key(p): p for p in group.permissions.select_related("content_type")}
        to_add = sorted(set(wanted) - set(current))
        to_remove = sorted(set(current) - set(wanted))
        if to_add:
            group.permissions.add(*(permissions[key] for key in to_add))
        if to_remove:
            group.permissions.remove(*(current[key] for key in to_remove))
        changes.append(GroupChange(name=name, created=created, added=to_add, removed=to_remove))
    return changes


def dump_groups() -> dict[str, list[str]]:
    """Every group with its sorted permissions, for comparisons (CI runs post_deploy twice and diffs this)."""
    return {
        group.name: sorted(_permission_key(p) for p in group.permissions.select_related("content_type"))
        for group in Group.objects.order_by("name").prefetch_related("permissions__content_type")
    }
