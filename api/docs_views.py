"""Swagger UI and ReDoc under our strict CSP: assets from our static files (sidecar), the init script inline
with the request's nonce, no inline style, no external font."""

from csp.constants import NONCE
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authentication import SessionAuthentication

REDOC_INLINE_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]


class SwaggerView(SpectacularSwaggerView):
    """The API documentation page of the site (header, footer, menu): a French introduction, Swagger UI below."""

    template_name = "api/swagger_ui.html"
    title = "API APiLos – documentation interactive"
    # The page is public (SERVE_AUTHENTICATION is empty for the schema); the session is read so that the site's
    # header shows the signed-in user and their menu, as on every other page.
    authentication_classes = [SessionAuthentication]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["page_title"] = "Documentation de l'API"
        return response


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
    title = "API APiLos – documentation"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # ReDoc's styled-components inject <style> elements carrying the nonce passed to Redoc.init; React
        # also sets two fixed inline styles (an empty one and the loader's), allowed by their hash only.
        response._csp_update = {"style-src": [NONCE, "'unsafe-hashes'", *REDOC_INLINE_STYLE_HASHES]}
        return response
