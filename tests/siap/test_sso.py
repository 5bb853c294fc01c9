"""Login methods: local, Cerbère (fake CAS), ProConnect (fake OIDC provider); each on only when configured."""

import pytest
import requests
from django.test import Client

from tests.siap.fakes import FakeCerbere, FakeProConnect
from tests.users.factories import UserFactory
from users.models import User

pytestmark = pytest.mark.django_db

AGENT = "paul.agent@developpement-durable.gouv.fr"


@pytest.fixture
def proconnect(settings):
    server = FakeProConnect(
        "apilos-test",
        "secret-de-test-0123456789abcdef0123",
        {"sub": "pc-1", "email": AGENT, "given_name": "Paul", "usual_name": "Agent"},
    )
    server.start()
    domain = f"{server.url}/api/v2"
    settings.PROCONNECT_CLIENT_ID = settings.OIDC_RP_CLIENT_ID = "apilos-test"
    settings.OIDC_RP_CLIENT_SECRET = "secret-de-test-0123456789abcdef0123"
    settings.PROCONNECT_DOMAIN = domain
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{domain}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{domain}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{domain}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{domain}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{domain}/session/end"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    yield server
    server.stop()


def test_login_page_offers_only_the_local_login_by_default(client):
    text = client.get("/comptes/connexion/").content.decode()
    assert "Cerbère" not in text and "ProConnect" not in text
    assert client.get("/comptes/sso/cerbere/").status_code == 404
    assert client.get("/comptes/sso/proconnect/").status_code == 404


def test_login_page_offers_every_configured_method(client, settings, proconnect):
    settings.CERBERE_AUTH = settings.CAS_SERVER_URL = "http://127.0.0.1:9/cas/"
    text = client.get("/comptes/connexion/").content.decode()
    assert "Se connecter avec Cerbère" in text and "ProConnect" in text
    assert 'name="password"' in text  # the local login stays


def test_local_accounts_keep_working_with_sso_on(client, settings):
    settings.CERBERE_AUTH = settings.CAS_SERVER_URL = "http://127.0.0.1:9/cas/"
    user = UserFactory(username="locale")
    user.set_password("un-mot-de-passe-solide")
    user.save()
    response = client.post("/comptes/connexion/", {"username": "locale", "password": "un-mot-de-passe-solide"})
    assert response.status_code == 302
    assert client.get("/conventions/").status_code == 200


def test_cerbere_login_creates_the_agent_from_the_cas_attributes(settings):
    server = FakeCerbere(
        {
            "UTILISATEUR.ID": "9001",
            "UTILISATEUR.LOGIN": AGENT,
            "UTILISATEUR.NOM": "Agent",
            "UTILISATEUR.PRENOM": "Paul",
            "UTILISATEUR.MEL": AGENT,
        }
    ).start()
    try:
        settings.CERBERE_AUTH = settings.CAS_SERVER_URL = server.cas_url
        client = Client()
        start = client.get("/comptes/sso/cerbere/")
        back = requests.get(start["Location"], allow_redirects=False, timeout=5)
        assert client.get(back.headers["Location"]).status_code == 302
        user = User.objects.get(cerbere_login=AGENT)
        assert (user.first_name, user.last_name, user.email) == ("Paul", "Agent", AGENT)
        assert not user.has_usable_password()
        # A forged or replayed ticket is refused.
        assert client.get("/comptes/sso/cerbere/", {"ticket": "ST-forge"}).status_code in (302, 403)
        assert Client().get("/comptes/sso/cerbere/", {"ticket": "ST-forge"}).wsgi_request.user.is_anonymous
    finally:
        server.stop()


def test_proconnect_login_creates_or_adopts_the_agent(proconnect):
    existing = UserFactory(email=AGENT, username="paul")  # a local account with the same e-mail is adopted
    client = Client()
    start = client.get("/comptes/sso/proconnect/")
    assert start.status_code == 302 and start["Location"].startswith(proconnect.url)
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    done = client.get(back.headers["Location"])
    assert done.status_code == 302
    existing.refresh_from_db()
    assert existing.cerbere_login == AGENT and (existing.first_name, existing.last_name) == ("Paul", "Agent")
    assert User.objects.filter(email__iexact=AGENT).count() == 1
    assert client.session["sso"] == "proconnect"
