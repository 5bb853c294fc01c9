"""Who may manage whom and what, in the settings pages (reference §1.16 and §6.1).

Account administrators (`User.administrateur_de_compte`) administer the organisations (bailleurs and
administrations) on which they hold a role. Superusers administer everything. A non-superuser never
administers a superuser, and nobody manages their own rights (no self-escalation, no self lock-out).

Scope first: a user or an organisation outside what the viewer may see is a 404 (see the *_visible_to
querysets); the predicates below then say what the viewer may change (403 otherwise).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from users.enums import TypeRole
from users.models import Administration, Bailleur, Role, User
from users.roles import GROUP_BY_TYPOLOGIE


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_staff_member(user) -> bool:
    """The national team: sees every organisation and the national statistics."""
    return _active(user) and (user.is_superuser or user.is_staff)


def is_account_admin(user) -> bool:
    """May manage users: superuser, or account administrator holding at least one organisation role."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return user.administrateur_de_compte and bool(user.bailleur_ids() or user.administration_ids())


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


def organisations_administered(user) -> Organisations:
    """The organisations whose users `user` manages."""
    if not is_account_admin(user):
        return Organisations()
    return organisations_of(user)


def _target_organisations(target: User) -> Organisations:
    # Whatever target.is_active says: a deactivated account keeps its roles, so that it can be reactivated.
    if target.is_superuser:
        return Organisations(everything=True)
    return Organisations(frozenset(target.bailleur_ids()), frozenset(target.administration_ids()))


# --- Users ---------------------------------------------------------------------------------------------


def users_visible_to(user) -> QuerySet[User]:
    """The users listed in the settings pages: everyone for a superuser, otherwise the people holding a role
    on one of the viewer's organisations (colleagues), deactivated accounts included."""
    orgs = organisations_of(user)
    if orgs.everything:
        return User.objects.all()
    if not orgs:
        return User.objects.filter(pk=user.pk) if _active(user) else User.objects.none()
    q = Q(bailleur_id__in=orgs.bailleur_ids) | Q(administration_id__in=orgs.administration_ids)
    # A subquery rather than a join: no duplicates, and the caller may still order and paginate freely.
    ids = Role.objects.filter(q).values("user_id")
    return User.objects.filter(Q(pk__in=ids) | Q(pk=user.pk))


def can_administer(user, target: User) -> bool:
    """Reference `is_administrator`: superuser, or account administrator sharing an organisation with the
    target. Never oneself (no self-escalation), never a superuser unless one is."""
    if not is_account_admin(user) or target.pk == user.pk:
        return False
    if user.is_superuser:
        return True
    if target.is_superuser:
        return False
    return organisations_administered(user).meets(_target_organisations(target))


def can_manage_account(user, target: User) -> bool:
    """Identity, account-administrator flag, deactivation: they reach every organisation of the target, so
    only someone administering all of them may change them."""
    return can_administer(user, target) and organisations_administered(user).covers(_target_organisations(target))


def can_add_user(user) -> bool:
    return is_account_admin(user)


def grantable_groups(user, organisation) -> list[str]:
    """The permission groups `user` may give on `organisation`: the one they hold there and its read-only
    variant (a read-only holder gives read-only only). Superusers give both."""
    typologie = TypeRole.BAILLEUR if isinstance(organisation, Bailleur) else TypeRole.INSTRUCTEUR
    full, readonly = GROUP_BY_TYPOLOGIE[(typologie, False)], GROUP_BY_TYPOLOGIE[(typologie, True)]
    if not organisations_administered(user).contains(organisation):
        return []
    if user.is_superuser:
        return [full, readonly]
    held = _held_groups_on(user, organisation)
    if full in held:
        return [full, readonly]
    if readonly in held:
        return [readonly]
    return []


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


def bailleurs_visible_to(user) -> QuerySet[Bailleur]:
    if is_staff_member(user):
        return Bailleur.objects.all()
    return Bailleur.objects.filter(pk__in=organisations_of(user).bailleur_ids)


def administrations_visible_to(user) -> QuerySet[Administration]:
    if is_staff_member(user):
        return Administration.objects.all()
    return Administration.objects.filter(pk__in=organisations_of(user).administration_ids)


def _held_groups_on(user, organisation) -> set[str]:
    field = "bailleur_id" if isinstance(organisation, Bailleur) else "administration_id"
    return {r.group.name for r in user.roles.select_related("group") if getattr(r, field) == organisation.pk}


def can_edit_organisation(user, organisation) -> bool:
    """The national team, or a holder of a non read-only role on it whose group may change it."""
    if is_staff_member(user):
        return True
    if not _active(user) or not organisations_of(user).contains(organisation):
        return False
    codename = "users.change_bailleur" if isinstance(organisation, Bailleur) else "users.change_administration"
    held = _held_groups_on(user, organisation)
    return any(not name.startswith("readonly_") for name in held) and user.has_perm(codename)


def can_edit_reserved_fields(user) -> bool:
    """SIRET and sous-nature of a bailleur, code of an administration: identifiers shared with other
    information systems, kept right by the national team."""
    return is_staff_member(user)
