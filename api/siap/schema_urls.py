"""URLconf read by /api-siap/v0/schema/: the SIAP contract alone."""

from django.urls import include, path

from api.siap.urls import contract_patterns

urlpatterns = [path("api-siap/v0/", include(contract_patterns))]
