import copy
import uuid

import pytest
from django.db import connection

from tests import strict_templates


@pytest.fixture(autouse=True, scope="session")
def _strict_template_variables():
    with pytest.MonkeyPatch.context() as monkeypatch:
        strict_templates.install(monkeypatch)
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _cache_per_test(settings):
    """Every test sees an empty cache of its own: a fresh key prefix per test (throttle counters, statistics…),
    so tests neither leak into each other nor into another xdist worker sharing the same Redis database. The
    test's Redis keys are deleted afterwards; a Redis-wide `cache.clear()` would wipe the other workers' keys."""
    caches = copy.deepcopy(settings.CACHES)
    for options in caches.values():
        options["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
        if "OPTIONS" in options and "SOCKET_TIMEOUT" in options["OPTIONS"]:
            # Production gives up on Redis after 0.5 s (fail-safe: a miss, one query more). On a loaded CI machine
            # a slow answer is not an outage: it must not turn into a query-count failure. The Redis-down drills
            # point their caches at a closed port, refused at once whatever the timeout.
            options["OPTIONS"] = {**options["OPTIONS"], "SOCKET_TIMEOUT": 5, "SOCKET_CONNECT_TIMEOUT": 5}
    settings.CACHES = caches
    yield
    from django.core.cache import caches as handlers

    for alias in caches:
        handler = handlers[alias]
        if hasattr(handler, "delete_pattern"):  # django-redis: only this test's prefix
            try:
                handler.delete_pattern("*")
            except Exception:  # noqa: BLE001 - the test pointed this cache at a closed port (Redis-down drills)
                pass


@pytest.fixture(autouse=True, scope="session")
def _redis_clear_is_per_test():
    """`cache.clear()` on django-redis is FLUSHDB: in a test it would wipe the keys another xdist worker is using
    in the middle of its test (a page counted one query more in CI when its cached menu badge vanished). Within
    the tests it deletes only the calling test's keys (its own key prefix)."""
    try:
        from django_redis.cache import RedisCache
    except ImportError:  # pragma: no cover - django-redis is a pinned dependency
        yield
        return
    original = RedisCache.clear
    RedisCache.clear = lambda self: self.delete_pattern("*")
    yield
    RedisCache.clear = original


@pytest.fixture
def requires_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("Ce test nécessite PostgreSQL (DATABASE_URL).")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the permission groups once per test database (tests roll back, so they stay)."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("seed_roles", verbosity=0)


@pytest.fixture
def seeded_roles(db):
    """Groups with their permissions. Transactional tests flush the database: re-seed only when needed."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    if not Group.objects.filter(name="bailleur", permissions__isnull=False).exists():
        call_command("seed_roles", verbosity=0)


def clear_caches() -> None:
    """Empty the caches of this test process only: with Redis, delete this worker's keys (cache.clear() would
    flush the whole database, including another xdist worker's throttle counters in the middle of its test)."""
    from django.core.cache import caches

    from core.ratelimit import counter_store

    for alias in ("default",):
        store = caches[alias]
        store.delete_pattern("*") if hasattr(store, "delete_pattern") else store.clear()
    counter_store.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: counts cached by another test (menu badge, tab counts, signature years)
    would otherwise change the number of queries a page makes."""
    clear_caches()
    yield
