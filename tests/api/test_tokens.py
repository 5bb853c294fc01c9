"""Personal API keys: hashed at rest, usable as "Token" or "Bearer", revocable, throttled per key."""

import hashlib
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import api_token_create, api_token_revoke
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def _client(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_created_key_is_stored_hashed_only(world):
    user = world["personas"]["instructeur"]
    token, raw_key = api_token_create(user=user, name="Logiciel de suivi")
    assert raw_key.startswith("apilos_") and len(raw_key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.empreinte == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in {stored.empreinte, stored.prefixe, stored.nom}
    assert raw_key.startswith(stored.prefixe) and len(stored.prefixe) == 12
    assert stored.user == user and stored.is_active


@pytest.mark.parametrize("scheme", ["Token", "Bearer"])
def test_key_authenticates_with_the_users_scope(world, scheme):
    user = world["personas"]["instructeur"]
    token, raw_key = api_token_create(user=user, name="Outil")
    client = _client(f"{scheme} {raw_key}")
    assert client.get(f"/api/v1/conventions/{world['convention_a'].uuid}/").status_code == 200
    assert client.get(f"/api/v1/conventions/{world['convention_b'].uuid}/").status_code == 404
    token.refresh_from_db()
    assert token.derniere_utilisation_le is not None


def test_revoked_or_unknown_key_is_401(world):
    user = world["personas"]["instructeur"]
    token, raw_key = api_token_create(user=user, name="Outil")
    api_token_revoke(token=token, user=user)
    assert token.revoque_le is not None
    assert _client(f"Token {raw_key}").get("/api/v1/conventions/").status_code == 401
    assert _client("Token apilos_inconnue").get("/api/v1/conventions/").status_code == 401
    assert _client("Token").get("/api/v1/conventions/").status_code == 401


def test_key_of_a_deactivated_user_is_401(world):
    user = world["personas"]["instructeur"]
    _, raw_key = api_token_create(user=user, name="Outil")
    user.is_active = False
    user.save()
    assert _client(f"Token {raw_key}").get("/api/v1/conventions/").status_code == 401


def test_only_the_owner_or_a_superuser_revokes(world):
    owner = world["personas"]["instructeur"]
    token, _ = api_token_create(user=owner, name="Outil")
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, user=world["personas"]["bailleur"])
    api_token_revoke(token=token, user=world["personas"]["superuser"])
    assert not ApiToken.objects.active().filter(pk=token.pk).exists()


def test_name_is_required(db):
    with pytest.raises(ValidationError):
        api_token_create(user=UserFactory(), name="  ")


def test_management_command_prints_a_working_key(world):
    out = StringIO()
    call_command("api_token_create", world["personas"]["bailleur"].username, "--nom", "CI", stdout=out)
    raw_key = out.getvalue().strip()
    assert _client(f"Token {raw_key}").get("/api/v1/conventions/").status_code == 200


def test_throttled_per_key(world, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"api_client": "3/minute", "api_anon": "100/minute"})
    user = world["personas"]["instructeur"]
    _, key_1 = api_token_create(user=user, name="Un")
    _, key_2 = api_token_create(user=user, name="Deux")
    client_1, client_2 = _client(f"Token {key_1}"), _client(f"Token {key_2}")
    statuses = [client_1.get("/api/v1/lots/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client_2.get("/api/v1/lots/").status_code == 200  # another key has its own budget


def test_anonymous_calls_throttled_per_ip(world, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"api_client": "100/minute", "api_anon": "2/minute"})
    body = {"username": "inconnu", "password": "x"}
    statuses = [APIClient().post("/api-siap/v0/token/", body).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


def test_admin_lists_keys_without_their_secret_and_revokes(world):
    from django.test import Client

    user = world["personas"]["instructeur"]
    token, raw_key = api_token_create(user=user, name="Outil")
    client = Client()
    client.force_login(world["personas"]["superuser"])
    page = client.get("/admin/api/apitoken/")
    assert page.status_code == 200
    content = page.content.decode()
    assert token.prefixe in content and raw_key not in content and token.empreinte not in content
    response = client.post("/admin/api/apitoken/", {"action": "revoquer", "_selected_action": [token.pk]}, follow=True)
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoque_le is not None
