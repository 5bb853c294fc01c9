"""API authentication: personal API keys, the SIAP JWT, and (DRF default) the browser session."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework_simplejwt import authentication as jwt_authentication
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import AccessToken

from api.tokens import find_active_token, looks_like_api_key


class SiapAccessToken(AccessToken):
    """An access token of the SIAP contract. The SIAP mints its own tokens with the shared secret
    (claims iat, exp, jti, user-login) and sends no "token_type" claim: accept that, refuse refresh tokens."""

    def verify_token_type(self) -> None:
        token_type = self.payload.get(jwt_settings.TOKEN_TYPE_CLAIM)
        if token_type is not None and token_type != self.token_type:
            raise TokenError("Ce jeton n'est pas un jeton d'accès.")


class JWTAuthentication(jwt_authentication.JWTAuthentication):
    """ "Authorization: Bearer <JWT>", except personal API keys (handled by ApiTokenAuthentication)."""

    def authenticate(self, request):
        header = self.get_header(request)
        if header is None:
            return None
        raw = self.get_raw_token(header)
        if raw is None or looks_like_api_key(raw.decode(errors="replace")):
            return None
        return super().authenticate(request)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """ "Authorization: Token <clé>" or "Authorization: Bearer apilos_…" with a key created in the profile."""

    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        is_token_keyword = parts[0].lower() == b"token"
        if len(parts) != 2:
            if is_token_keyword:
                raise exceptions.AuthenticationFailed("En-tête Authorization invalide : « Token <clé> » attendu.")
            return None
        raw_key = parts[1].decode(errors="replace")
        if not is_token_keyword and not looks_like_api_key(raw_key):
            return None  # a JWT: JWTAuthentication's business
        token = find_active_token(raw_key)
        if token is None:
            raise exceptions.AuthenticationFailed("Clé d'API inconnue, révoquée ou liée à un compte désactivé.")
        return token.user, token

    def authenticate_header(self, request):
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "cleApi"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Clé d'API personnelle créée dans votre profil, envoyée sous la forme "
            "« Token apilos_… » (ou « Bearer apilos_… »).",
        }


class SiapJWTScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.JWTAuthentication"
    name = "jwt"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "Jeton JWT (HS256, secret partagé, valable 5 minutes) portant l'identifiant de "
            "l'utilisateur dans la revendication « user-login ». Obtenu par /api-siap/v0/token/ ou émis par le SIAP.",
        }
