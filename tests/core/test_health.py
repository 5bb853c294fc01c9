from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

# A local port where nothing listens: the same situation as a stopped Redis.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6390/0",
        "KEY_PREFIX": "apilos-test-redis-down",
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    }
}


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_503_when_the_database_does_not_answer(client):
    with mock.patch("core.views.connection.cursor", side_effect=OperationalError("connexion refusée")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_healthz_reports_a_cache_failure_but_stays_up(client):
    with mock.patch("core.views.cache.set", side_effect=ConnectionError("cache injoignable")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}


@pytest.mark.django_db
@override_settings(CACHES=REDIS_DOWN, DJANGO_REDIS_IGNORE_EXCEPTIONS=True, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True)
def test_pages_still_answer_with_redis_stopped(client):
    from django.core.cache import cache

    # Really talking to a closed port through django-redis: the failure is swallowed, not raised.
    assert cache.get("anything") is None
    assert client.get("/").status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["cache"] == "error"


@pytest.mark.django_db
@override_settings(CACHES=REDIS_DOWN)
def test_logged_in_pages_still_answer_with_redis_stopped(client):
    from tests.users.factories import instructeur_user

    client.force_login(instructeur_user())
    response = client.get("/", follow=True)  # logged-in users land on « À traiter »
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert '<h1 class="fr-mb-1w">À traiter</h1>' in response.content.decode()
    assert client.get("/parametres/profil/").status_code == 200
    assert client.get("/statistiques/").status_code == 200  # statistics are cached: the cache is down
