"""Our extension of /api-siap/v0/ (not in the SIAP contract): a local account exchanges its password for a JWT,
usable on config/ and on /api/v1/. The contract's other routes need the SIAP's own tokens (habilitation-id)."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from api.throttling import CountRefusedCalls, LoginLockedOut
from users.lockout import lockout_message, lockout_seconds_left

_TOKEN_DOC = {"tags": ["token"], "auth": []}


@extend_schema(
    **_TOKEN_DOC,
    summary="Obtenir un jeton",
    description="Identifiant et mot de passe APiLos contre un jeton d'accès (5 minutes) et un jeton de "
    "renouvellement (1 jour).",
    examples=[
        OpenApiExample(
            "Identifiants", value={"username": "demo-instructeur", "password": "********"}, request_only=True
        ),
        OpenApiExample(
            "Jetons", value={"access": "eyJhbGciOiJIUzI1NiIs…", "refresh": "eyJhbGciOi…"}, response_only=True
        ),
    ],
)
class SiapTokenObtainView(CountRefusedCalls, TokenObtainPairView):
    """Same lockout as the web login (django-axes: username + client IP), answered 429 with the unlock time."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                credentials = getattr(request, "axes_credentials", None)
                locked = LoginLockedOut(lockout_message(request, credentials))
                locked.wait = lockout_seconds_left(request, credentials)  # DRF sends it as Retry-After
                raise locked from None
            raise


@extend_schema(
    **_TOKEN_DOC,
    summary="Renouveler le jeton d'accès",
    description="Un jeton de renouvellement valide contre un nouveau jeton d'accès.",
    examples=[
        OpenApiExample("Renouvellement", value={"refresh": "eyJhbGciOi…"}, request_only=True),
        OpenApiExample("Nouveau jeton", value={"access": "eyJhbGciOiJIUzI1NiIs…"}, response_only=True),
    ],
)
class SiapTokenRefreshView(CountRefusedCalls, TokenRefreshView):
    pass
