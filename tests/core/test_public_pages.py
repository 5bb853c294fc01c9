import re

import pytest

from tests.users.factories import bailleur_user

pytestmark = pytest.mark.django_db

PAGES = {
    "accessibilite": [
        "partiellement conforme",
        "RGAA",
        "État de conformité",
        "Voies de recours",
        "Défenseur des droits",
    ],
    "mentions-legales": ["Direction générale de l'aménagement, du logement et de la nature", "DHUP", "Scalingo"],
    "cgu": ["conditions générales d'utilisation", "administrateur de compte"],
    "donnees-personnelles": ["Finalités", "Base légale", "Durée de conservation", "Vos droits", "CNIL"],
    "plan-du-site": ["Se connecter", "Mentions légales", "Déclaration d'accessibilité", "sitemap.xml"],
}


def _text(response):
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("slug", PAGES)
def test_public_page_is_reachable_without_login_in_french(client, slug):
    response = client.get(f"/pages/{slug}/")
    assert response.status_code == 200
    text = _text(response)
    assert '<html lang="fr"' in text
    assert text.count("<h1") == 1
    for expected in PAGES[slug]:
        assert expected.lower() in text.lower(), expected
    assert "sera complétée prochainement" not in text
    assert "contact@" in text or slug in ("cgu", "plan-du-site")


def test_unknown_page_is_404(client):
    assert client.get("/pages/inconnue/").status_code == 404


def test_home_for_visitors_explains_the_service_and_how_to_get_an_account(client):
    text = _text(client.get("/"))
    assert "Vous êtes bailleur social" in text and "Vous êtes service instructeur" in text
    assert "Comment obtenir un compte" in text and "administrateur de compte" in text
    assert text.count("<h1") == 1


def test_footer_links_to_every_public_page(client):
    text = _text(client.get("/"))
    footer = text[text.index('<footer class="fr-footer') :]
    for slug in PAGES:
        assert f'href="/pages/{slug}/"' in footer
    assert 'href="/pages/plan-du-site/"' in footer
    assert "Accessibilité : partiellement conforme" in footer


def test_sitemap_lists_the_public_pages_only(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    paths = sorted(loc.split("testserver", 1)[1] for loc in locations)
    assert paths == sorted(["/", *(f"/pages/{slug}/" for slug in PAGES)])


def test_robots_forbids_indexing_outside_production(client, settings):
    settings.ENVIRONMENT = "staging"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]


def test_robots_in_production_allows_public_pages_and_points_to_the_sitemap(client, settings):
    settings.ENVIRONMENT = "production"
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /" not in lines
    assert "Allow: /pages/" in lines
    for private in ("/conventions/", "/parametres/", "/admin/", "/api/"):
        assert f"Disallow: {private}" in lines
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"


def test_pages_are_also_reachable_when_logged_in(client):
    client.force_login(bailleur_user())
    assert client.get("/pages/cgu/").status_code == 200
    text = _text(client.get("/pages/cgu/"))
    assert 'href="/statistiques/"' in text  # footer link for logged-in users
