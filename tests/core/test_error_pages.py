import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings
from django.urls import path

from apilos.urls import urlpatterns as apilos_urlpatterns
from core import views


def _forbidden(request):
    raise PermissionDenied


def _boom(request):
    raise RuntimeError("panne simulée")


# The real routes (the layout links to them), plus two views that fail on purpose.
urlpatterns = [path("interdit/", _forbidden), path("panne/", _boom), *apilos_urlpatterns]
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"


@pytest.mark.django_db
def test_404_is_a_dsfr_page(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page non trouvée" in content
    assert "fr-header" in content and "fr-footer" in content


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.test_error_pages")
def test_403_is_a_dsfr_page(admin_client):
    response = admin_client.get("/interdit/")
    assert response.status_code == 403
    assert "fr-header" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.test_error_pages")
def test_500_is_a_standalone_dsfr_page(admin_client):
    admin_client.raise_request_exception = False
    response = admin_client.get("/panne/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Erreur inattendue" in content and "fr-header" in content


def test_500_renders_without_database():
    # No database access is allowed in this test: the page must not need one.
    response = views.error_500(RequestFactory().get("/"))
    assert response.status_code == 500
