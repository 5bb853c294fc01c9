import re

import pytest
from django.core import mail

from tests.users.factories import UserFactory, bailleur_user

PASSWORD = "motdepasse-de-test"
LOGIN_URL = "/comptes/connexion/"


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["marie", "MARIE", "marie.curie@example.org", "Marie.Curie@Example.ORG"])
def test_login_by_username_or_email_case_insensitive(client, identifier):
    user = bailleur_user(username="marie", email="marie.curie@example.org")
    response = client.post(LOGIN_URL, {"username": identifier, "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user == user


@pytest.mark.django_db
def test_wrong_password_shows_a_french_message(client):
    bailleur_user(username="marie")
    response = client.post(LOGIN_URL, {"username": "marie", "password": "pas-le-bon"})
    assert response.status_code == 200
    assert "Identifiant, adresse e-mail ou mot de passe incorrect" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(client):
    UserFactory(username="parti", is_active=False)
    response = client.post(LOGIN_URL, {"username": "parti", "password": PASSWORD})
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_private_pages_redirect_to_login(client):
    response = client.get("/parametres/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_logout_is_a_post(client):
    client.force_login(bailleur_user())
    response = client.post("/comptes/deconnexion/")
    assert response.status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_password_reset_by_email_end_to_end(client):
    UserFactory(username="oubli", email="oubli@example.org")
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "OUBLI@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["oubli@example.org"]
    link = re.search(r"https?://[^/\s]+(/comptes/mot-de-passe/nouveau/[^\s\"<]+/)", message.body).group(1)

    response = client.get(link, follow=True)  # Django swaps the token for a session marker, then redirects
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new_password = "un-nouveau-mot-de-passe-solide-2026"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/mot-de-passe/nouveau/fait/"

    assert client.login(username="oubli@example.org", password=new_password)
    assert not client.login(username="oubli", password=PASSWORD)


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client):
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "inconnu@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []
