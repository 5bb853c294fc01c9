from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the e-mail address, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        identifier = username.strip()
        candidates = list(User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:2])
        # An e-mail is unique, a username too; if both match different people, prefer the exact username.
        user = next((u for u in candidates if u.username.lower() == identifier.lower()), None)
        if user is None and len(candidates) == 1:
            user = candidates[0]
        if user is None:
            User().set_password(password)  # same cost as a real check: no timing oracle on existence
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def _get_group_permissions(self, user_obj):
        # Permissions come from the groups of the user's roles (users.Role.group), not from user.groups.
        return Permission.objects.filter(Q(group__user=user_obj) | Q(group__role__user=user_obj)).distinct()
