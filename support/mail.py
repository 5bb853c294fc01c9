"""An e-mail backend that records failures for the operator dashboard, then lets them propagate.

settings.EMAIL_BACKEND points here; settings.APILOS_EMAIL_BACKEND is the real backend (SMTP, console…)."""

import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("apilos.mail")


def record_failure(messages, exc: BaseException) -> None:
    from support.models import EchecEmail

    try:
        EchecEmail.objects.bulk_create(
            EchecEmail(
                sujet=str(message.subject)[:300],
                destinataires=", ".join(message.recipients()),
                erreur=f"{type(exc).__name__}: {exc}"[:2000],
            )
            for message in messages
        )
    except Exception:  # the database may be the cause: never hide the original error
        logger.exception("Impossible d'enregistrer l'échec d'envoi d'e-mail")


class RecordingEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(settings.APILOS_EMAIL_BACKEND, fail_silently=False, **kwargs)

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages):
        messages = list(email_messages or [])
        try:
            return self.inner.send_messages(messages)
        except Exception as exc:
            record_failure(messages, exc)
            if not self.fail_silently:
                raise
            return 0
