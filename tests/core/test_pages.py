import re

import pytest

from tests.users.factories import bailleur_user


@pytest.mark.django_db
def test_home_is_public_and_in_french(client):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr"' in content
    assert re.search(r"République\s*<br>\s*Française", content)
    assert "Se connecter" in content


@pytest.mark.django_db
def test_login_by_username_then_home_leads_to_the_conventions(client):
    user = bailleur_user(username="marie")
    response = client.post("/comptes/connexion/", {"username": "marie", "password": "motdepasse-de-test"})
    assert response.status_code == 302
    response = client.get("/")  # the logged-in home: « À traiter », with the way to every convention
    assert response.status_code == 200
    assert 'href="/conventions/"' in response.content.decode()
    assert "À traiter" in response.content.decode()
    response = client.get("/conventions/")
    assert response.context["user"] == user
    assert "<h1" in response.content.decode() and "Conventions" in response.content.decode()
