import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apilos.settings")

application = get_wsgi_application()

# Refuse to serve without a secret key outside DEBUG: better a clear crash at start-up than sessions
# signed with an empty key (the same rule is the system check core.E001).
from core.checks import ensure_secret_key  # noqa: E402

ensure_secret_key()
