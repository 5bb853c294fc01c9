"""Who sees which organisation and which user: `visible_to(user)` on each model, as for conventions.

A user or an organisation outside what the viewer may see is a 404 in the settings pages and the API."""

from django.contrib.auth.models import UserManager
from django.db import models
from django.db.models import Q


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def sees_every_organisation(user) -> bool:
    """Superusers and the national team (an explicit role, not `is_staff`)."""
    return _active(user) and (user.is_superuser or bool(user.national_roles()))


class BailleurQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_every_organisation(user):
            return self
        return self.filter(pk__in=user.bailleur_ids()) if _active(user) else self.none()


class AdministrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if sees_every_organisation(user):
            return self
        return self.filter(pk__in=user.administration_ids()) if _active(user) else self.none()


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The users listed in the settings pages: everyone for a superuser, otherwise oneself and the people
        holding a role on one of the viewer's organisations (colleagues), deactivated accounts included."""
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self
        from users.models import Role

        q = Q(bailleur_id__in=user.bailleur_ids()) | Q(administration_id__in=user.administration_ids())
        # A subquery rather than a join: no duplicates, and the caller may still order and paginate freely.
        return self.filter(Q(pk__in=Role.objects.filter(q).values("user_id")) | Q(pk=user.pk))


class ApilosUserManager(UserManager.from_queryset(UserQuerySet)):
    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})
