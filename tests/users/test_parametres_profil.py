import pytest

from core.models import Departement
from tests.users.factories import UserFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


def _data(user, **overrides):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "telephone": "",
        "preferences_email": "PARTIEL",
    }
    data.update(overrides)
    return data


def test_profile_page_explains_email_preferences(client):
    user = bailleur_user()
    client.force_login(user)
    response = client.get("/parametres/profil/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Votre profil</h1>" in content
    for sentence in (
        "à chaque étape de toutes les conventions",
        "sur lesquelles vous êtes intervenu",
        "aucun e-mail de suivi",
    ):
        assert sentence in content
    assert "Changer de mot de passe" in content
    assert "départements" in content.lower()  # the filter is offered to a bailleur


def test_departement_filter_is_only_for_bailleurs(client):
    client.force_login(instructeur_user())
    response = client.get("/parametres/profil/")
    assert "filtre_departements" not in response.context["form"].fields


def test_profile_update_with_departement_filter(client):
    Departement.load_reference_data()
    user = bailleur_user()
    client.force_login(user)
    gironde = Departement.objects.get(code_insee="33")
    response = client.post(
        "/parametres/profil/",
        _data(
            user,
            first_name="Léa",
            telephone="+33 1 40 81 21 22",
            preferences_email="AUCUN",
            filtre_departements=[gironde.pk],
        ),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.telephone, user.preferences_email) == ("Léa", "+33 1 40 81 21 22", "AUCUN")
    assert list(user.filtre_departements.all()) == [gironde]


def test_profile_email_is_unique_case_insensitively_and_nothing_is_lost(client):
    UserFactory(email="deja.pris@example.org")
    user = bailleur_user()
    client.force_login(user)
    response = client.post("/parametres/profil/", _data(user, first_name="Nouveau", email="DEJA.PRIS@example.org"))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Un autre compte utilise déjà cette adresse e-mail" in content
    assert 'value="Nouveau"' in content  # what was typed is kept in the form
    user.refresh_from_db()
    assert user.first_name != "Nouveau"


def test_profile_rejects_bad_phone_and_missing_email(client):
    user = bailleur_user()
    client.force_login(user)
    response = client.post("/parametres/profil/", _data(user, telephone="abc", email=""))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "telephone" in errors and "email" in errors


def test_password_change_keeps_the_session(client):
    user = bailleur_user()
    client.force_login(user)
    response = client.post(
        "/parametres/profil/mot-de-passe/",
        {
            "old_password": "motdepasse-de-test",
            "new_password1": "Nouveau-secret-2026!",
            "new_password2": "Nouveau-secret-2026!",
        },
    )
    assert response.status_code == 302
    assert client.get("/parametres/profil/").status_code == 200
    user.refresh_from_db()
    assert user.check_password("Nouveau-secret-2026!")


def test_password_change_with_wrong_old_password(client):
    user = bailleur_user()
    client.force_login(user)
    response = client.post(
        "/parametres/profil/mot-de-passe/",
        {"old_password": "faux", "new_password1": "Nouveau-secret-2026!", "new_password2": "Nouveau-secret-2026!"},
    )
    assert response.status_code == 400
    assert "old_password" in response.context["password_form"].errors


def test_api_key_created_shown_once_listed_and_revoked(client):
    api_models = pytest.importorskip("api.models")
    user = bailleur_user()
    client.force_login(user)
    response = client.post("/parametres/profil/cles-api/", {"nom": "Mon logiciel"})
    assert response.status_code == 200
    raw_key = response.context["new_key"]
    assert raw_key and raw_key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = api_models.ApiToken.objects.get(user=user)
    assert token.empreinte != raw_key
    response = client.get("/parametres/profil/")
    content = response.content.decode()
    assert "Mon logiciel" in content and raw_key not in content
    response = client.post(f"/parametres/profil/cles-api/{token.uuid}/revoquer/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoque_le is not None


def test_api_key_of_someone_else_cannot_be_revoked(client):
    api_tokens = pytest.importorskip("api.tokens")
    owner = bailleur_user()
    token, _ = api_tokens.api_token_create(user=owner, name="Clé")
    client.force_login(bailleur_user())
    assert client.post(f"/parametres/profil/cles-api/{token.uuid}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoque_le is None


def test_api_key_without_name_is_refused(client):
    pytest.importorskip("api.tokens")
    client.force_login(bailleur_user())
    response = client.post("/parametres/profil/cles-api/", {"nom": "  "})
    assert response.status_code == 400
