"""A real worker process for the drills: `manage.py worker` with the drill settings.

With DRILL_PAUSE_MARKER set, the first PDF conversion writes that file and then hangs (the drill kills the
process there); later conversions return a small PDF at once."""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.drills.worker_settings"
django.setup()

from django.core.management import call_command  # noqa: E402

from conventions.documents import services  # noqa: E402

PDF = b"%PDF-1.7 document de l'exercice"


def convert_to_pdf(docx: bytes, **kwargs) -> bytes:
    marker = os.environ.get("DRILL_PAUSE_MARKER")
    if marker and not os.path.exists(marker):
        Path(marker).write_text(str(os.getpid()))
        time.sleep(300)  # "in the middle of the document generation": SIGKILL arrives here
    return PDF


services.convert_to_pdf = convert_to_pdf
call_command("worker", "--queue-name", "*", "--interval", "0.2", "--no-reload", "--no-startup-delay", *sys.argv[1:])
