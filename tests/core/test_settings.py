"""Settings read the environment: each case runs in a subprocess with a controlled environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from apilos.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
# A bare production environment: nothing but what is mandatory (secure defaults do the rest, HSTS included).
PROD_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
    "ALLOWED_HOSTS": "apilos.example.gouv.fr",
}


def _clean_env(**extra: str) -> dict[str, str]:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _settings(expression: str, **env: str):
    """Evaluate `expression` against apilos.settings imported with exactly this environment."""
    code = f"import json; from apilos import settings as s; print(json.dumps({expression}, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=_clean_env(**env), cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Oui", True), (" on ", True), ("0", False), ("off", False), ("", False)],
)
def test_env_bool_accepts_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("APILOS_TEST_FLAG", raw)
    assert env_bool("APILOS_TEST_FLAG") is expected


def test_env_bool_default_and_refusal(monkeypatch):
    monkeypatch.delenv("APILOS_TEST_FLAG", raising=False)
    assert env_bool("APILOS_TEST_FLAG", True) is True
    monkeypatch.setenv("APILOS_TEST_FLAG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="APILOS_TEST_FLAG"):
        env_bool("APILOS_TEST_FLAG")


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("APILOS_TEST_LIST", " a.fr, b.fr ,,c.fr ")
    assert env_list("APILOS_TEST_LIST") == ["a.fr", "b.fr", "c.fr"]
    monkeypatch.delenv("APILOS_TEST_LIST")
    assert env_list("APILOS_TEST_LIST", "x,y") == ["x", "y"]


def test_env_int_parses_and_refuses_garbage(monkeypatch):
    monkeypatch.setenv("APILOS_TEST_INT", " 42 ")
    assert env_int("APILOS_TEST_INT", 1) == 42
    monkeypatch.setenv("APILOS_TEST_INT", "")
    assert env_int("APILOS_TEST_INT", 7) == 7
    monkeypatch.setenv("APILOS_TEST_INT", "douze")
    with pytest.raises(ImproperlyConfigured, match="APILOS_TEST_INT"):
        env_int("APILOS_TEST_INT", 1)


def test_no_database_url_means_sqlite_under_var():
    db = _settings("s.DATABASES['default']", DEBUG="1")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"].endswith("var/apilos.sqlite3")


def test_database_url_wins_over_scalingo_url_with_health_checks():
    db = _settings(
        "s.DATABASES['default']",
        DEBUG="1",
        DATABASE_URL="postgres://alice:secret@db.local:5433/apilos_a",
        SCALINGO_POSTGRESQL_URL="postgres://bob:secret@scalingo.local:5432/apilos_b",
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["HOST"], db["PORT"], db["USER"]) == ("apilos_a", "db.local", 5433, "alice")
    assert db["CONN_HEALTH_CHECKS"] is True
    assert db["CONN_MAX_AGE"] == 600


def test_scalingo_database_url_is_used_when_database_url_is_absent():
    db = _settings(
        "s.DATABASES['default']", DEBUG="1", SCALINGO_POSTGRESQL_URL="postgres://bob:pw@scalingo.local:5432/apilos_b"
    )
    assert (db["NAME"], db["HOST"]) == ("apilos_b", "scalingo.local")


def test_redis_url_gives_a_fail_safe_django_redis_cache():
    cache = _settings(
        "s.CACHES['default']", DEBUG="0", ENVIRONMENT="staging", SCALINGO_REDIS_URL="redis://cache.local:6379/1"
    )
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache.local:6379/1"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert cache["KEY_PREFIX"] == "apilos-staging"


def test_no_redis_url_means_local_memory_cache():
    cache = _settings("s.CACHES['default']", DEBUG="1")
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_production_defaults_are_secure():
    values = _settings(
        "[s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.X_FRAME_OPTIONS, s.SECURE_PROXY_SSL_HEADER]",
        **PROD_ENV,
    )
    assert values == [False, True, True, "DENY", ["HTTP_X_FORWARDED_PROTO", "https"]]


def test_missing_secret_key_with_debug_off_refuses_to_start():
    env = _clean_env(DEBUG="0", ALLOWED_HOSTS="apilos.example.gouv.fr", DJANGO_SETTINGS_MODULE="apilos.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import apilos.wsgi"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_check_deploy_with_production_like_environment_gives_no_warning():
    env = _clean_env(**PROD_ENV, DJANGO_SETTINGS_MODULE="apilos.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


HSTS = "[s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD]"


def test_hsts_is_on_for_one_year_by_default_in_production():
    assert _settings(HSTS, **PROD_ENV) == [31_536_000, True, True]


def test_hsts_can_be_set_otherwise_explicitly():
    assert _settings(HSTS, **PROD_ENV, SECURE_HSTS_SECONDS="3600", SECURE_HSTS_PRELOAD="0") == [3600, True, False]
    assert _settings(HSTS, **PROD_ENV, SECURE_HSTS_SECONDS="0")[0] == 0


def test_hsts_is_off_in_debug():
    assert _settings(HSTS, DEBUG="1") == [0, False, False]


def test_explicitly_disabled_hsts_is_reported_by_check_deploy():
    env = _clean_env(**PROD_ENV, SECURE_HSTS_SECONDS="0", DJANGO_SETTINGS_MODULE="apilos.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_brute_force_and_proxy_settings_read_the_environment():
    expression = "[s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), s.TRUSTED_PROXY_HOPS]"
    assert _settings(expression, DEBUG="1") == [10, 1800.0, 0]
    env = {"AXES_FAILURE_LIMIT": "5", "AXES_COOLOFF_MINUTES": "15", "TRUSTED_PROXY_HOPS": "1"}
    assert _settings(expression, DEBUG="1", **env) == [5, 900.0, 1]


def test_redis_url_gives_a_throttle_cache_that_raises_for_the_local_fallback():
    caches = _settings("s.CACHES", DEBUG="0", ENVIRONMENT="staging", SCALINGO_REDIS_URL="redis://cache.local:6379/1")
    assert caches["throttle"]["LOCATION"] == "redis://cache.local:6379/1"
    assert caches["throttle"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is False
    assert caches["throttle_local"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
