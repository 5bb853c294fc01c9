"""The client IP: exactly TRUSTED_PROXY_HOPS proxies are trusted, the rest of X-Forwarded-For is the client's."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from core.client_ip import client_ip
from tests.conftest import clear_caches


def _request(xff=None, remote="10.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("hops", "xff", "expected"),
    [
        (0, None, "10.0.0.1"),
        (0, "203.0.113.5", "10.0.0.1"),  # no proxy configured: the header is the client's, ignored
        (1, None, "10.0.0.1"),
        (1, "203.0.113.5", "203.0.113.5"),  # Scalingo: the router appended the client address
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged left part is ignored
        (1, "6.6.6.6,203.0.113.5 ", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 192.0.2.1", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.1"),  # fewer addresses than proxies: not through them, use the socket
        (1, "pas-une-ip", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_takes_the_nth_address_from_the_right(settings, hops, xff, expected):
    settings.TRUSTED_PROXY_HOPS = hops
    assert client_ip(_request(xff)) == expected


@pytest.fixture
def _anon_limit(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"api_client": "100/minute", "api_anon": "2/minute"})
    clear_caches()
    yield
    clear_caches()


def _token_call(forwarded_for: str) -> int:
    body = {"username": "x", "password": "y"}
    return APIClient().post("/api-siap/v0/token/", body, HTTP_X_FORWARDED_FOR=forwarded_for).status_code


@pytest.mark.django_db
@pytest.mark.usefixtures("_anon_limit")
def test_rotating_x_forwarded_for_does_not_bypass_the_api_throttle(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    statuses = [
        APIClient()
        .post(
            "/api-siap/v0/token/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 203.0.113.5"
        )
        .status_code
        for i in range(3)
    ]
    assert statuses == [401, 401, 429]
    # Another real client (another address appended by the router) has its own budget.
    other = APIClient().post(
        "/api-siap/v0/token/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert other.status_code == 401


@pytest.mark.django_db
@pytest.mark.usefixtures("_anon_limit")
def test_without_trusted_proxy_the_header_cannot_buy_a_new_budget(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    statuses = [_token_call(f"10.9.9.{i}") for i in range(3)]
    assert statuses == [401, 401, 429]


@pytest.mark.django_db
def test_login_lockout_uses_the_same_client_ip(client, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_HOPS = 1
    settings.AXES_FAILURE_LIMIT = 3
    for i in range(3):
        client.post(
            "/comptes/connexion/",
            {"username": "marie", "password": "faux"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 203.0.113.5",
        )
    attempt = AccessAttempt.objects.get(username="marie")
    assert attempt.ip_address == "203.0.113.5" and attempt.failures_since_start == 3


@pytest.mark.django_db
def test_log_lines_about_a_request_carry_the_client_ip(settings):
    import io
    import logging

    from core.log_filters import ClientIpFilter

    settings.TRUSTED_PROXY_HOPS = 1
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"]))
    handler.addFilter(ClientIpFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        APIClient().get("/api/v1/conventions/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
        logging.getLogger("apilos.test").addHandler(handler)
        logging.getLogger("apilos.test").warning("sans requête")
    finally:
        logger.removeHandler(handler)
        logging.getLogger("apilos.test").removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert any("[203.0.113.5]" in line and "Unauthorized" in line for line in lines), lines
    assert any("[-] sans requête" in line for line in lines), lines
    assert "6.6.6.6" not in stream.getvalue()


@pytest.mark.parametrize("remote", ["", "pas-une-ip"])
def test_unknown_client_address_is_empty(settings, remote):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_ip(_request(remote=remote)) == ""
