"""Login lockout (django-axes): how a username is counted, and what a locked-out person is told.

One lockout protects the web login and the API token endpoint: the same username from the same client IP
(core.client_ip) is locked after settings.AXES_FAILURE_LIMIT failures, for settings.AXES_COOLOFF_TIME."""

import datetime

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format

from users.forms import LoginForm


def lockout_username(request, credentials) -> str:
    """ "Marie", "marie " and "MARIE" are one person for the counter (the login is case-insensitive)."""
    username = (credentials or {}).get("username")
    if username is None:
        data = getattr(request, "data", None) or request.POST
        username = data.get("username", "")
    return str(username or "").strip().lower()


def unlock_time(request, credentials=None) -> datetime.datetime:
    """When the username+IP of this request can try again: the last counted failure + the cool-off."""
    last = (
        AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=get_client_ip_address(request)
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + settings.AXES_COOLOFF_TIME


def lockout_seconds_left(request, credentials=None) -> int:
    return max(1, int((unlock_time(request, credentials) - timezone.now()).total_seconds()))


def lockout_message(request, credentials=None) -> str:
    moment = timezone.localtime(unlock_time(request, credentials))
    return (
        f"Trop de tentatives de connexion infructueuses pour cet identifiant : par sécurité, la connexion est "
        f"bloquée jusqu'à {date_format(moment, 'H:i')} (le {date_format(moment, 'j F Y')}). Réessayez après "
        "cette heure, ou choisissez dès maintenant un nouveau mot de passe avec « Mot de passe oublié ? » : "
        "cela lève le blocage. L'équipe APiLos peut aussi débloquer votre compte."
    )


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lockout message and without checking the password (HTTP 429)."""
    form = LoginForm(request, initial={"username": lockout_username(request, credentials)})
    context = {
        "form": form,
        "next": request.POST.get("next", "") or request.GET.get("next", ""),
        "verrouillage": lockout_message(request, credentials),
    }
    response = render(request, "registration/login.html", context, status=429)
    response["Retry-After"] = str(lockout_seconds_left(request, credentials))
    return response


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first of AUTHENTICATION_BACKENDS. Without a request (test client login, management
    commands) there is no client to lock out: let the next backend decide."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
