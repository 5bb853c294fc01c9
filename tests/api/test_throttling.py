"""Throttles: refused calls count, every API view counts them, and limits hold when Redis is down."""

import time
from unittest import mock

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from api.throttling import CountRefusedCalls
from core import ratelimit
from tests.conftest import clear_caches

pytestmark = pytest.mark.django_db

CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once


@pytest.fixture
def anon_limit(monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"api_client": "100/minute", "api_anon": "2/minute"})


def _client(header=None):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    return client


@pytest.mark.usefixtures("anon_limit")
@pytest.mark.parametrize(
    ("url", "header"),
    [
        ("/api/v1/conventions/", None),  # no credentials: 401 from the permission check
        ("/api/v1/conventions/", "Token apilos_devine"),  # key guessing: 401 from authentication
        ("/api/v1/conventions/", "Bearer pas.un.jwt"),
        ("/api-siap/v0/config/", None),
        ("/api-siap/v0/config/", "Bearer pas.un.jwt"),
        ("/api-siap/v0/token/refresh/", None),
    ],
)
def test_refused_calls_are_counted_by_the_anonymous_throttle(url, header):
    method = "post" if url.endswith("refresh/") else "get"
    statuses = [getattr(_client(header), method)(url).status_code for _ in range(3)]
    assert statuses[:2] in ([401, 401], [400, 400])
    assert statuses[2] == 429


@pytest.mark.usefixtures("anon_limit")
def test_refused_calls_share_the_budget_of_the_ip():
    assert _client().get("/api/v1/lots/").status_code == 401
    assert _client("Token apilos_devine").get("/api/v1/programmes/").status_code == 401
    assert _client().get("/api-siap/v0/config/").status_code == 429


def _api_views(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _api_views(pattern, route)
        elif isinstance(pattern, URLPattern) and (route.startswith("api-siap/") or route.startswith("api/v1/")):
            view = pattern.callback
            yield route, getattr(view, "cls", None) or getattr(view, "view_class", None)


def test_every_api_view_counts_refused_calls():
    views = list(_api_views())
    assert len(views) > 10
    missing = [route for route, cls in views if cls is None or not issubclass(cls, CountRefusedCalls)]
    assert missing == []


# --- Redis down: the counters fall back to the memory of the process ---------------------------------------


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
        },
        "throttle": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": False},
        },
    }
    clear_caches()
    yield
    clear_caches()


@pytest.mark.usefixtures("redis_down")
def test_key_limited_to_5_per_minute_gets_429_on_the_6th_call_with_redis_down(world, monkeypatch):
    from api.tokens import api_token_create

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"api_client": "5/minute", "api_anon": "100/minute"})
    _, raw_key = api_token_create(user=world["personas"]["instructeur"], name="Outil")
    client = _client(f"Token {raw_key}")
    statuses = [client.get("/api/v1/lots/").status_code for _ in range(8)]
    assert statuses == [200] * 5 + [429] * 3


@pytest.mark.usefixtures("redis_down", "anon_limit")
def test_anonymous_throttle_holds_with_redis_down():
    statuses = [_client().get("/api/v1/conventions/").status_code for _ in range(3)]
    assert statuses == [401, 401, 429]


@pytest.mark.usefixtures("redis_down")
def test_redis_is_left_alone_for_a_while_after_a_failure():
    from django.core.cache import caches

    assert ratelimit.allow(key="k", limit=2, period=60)
    with mock.patch.object(type(caches["throttle"]), "get", side_effect=AssertionError("Redis rappelé")):
        assert ratelimit.allow(key="k", limit=2, period=60)
        assert not ratelimit.allow(key="k", limit=2, period=60)


def test_shared_store_is_used_again_after_the_pause(monkeypatch):
    store = ratelimit.counter_store
    store._down_until = time.monotonic() - 1
    assert store._primary_is_up()
    store._mark_down(ConnectionError("test"))
    assert not store._primary_is_up()
    monkeypatch.setattr(ratelimit.time, "monotonic", lambda: time.time() + 10**9)
    assert store._primary_is_up()
    store._down_until = 0.0


def test_allow_counts_a_sliding_window():
    clear_caches()
    assert [ratelimit.allow(key="fenetre", limit=3, period=60) for _ in range(4)] == [True, True, True, False]
    clear_caches()
