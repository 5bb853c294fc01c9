"""Routes of the API app, mounted at "" by apilos/urls.py (full paths here).

The API authenticates by itself (JWT, API key, session): its views are exempt from LoginRequiredMiddleware,
which would otherwise redirect a partner to the login page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import docs_views
from api.v1 import views as v1
from webhooks import api as webhooks_api

router = SimpleRouter()
router.register("bailleurs", v1.BailleurViewSet, basename="bailleur")
router.register("administrations", v1.AdministrationViewSet, basename="administration")
router.register("programmes", v1.ProgrammeViewSet, basename="programme")
router.register("lots", v1.LotViewSet, basename="lot")
router.register("conventions", v1.ConventionViewSet, basename="convention")
router.register("webhooks/abonnements", webhooks_api.AbonnementViewSet, basename="webhook-abonnement")
router.register("webhooks/livraisons", webhooks_api.LivraisonViewSet, basename="webhook-livraison")


docs_patterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", docs_views.SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", docs_views.RedocView.as_view(url_name="api-schema"), name="api-redoc"),
]


def _exempt_from_login_middleware(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _exempt_from_login_middleware(pattern.url_patterns)
        else:
            pattern.callback.login_required = False
    return patterns


urlpatterns = _exempt_from_login_middleware(
    [
        path("api-siap/v0/", include("api.siap.urls")),
        path("api/v1/", include((router.urls, "api"), namespace="api-v1")),
        *docs_patterns,
    ]
)
