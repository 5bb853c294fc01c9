import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
