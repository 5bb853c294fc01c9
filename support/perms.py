"""Who may use the support and operations tools.

The national team is `users.perms.is_national_team` (the EQUIPE_NATIONALE role, or a superuser).
Impersonation needs more: the explicit Django permission `support.impersonate_user`, given account by account
in the admin (superusers hold it implicitly). Ranks: superuser 2 > national team or staff 1 > everyone else 0;
one may only impersonate an account of a strictly lower rank, so a superuser is never impersonated by lesser
staff, and a member of the national team never by another."""

from users.perms import is_national_team

IMPERSONATE_PERMISSION = "support.impersonate_user"


def rank(user) -> int:
    if user.is_superuser:
        return 2
    if user.is_staff or is_national_team(user):
        return 1
    return 0


def can_impersonate(hijacker, hijacked) -> bool:
    """django-hijack's HIJACK_PERMISSION_CHECK (keyword arguments hijacker, hijacked)."""
    if not is_national_team(hijacker) or getattr(hijacker, "is_hijacked", False):
        return False  # no impersonation from inside an impersonation
    if not hijacker.has_perm(IMPERSONATE_PERMISSION):
        return False
    if hijacked is None or not hijacked.is_active or hijacked.pk == hijacker.pk:
        return False
    return rank(hijacked) < rank(hijacker)


def can_use_support_tools(user) -> bool:
    """Bulk reassignment, operator dashboard, national exports: the national team."""
    return is_national_team(user) and not getattr(user, "is_hijacked", False)
