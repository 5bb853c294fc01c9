from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
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

    # Django's own permissions (user.groups, user.user_permissions) only open the Django admin. Business
    # rights come from the group of each Role and are read per organisation by users.perms.has_perm_on:
    # never pooled here, so `user.has_perm()` gives no right on a convention, a bailleur or an administration.
