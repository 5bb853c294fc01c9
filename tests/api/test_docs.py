"""OpenAPI schema and its documentation pages: public, offline (our static files), under the CSP."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_with_both_apis_documented_in_french(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in (
        "/api-siap/v0/config/",
        "/api-siap/v0/convention_kpi/",
        "/api-siap/v0/operation/{numero_operation}/",
        "/api-siap/v0/close_operation/{numero_operation}/",
        "/api-siap/v0/cancel_operation/{numero_operation}/",
        "/api-siap/v0/token/",
        "/api-siap/v0/token/refresh/",
        "/api/v1/conventions/",
        "/api/v1/conventions/{uuid}/actions/{nom}/",
        "/api/v1/bailleurs/",
        "/api/v1/administrations/",
        "/api/v1/programmes/",
        "/api/v1/lots/",
    ):
        assert path in paths, path
    assert set(schema["components"]["securitySchemes"]) >= {"jwt", "cleApi"}
    # Every operation has a summary or description and at least one example.
    for path, item in paths.items():
        for method, operation in item.items():
            assert operation.get("summary") or operation.get("description"), (method, path)
            text = str(operation)
            assert "example" in text, (method, path)


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_load_only_our_static_files_with_nonces(path):
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    # No CDN, no external font: every script, style sheet, image or font comes from our static files (the
    # footer's links to other public sites are links, not assets).
    assets = re.findall(r'<(?:script|img|source)[^>]*\ssrc="([^"]*)"', html) + re.findall(
        r'<link[^>]*\shref="([^"]*)"', html
    )
    assert assets and all(url.startswith("/static/") for url in assets), assets
    assert "fonts.googleapis" not in html and "cdn" not in html.lower()
    scripts = re.findall(r"<script([^>]*)>", html)
    # Inline scripts run by their nonce only; the others are our static files (allowed as 'self').
    inline = [attrs for attrs in scripts if " src=" not in f" {attrs.strip()}"]
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert "<style" not in html and " style=" not in html
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert finders.find(src.removeprefix("/static/")), src
    assert "unsafe-inline" not in csp


def test_redoc_may_inject_styles_with_the_nonce_only():
    response = Client().get("/api/redoc/")
    csp = response["Content-Security-Policy"]
    style_src = re.search(r"style-src ([^;]+)", csp).group(1)
    assert "'self'" in style_src and "'nonce-" in style_src and "unsafe-inline" not in style_src


def test_docs_url_name_for_the_main_menu():
    from django.urls import reverse

    assert reverse("api-docs") == "/api/docs/"
    assert reverse("api-redoc") == "/api/redoc/"
    assert reverse("api-schema") == "/api/schema/"


def test_the_api_documentation_is_a_page_of_the_site_in_french(client):
    """The « API » menu entry: the APiLos header and footer, a French introduction, Swagger UI below."""
    html = client.get("/api/docs/").content.decode()
    assert (
        "<title>Documentation de l&#x27;API – APiLos</title>" in html
        or "<title>Documentation de l'API – APiLos" in html
    )
    assert 'class="fr-header"' in html and 'class="fr-footer' in html
    assert "<h1>Documentation de l'API</h1>" in html
    assert "S'authentifier" in html and "Authorization: Token apilos_…" in html
    assert 'href="/api/redoc/"' in html and 'href="/api/schema/"' in html
    assert html.index("<h1>") < html.index('id="swagger-ui"')


def test_the_api_documentation_page_shows_the_signed_in_user_s_menu(client, seeded_roles):
    from tests.users.factories import bailleur_user

    client.force_login(bailleur_user())
    html = client.get("/api/docs/").content.decode()
    assert "Se déconnecter" in html and "Se connecter<" not in html
    assert 'href="/parametres/profil/"' in html  # the link to create an API key
