"""Every web route of the siap app × persona (anonymous, local account, SIAP agent), GET and POST."""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse

from siap import urls as siap_urls
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.users.factories import instructeur_user

pytestmark = pytest.mark.django_db

ARGS = {"siap_operation": {"numero_operation": "OPE-A"}}
# route → {persona: expected GET status}; SSO routes are off (404) unless configured (tests/siap/test_sso.py).
EXPECTED = {
    "siap_operation": {"anonymous": 302, "local_in_scope": 302, "local_out_of_scope": 404},
    "siap_conventions_recherche": {"anonymous": 302, "local_in_scope": 302, "local_out_of_scope": 302},
    "cerbere_login": {"anonymous": 404, "local_in_scope": 404, "local_out_of_scope": 404},
    "oidc_authentication_init": {"anonymous": 404, "local_in_scope": 404, "local_out_of_scope": 404},
    "oidc_authentication_callback": {"anonymous": 404, "local_in_scope": 404, "local_out_of_scope": 404},
    "sso_logout": {"anonymous": 302, "local_in_scope": 302, "local_out_of_scope": 302},
    "siap_habilitations": {"anonymous": 302, "local_in_scope": 404, "local_out_of_scope": 404},
}


@pytest.fixture
def personas(db):
    programme = ProgrammeFactory(numero_operation="OPE-A")
    ConventionFactory(lot=LotFactory(programme=programme))
    return {
        "anonymous": None,
        "local_in_scope": instructeur_user(administration=programme.administration),
        "local_out_of_scope": instructeur_user(),
    }


def test_every_route_is_in_the_matrix():
    names = {p.name for p in siap_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("persona", ["anonymous", "local_in_scope", "local_out_of_scope"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_route_matrix(personas, name, persona):
    client = Client()
    if personas[persona]:
        client.force_login(personas[persona])
    url = reverse(name, kwargs=ARGS.get(name))
    response = client.get(url)
    assert response.status_code == EXPECTED[name][persona], (url, response.status_code)
    if name == "siap_operation" and persona == "anonymous":
        assert response["Location"].startswith("/comptes/connexion/")
    post = client.post(url)
    assert post.status_code in (302, 404, 405), (url, post.status_code)  # never a 500, never a silent 200
    if name in ("siap_operation", "siap_conventions_recherche", "siap_habilitations") and persona != "anonymous":
        assert post.status_code == 405


def test_kpi_links_of_the_siap_land_on_the_filtered_list(personas):
    client = Client()
    client.force_login(personas["local_in_scope"])
    response = client.get("/conventions/recherche?cstatut=2. Instruction requise,3. Corrections requises")
    assert response.status_code == 302
    assert response["Location"] == "/conventions/?statut=instruction&statut=corrections"
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/conventions/recherche?cstatut=inconnu")["Location"] == "/conventions/"


def test_operation_link_of_the_siap_lands_on_its_conventions(personas):
    client = Client()
    client.force_login(personas["local_in_scope"])
    assert client.get("/operations/OPE-A")["Location"] == "/conventions/?q=OPE-A"
