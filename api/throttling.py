"""Rate limits: per API key when one is used, else per user; per client IP when anonymous.

Counters live in core.ratelimit's store (Redis, or the memory of the process while Redis is down: limits
keep holding). Client IPs come from core.client_ip (trusted proxy hops only). Every API view derives from
CountRefusedCalls, so that a call refused for lack of valid credentials is counted too."""

from rest_framework.exceptions import APIException
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken
from core.client_ip import client_ip
from core.ratelimit import counter_store


class _Throttle(SimpleRateThrottle):
    cache = counter_store

    def get_ident(self, request):
        return client_ip(request)


class ApiClientThrottle(_Throttle):
    scope = "api_client"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        else:
            ident = f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiAnonThrottle(_Throttle):
    """Anonymous calls (token/, token/refresh/ and refused calls) per client IP: slows password and key guessing."""

    scope = "api_anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LoginLockedOut(APIException):
    status_code = 429
    default_detail = "Trop de tentatives de connexion infructueuses : réessayez plus tard."
    default_code = "connexion_bloquee"


class CountRefusedCalls:
    """Mixin for API views: DRF answers 401/403 before it checks throttles, so refused calls (wrong key, no
    credentials) would never be counted: unlimited key guessing. Count them, and answer 429 past the limit."""

    def perform_authentication(self, request):
        try:
            super().perform_authentication(request)
        except APIException:
            self.check_throttles(request)  # request.user is now anonymous: the per-IP budget
            raise

    def check_permissions(self, request):
        try:
            super().check_permissions(request)
        except APIException:
            self.check_throttles(request)
            raise
