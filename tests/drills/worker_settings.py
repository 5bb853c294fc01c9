"""Settings of the worker processes started by the drills: the test settings, on the test database of the
pytest process (DRILL_DB_NAME), with durable jobs, e-mails written to files and short recovery delays."""

import os

from apilos.settings_test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["DRILL_DB_NAME"]  # noqa: F405
DATABASES["default"]["TEST"] = {"NAME": os.environ["DRILL_DB_NAME"]}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["DRILL_MAIL_DIR"]
MEDIA_ROOT = os.environ["DRILL_MEDIA_ROOT"]
TASKS_STALE_AFTER_SECONDS = 2
TASKS_STALE_CHECK_SECONDS = 1
