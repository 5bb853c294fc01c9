"""Authentication of the SIAP contract (reference §16.1.1–16.1.2): an HS256 JWT minted by the SIAP per call.

- `SiapTokenAuthentication` (config/ only): signature, expiry, token_type "access", jti. No lookup.
- `SiapHabilitationAuthentication` (every other route): the same, then the habilitation named by the
  "habilitation-id" claim is fetched from the SIAP; the agent's account is created or updated from it and the
  request is scoped to that habilitation only. No local account is needed beforehand.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import AccessToken

from siap.habilitations import context_for, fetch_habilitation, scope_user, siap_user
from users.models import User

LOGIN_CLAIM = "user-login"
HABILITATION_CLAIM = "habilitation-id"


class SiapAccessToken(AccessToken):
    """SimpleJWT's access token, strict: token_type must be "access", jti is required, exp enforced."""


def validated_token(raw: bytes) -> SiapAccessToken:
    try:
        return SiapAccessToken(raw)
    except TokenError as exc:
        raise InvalidToken(
            {
                "detail": "Le jeton donné n'est valide pour aucun type de jeton",
                "messages": [{"token_class": "AccessToken", "token_type": "access", "message": exc.args[0]}],
            }
        ) from exc


class SiapTokenAuthentication(authentication.BaseAuthentication):
    www_authenticate_realm = "api"

    def authenticate_header(self, request):
        return f'Bearer realm="{self.www_authenticate_realm}"'

    def raw_token(self, request) -> bytes | None:
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("En-tête Authorization invalide : « Bearer <jeton> » attendu.")
        return parts[1]

    def authenticate(self, request):
        raw = self.raw_token(request)
        if raw is None:
            return None
        token = validated_token(raw)
        return User(cerbere_login=str(token.get(LOGIN_CLAIM, ""))), token


class SiapHabilitationAuthentication(SiapTokenAuthentication):
    def authenticate(self, request):
        raw = self.raw_token(request)
        if raw is None:
            return None
        token = validated_token(raw)
        login = token.get(LOGIN_CLAIM)
        habilitation_id = token.get(HABILITATION_CLAIM)
        if not login or habilitation_id in (None, "") or not str(habilitation_id).isdigit():
            raise exceptions.AuthenticationFailed(
                {"detail": "User or Habilitation not found", "code": "user_not_found"}
            )
        login = str(login)
        # SiapError propagates: the contract answers it (views.siap_exception_handler).
        habilitation, _ = fetch_habilitation(login=login, habilitation_id=int(habilitation_id))
        user = siap_user(login=login, utilisateur=habilitation.get("utilisateur"))
        if not user.is_active:
            raise exceptions.AuthenticationFailed("Ce compte APiLos est désactivé.")
        context = context_for(user=user, habilitation=habilitation, login=login, persist=True)
        return scope_user(user, context), token


class SiapJWTScheme(OpenApiAuthenticationExtension):
    target_class = "api.siap.authentication.SiapHabilitationAuthentication"
    name = "jwtSiap"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Jeton JWT émis par le SIAP pour chaque appel (HS256, secret partagé JWT_SIGN_KEY, "
            "5 minutes) : revendications « token_type » = « access », « jti », « user-login » (identifiant "
            "Cerbère de l'agent) et « habilitation-id » (l'habilitation SIAP qui fixe le périmètre de l'appel).",
        }


class SiapConfigJWTScheme(SiapJWTScheme):
    target_class = "api.siap.authentication.SiapTokenAuthentication"
    name = "jwtSiapSansHabilitation"
