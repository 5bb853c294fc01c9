"""Drill: PostgreSQL unreachable during a request. A French 503 page (JSON under /api), /healthz 503, never a
traceback. The PostgreSQL test points the live connection at a closed local port; the other one fails every
connection attempt, on any database engine."""

import socket
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.users.factories import instructeur_user

PAGES = ["/conventions/", "/parametres/profil/", "/statistiques/"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # released on exit: nothing listens there any more


@contextmanager
def database_at_closed_port():
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def assert_french_503_page(response):
    assert response.status_code == 503
    content = response.content.decode()
    assert "Service momentanément indisponible" in content
    assert "la base de données ne répond pas" in content
    assert "Traceback" not in content and "OperationalError" not in content
    assert response["Retry-After"] == "60"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_at_a_closed_port_gives_french_503_pages(requires_postgres, client, seeded_roles):
    user = instructeur_user()
    client.force_login(user)
    client.raise_request_exception = False
    with database_at_closed_port():
        with pytest.raises(OperationalError):  # the drill really cuts the database off
            connection.ensure_connection()
        for url in PAGES:
            assert_french_503_page(client.get(url))
        response = client.post("/conventions/", {"x": "1"})
        assert response.status_code in (403, 503)  # CSRF refuses first, or the database is reached: no 500
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["database"] == "error"
        api = client.get("/api/v1/conventions/")
        assert api.status_code == 503
        assert "base de données" in api.json()["detail"]
    # Back to normal as soon as the database answers again (conn_health_checks reconnects).
    assert client.get("/conventions/").status_code == 200


@pytest.mark.django_db
def test_every_connection_failing_gives_french_503_pages(client):
    client.force_login(instructeur_user())
    client.raise_request_exception = False
    refused = OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')
    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=refused),
        mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=refused),
    ):
        for url in PAGES:
            assert_french_503_page(client.get(url))
        assert client.get("/healthz").status_code == 503
        api = client.get("/api/v1/conventions/")
        assert api.status_code == 503
        assert api.json()["detail"].startswith("Le service est momentanément indisponible")
    assert client.get("/conventions/").status_code == 200


def test_other_errors_stay_500(rf):
    from core import views

    try:
        raise RuntimeError("panne simulée")
    except RuntimeError:
        response = views.error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()
