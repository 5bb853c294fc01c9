"""Single sign-on for State agents: Cerbère (CAS, reference §16.4) and ProConnect (OpenID Connect). Each is
on when its variables are set. Both end in siap.habilitations.siap_user: one account per Cerbère login; the
habilitation chosen in the SIAP then scopes the session (siap/middleware.py)."""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django_cas_ng.backends import CASBackend
from django_cas_ng.utils import get_cas_client
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from siap.habilitations import siap_user
from users.models import User

logger = logging.getLogger("apilos.siap")

SSO_SESSION_KEY = "sso"  # "cerbere" or "proconnect": the session belongs to an agent of the SIAP

# Cerbère attributes (reference §16.4).
CERBERE_LOGIN, CERBERE_NOM, CERBERE_PRENOM, CERBERE_MEL = (
    "UTILISATEUR.LOGIN",
    "UTILISATEUR.NOM",
    "UTILISATEUR.PRENOM",
    "UTILISATEUR.MEL",
)


def cerbere_enabled() -> bool:
    return bool(settings.CERBERE_AUTH)


def proconnect_enabled() -> bool:
    return bool(settings.PROCONNECT_CLIENT_ID and settings.PROCONNECT_DOMAIN)


class CerbereBackend(CASBackend):
    """Validates the CAS ticket (SAML 1.0 by default) and creates or updates the agent's account."""

    def authenticate(self, request, ticket=None, service=None, **kwargs):
        if not cerbere_enabled() or not ticket or not service:
            return None
        client = get_cas_client(service_url=service, request=request)
        try:
            username, attributes, _ = client.verify_ticket(ticket)
        except (requests.RequestException, ValueError, SyntaxError):
            logger.exception("Validation du ticket Cerbère impossible")
            return None
        attributes = attributes or {}
        login = attributes.get(CERBERE_LOGIN) or username
        if not login:
            return None
        user = siap_user(
            login=str(login),
            first_name=attributes.get(CERBERE_PRENOM) or "",
            last_name=attributes.get(CERBERE_NOM) or "",
            email=attributes.get(CERBERE_MEL) or "",
        )
        if request is not None and hasattr(request, "session"):
            request.session[SSO_SESSION_KEY] = "cerbere"
        return user if self.user_can_authenticate(user) else None


class ProConnectBackend(OIDCAuthenticationBackend):
    """ProConnect identifies the agent by e-mail; the SIAP knows agents by their Cerbère login, an e-mail too:
    the e-mail is taken as the Cerbère login (see docs/decisions.md)."""

    def authenticate(self, request, **kwargs):
        if not proconnect_enabled() or request is None:
            return None
        user = super().authenticate(request, **kwargs)
        if user is not None:
            request.session[SSO_SESSION_KEY] = "proconnect"
        return user

    def verify_claims(self, claims):
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        email = claims.get("email", "")
        return User.objects.filter(cerbere_login__iexact=email) if email else User.objects.none()

    def _update(self, claims):
        return siap_user(
            login=claims["email"],
            first_name=claims.get("given_name") or "",
            last_name=claims.get("usual_name") or claims.get("family_name") or "",
            email=claims["email"],
        )

    def create_user(self, claims):
        return self._update(claims)

    def update_user(self, user, claims):
        return self._update(claims)


def proconnect_logout_url(request) -> str:
    params = {"post_logout_redirect_uri": request.build_absolute_uri("/")}
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    params["state"] = request.session.get("oidc_state") or "deconnexion"
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(params)}"
