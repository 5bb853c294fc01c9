"""Rate limits, counted in the cache: per API key when one is used, else per user; per IP when anonymous."""

from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiToken


class ApiClientThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        else:
            ident = f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiAnonThrottle(SimpleRateThrottle):
    """Anonymous calls (token/, token/refresh/ and refused calls) per client IP: slows password guessing."""

    scope = "api_anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
