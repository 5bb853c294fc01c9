"""Who may manage whom and what, in the settings pages (reference §1.16 and §6.1).

Account administrators (`User.administrateur_de_compte`) administer the organisations (bailleurs and
administrations) on which they hold a role. Superusers administer everything. A non-superuser never
administers a superuser, and nobody manages their own rights (no self-escalation, no self lock-out).

Scope first: a user or an organisation outside what the viewer may see is a 404 (see the `visible_to(user)`
querysets of users/querysets.py); the predicates below then say what the viewer may change (403 otherwise).
Every right is read through `has_perm_on(user, perm, obj)`: on the roles reaching that object only.
"""

from dataclasses import dataclass

from users.enums import TypeRole
from users.models import Administration, Bailleur, Role, User
from users.querysets import sees_every_organisation
from users.roles import GROUP_BY_TYPOLOGIE

# The right to give and remove roles on an organisation (with `User.administrateur_de_compte`).
GESTION_COMPTES = "users.add_role"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


# --- The one rule: rights are read on the roles through which the user reaches the object -----------------


def roles_on(user, obj) -> list[Role]:
    """The roles through which `user` reaches `obj` — the only roles whose permissions count on it.

    - a Bailleur or an Administration: the roles held on it, and the national team's;
    - a User: the roles held on an organisation where that user holds a role (colleagues);
    - an operation (Programme) or anything attached to one (`obj.programme`: convention, lot…): the roles of
      the strongest side that reaches it — the instructeur roles on its administration, else the bailleur
      roles on its bailleur, else the administrateur roles whose perimeter covers it, else the national team's.
      A user both instructeur and bailleur of the same convention instructs it (with the instructeur's rights
      only: the two are never added up).
    Never the union of all the user's roles: read-only on A and full on B gives nothing on A."""
    if not _active(user):
        return []
    if isinstance(obj, Bailleur):
        return [r for r in user._roles if r.typologie == TypeRole.BAILLEUR and r.bailleur_id == obj.pk] + (
            user.national_roles()
        )
    if isinstance(obj, Administration):
        return [
            r for r in user._roles if r.typologie == TypeRole.INSTRUCTEUR and r.administration_id == obj.pk
        ] + user.national_roles()
    if isinstance(obj, User):
        bailleur_ids, administration_ids = obj.bailleur_ids(), obj.administration_ids()
        return [
            r
            for r in user._roles
            if (r.typologie == TypeRole.BAILLEUR and r.bailleur_id in bailleur_ids)
            or (r.typologie == TypeRole.INSTRUCTEUR and r.administration_id in administration_ids)
        ]
    programme = getattr(obj, "programme", obj)
    if not hasattr(programme, "code_insee_departement"):
        raise TypeError(f"No rule says which roles reach a {type(obj).__name__}.")
    administration_id = programme.administration_id
    sides = (
        [r for r in user._roles if r.typologie == TypeRole.INSTRUCTEUR and administration_id == r.administration_id]
        if administration_id
        else [],
        [r for r in user._roles if r.typologie == TypeRole.BAILLEUR and r.bailleur_id == programme.bailleur_id],
        [r for r in user.administrateur_roles() if r.covers(programme)],
        user.national_roles(),
    )
    return next((roles for roles in sides if roles), [])


def has_perm_on(user, perm: str, obj) -> bool:
    """THE permission check of APiLos: does one of the roles through which `user` reaches `obj` carry `perm`
    ("app_label.codename")? Superusers hold every right (docs/decisions.md)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    held = user.group_permissions()
    return any(perm in held.get(role.group_id, ()) for role in roles_on(user, obj))


def is_national_team(user) -> bool:
    """The national team (an explicit role) or a superuser: every organisation, the national statistics."""
    return sees_every_organisation(user)


def is_account_admin(user) -> bool:
    """May manage users: superuser, or account administrator holding a full role on an organisation."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.administrateur_de_compte and bool(organisations_with(user, GESTION_COMPTES))


@dataclass(frozen=True)
class Organisations:
    """A set of organisations, by id. `everything` stands for all of them (superusers)."""

    bailleur_ids: frozenset[int] = frozenset()
    administration_ids: frozenset[int] = frozenset()
    everything: bool = False

    def __bool__(self):
        return self.everything or bool(self.bailleur_ids or self.administration_ids)

    def contains(self, organisation) -> bool:
        if self.everything:
            return True
        if isinstance(organisation, Bailleur):
            return organisation.pk in self.bailleur_ids
        if isinstance(organisation, Administration):
            return organisation.pk in self.administration_ids
        return False

    def covers(self, other: "Organisations") -> bool:
        if self.everything:
            return True
        if other.everything:
            return False
        return other.bailleur_ids <= self.bailleur_ids and other.administration_ids <= self.administration_ids

    def meets(self, other: "Organisations") -> bool:
        if self.everything:
            return bool(other)
        if other.everything:
            return bool(self)
        return bool(self.bailleur_ids & other.bailleur_ids or self.administration_ids & other.administration_ids)


