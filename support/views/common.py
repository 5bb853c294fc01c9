from functools import wraps

from django.core.exceptions import PermissionDenied

from support.perms import can_use_support_tools


def national_team_required(view):
    """Support and operations pages: the national team only (403 for everyone else)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_use_support_tools(request.user):
            raise PermissionDenied("Page réservée à l'équipe nationale.")
        return view(request, *args, **kwargs)

    return wrapper
