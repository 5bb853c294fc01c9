"""Routes of the SIAP contract, mounted at /api-siap/v0/ by api/urls.py (reference §16.2)."""

from django.urls import path, re_path

from api.siap import token_views
from api.siap import views as siap

# "operation/N" and "operation/N/" both answer (config/ publishes the URL without its slash; a redirect would
# turn the SIAP's POST into a GET).
contract_patterns = [
    path("config/", siap.ConfigView.as_view(), name="siap-config"),
    path("convention_kpi/", siap.ConventionKpiView.as_view(), name="siap-convention-kpi"),
    re_path(r"^operation/(?P<numero_operation>[^/]+)/?$", siap.OperationView.as_view(), name="siap-operation"),
    path("close_operation/<str:numero_operation>/", siap.CloseOperationView.as_view(), name="siap-close-operation"),
    path("cancel_operation/<str:numero_operation>/", siap.CancelOperationView.as_view(), name="siap-cancel-operation"),
    path("dummy/", siap.DummyView.as_view(), name="siap-dummy"),
]

urlpatterns = [
    *contract_patterns,
    path("schema/", siap.SiapSchemaView.as_view(), name="siap-schema"),
    path("schema-ui/", siap.SiapSwaggerView.as_view(url_name="siap-schema"), name="siap-schema-ui"),
    path("schema-redoc/", siap.SiapRedocView.as_view(url_name="siap-schema"), name="siap-schema-redoc"),
    path("token/", token_views.SiapTokenObtainView.as_view(), name="siap-token"),
    path("token/refresh/", token_views.SiapTokenRefreshView.as_view(), name="siap-token-refresh"),
]