def organisations_of(user) -> Organisations:
    """The organisations on which the user holds a role (all of them for a superuser)."""
    if not _active(user):
        return Organisations()
    if user.is_superuser:
        return Organisations(everything=True)
    return Organisations(frozenset(user.bailleur_ids()), frozenset(user.administration_ids()))


def organisations_with(user, perm: str) -> Organisations:
    """The organisations on which one of the user's roles carries `perm` (all of them for a superuser)."""
    if not _active(user):
        return Organisations()
    if user.is_superuser:
        return Organisations(everything=True)
    held = user.group_permissions()
    roles = [r for r in user._roles if perm in held.get(r.group_id, ())]
    return Organisations(
        frozenset(r.bailleur_id for r in roles if r.typologie == TypeRole.BAILLEUR and r.bailleur_id),
        frozenset(r.administration_id for r in roles if r.typologie == TypeRole.INSTRUCTEUR and r.administration_id),
    )


def organisations_administered(user) -> Organisations:
    """The organisations whose users `user` manages: account administrator, and a full role there (a
    read-only role gives no action on its organisation)."""
    if not is_account_admin(user):
        return Organisations()
    return organisations_with(user, GESTION_COMPTES)


def _target_organisations(target: User) -> Organisations:
    # Whatever target.is_active says: a deactivated account keeps its roles, so that it can be reactivated.
    if target.is_superuser:
        return Organisations(everything=True)
    return Organisations(frozenset(target.bailleur_ids()), frozenset(target.administration_ids()))


# --- Users ---------------------------------------------------------------------------------------------


def can_administer(user, target: User) -> bool:
    """Reference `is_administrator`: superuser, or account administrator holding a full role on one of the
    target's organisations. Never oneself (no self-escalation), never a superuser unless one is."""
    if not is_account_admin(user) or target.pk == user.pk:
        return False
    if user.is_superuser:
        return True
    if target.is_superuser:
        return False
    # Through a full role on one of the target's organisations (never a read-only one).
    return has_perm_on(user, GESTION_COMPTES, target)


def can_manage_account(user, target: User) -> bool:
    """Identity, account-administrator flag, deactivation: they reach every organisation of the target, so
    only someone administering all of them may change them."""
    return can_administer(user, target) and organisations_administered(user).covers(_target_organisations(target))


def can_add_user(user) -> bool:
    return is_account_admin(user)


def grantable_groups(user, organisation) -> list[str]:
    """The permission groups `user` may give on `organisation` they administer: the full group of its kind and
    its read-only variant. Nothing where the user is read-only or absent."""
    typologie = TypeRole.BAILLEUR if isinstance(organisation, Bailleur) else TypeRole.INSTRUCTEUR
    if not organisations_administered(user).contains(organisation) or not has_perm_on(
        user, GESTION_COMPTES, organisation
    ):
        return []
    return [GROUP_BY_TYPOLOGIE[(typologie, False)], GROUP_BY_TYPOLOGIE[(typologie, True)]]


def can_add_role(user, target: User, organisation) -> bool:
    if not organisations_administered(user).contains(organisation):
        return False
    return can_administer(user, target) and bool(grantable_groups(user, organisation))


def can_remove_role(user, role: Role) -> bool:
    organisation = role.bailleur or role.administration
    if organisation is None:  # geographic ADMINISTRATEUR roles: national team only
        return _active(user) and user.is_superuser and role.user_id != user.pk
    return can_administer(user, role.user) and organisations_administered(user).contains(organisation)


# --- Organisations -------------------------------------------------------------------------------------


def can_edit_organisation(user, organisation) -> bool:
    """The national team, or a holder of a full role on it (read-only roles do not carry the permission)."""
    codename = "users.change_bailleur" if isinstance(organisation, Bailleur) else "users.change_administration"
    return has_perm_on(user, codename, organisation)


def can_edit_reserved_fields(user) -> bool:
    """SIRET and sous-nature of a bailleur, code of an administration: identifiers shared with other
    information systems, kept right by the national team."""
    return is_national_team(user)
