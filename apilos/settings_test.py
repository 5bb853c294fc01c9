"""Test settings: the production base, with only what tests must change."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789abcdef")

from apilos.settings import *  # noqa: E402,F403

SECRET_KEY = os.environ["SECRET_KEY"]
ENVIRONMENT = "test"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Not created here: importing the settings must leave nothing on disk (each xdist worker imports them). Under
# pytest every test gets its own directory (tests/conftest.py); a script using these settings (bench/) writes
# here, and the storage creates the folder on first write.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "apilos-test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# pytest-xdist workers share one Redis database: each worker keeps to its own keys, so that one worker's
# counters and cleared caches never leak into another's tests (tests clear by prefix, see tests/conftest.py).
for _cache in CACHES.values():  # noqa: F405
    _cache["KEY_PREFIX"] = f"apilos-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
JWT_SIGN_KEY = "tests-only-jwt-key-0123456789abcdef0123456789"
SIMPLE_JWT["SIGNING_KEY"] = JWT_SIGN_KEY  # noqa: F405
SIAP_CLIENT_MOCK = True  # the mock SIAP; tests of the real client point SIAP_CLIENT_HOST to a local fake server
SIAP_CLIENT_JWT_SIGN_KEY = JWT_SIGN_KEY
SIAP_CLIENT_BACKOFF = 0.01
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["django"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["apilos"]["level"] = "WARNING"  # noqa: F405
WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the test receiver listens on 127.0.0.1
WEBHOOKS_RETRY_BASE_SECONDS = 0
