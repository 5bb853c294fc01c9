"""Brute force: login lockout per username + client IP (django-axes, in the database), reset e-mail limits."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import clear_caches
from tests.users.factories import UserFactory, bailleur_user

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-de-test"
LOGIN_URL = "/comptes/connexion/"
RESET_URL = "/comptes/mot-de-passe/oubli/"
TOKEN_URL = "/api-siap/v0/token/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 2
    settings.PASSWORD_RESET_LIMIT_PER_IP = 4
    clear_caches()
    yield
    clear_caches()


def _login(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username, times, ip="203.0.113.7"):
    """`times` wrong passwords: the last one reaching the limit is already answered with the lockout page."""
    return [_login(client, username, "pas-le-bon", ip).status_code for _ in range(times)]


def test_username_and_ip_locked_after_the_limit_with_the_unlock_time(client):
    user = bailleur_user(username="marie")
    assert _fail(client, "marie", 3) == [200, 200, 429]
    response = _login(client, "marie", PASSWORD)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Connexion temporairement bloquée" in content
    match = re.search(r"bloquée jusqu&#x27;à (\d\d:\d\d)", content)
    assert match, content
    assert 29 * 60 < int(response["Retry-After"]) <= 30 * 60  # default cool-off: 30 minutes
    assert not response.wsgi_request.user.is_authenticated
    assert not client.get("/").wsgi_request.user.is_authenticated
    attempt = AccessAttempt.objects.get(username="marie")
    assert attempt.ip_address == "203.0.113.7" and attempt.failures_since_start == 3
    assert user.is_active


def test_lockout_counts_the_username_case_insensitively(client):
    bailleur_user(username="marie")
    for username in ("marie", "MARIE", " Marie"):
        _login(client, username, "pas-le-bon")
    assert _login(client, "marie", PASSWORD).status_code == 429


def test_fewer_failures_than_the_limit_do_not_lock(client):
    bailleur_user(username="marie")
    assert _fail(client, "marie", 2) == [200, 200]
    response = _login(client, "marie", PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_lockout_is_per_username_and_ip(client):
    bailleur_user(username="marie")
    bailleur_user(username="paul")
    _fail(client, "marie", 3)
    assert _login(Client(), "marie", PASSWORD, ip="198.51.100.9").status_code == 302  # another IP
    assert _login(Client(), "paul", PASSWORD).status_code == 302  # another username from the same IP


def test_staff_unlock_in_the_admin(client):
    bailleur_user(username="marie")
    _fail(client, "marie", 3)
    attempt = AccessAttempt.objects.get(username="marie")
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert changelist.status_code == 200 and "marie" in changelist.content.decode()
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert _login(client, "marie", PASSWORD).status_code == 302


def test_api_token_endpoint_shares_the_lockout(client):
    bailleur_user(username="marie")
    api = APIClient(REMOTE_ADDR="203.0.113.7")
    statuses = [api.post(TOKEN_URL, {"username": "marie", "password": "x"}).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    response = api.post(TOKEN_URL, {"username": "marie", "password": PASSWORD})
    assert response.status_code == 429
    assert "bloquée jusqu'à" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 30 * 60
    # The same username from the same IP is locked on the web login too.
    assert _login(client, "marie", PASSWORD).status_code == 429


def test_api_token_endpoint_locks_after_web_failures(client):
    bailleur_user(username="marie")
    _fail(client, "marie", 3)
    response = APIClient(REMOTE_ADDR="203.0.113.7").post(TOKEN_URL, {"username": "marie", "password": PASSWORD})
    assert response.status_code == 429


def test_reset_emails_limited_per_address_without_revealing_it(client):
    UserFactory(username="oubli", email="oubli@example.org")
    responses = [client.post(RESET_URL, {"email": "oubli@example.org"}) for _ in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 302]
    assert {r["Location"] for r in responses} == {"/comptes/mot-de-passe/oubli/envoye/"}
    assert len(mail.outbox) == 2  # the third request is answered the same way but sends nothing
    unknown = [client.post(RESET_URL, {"email": "inconnu@example.org"}, REMOTE_ADDR="198.51.100.9") for _ in range(3)]
    assert [r.status_code for r in unknown] == [302, 302, 302]  # an unknown address behaves the same
    assert len(mail.outbox) == 2


def test_reset_address_limit_ignores_case(client):
    UserFactory(username="oubli", email="oubli@example.org")
    for email in ("oubli@example.org", "OUBLI@example.org", "Oubli@Example.org"):
        client.post(RESET_URL, {"email": email})
    assert len(mail.outbox) == 2


def test_reset_requests_limited_per_ip_with_a_french_message(client):
    for index in range(4):
        UserFactory(username=f"u{index}", email=f"u{index}@example.org")
        assert client.post(RESET_URL, {"email": f"u{index}@example.org"}, REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post(RESET_URL, {"email": "u0@example.org"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "Trop de demandes de réinitialisation" in response.content.decode()
    assert len(mail.outbox) == 4
    other_ip = client.post(RESET_URL, {"email": "u1@example.org"}, REMOTE_ADDR="198.51.100.9")
    assert other_ip.status_code == 302 and len(mail.outbox) == 5


def test_choosing_a_new_password_by_the_emailed_link_lifts_the_lockout(client):
    UserFactory(username="oubli", email="oubli@example.org")
    assert _fail(client, "oubli", 3)[-1] == 429
    client.post(RESET_URL, {"email": "oubli@example.org"})
    link = re.search(r"https?://[^/\s]+(/comptes/mot-de-passe/nouveau/[^\s\"<]+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "un-nouveau-mot-de-passe-solide-2026"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="oubli").exists()
    assert _login(client, "oubli", new_password).status_code == 302
