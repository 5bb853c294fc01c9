"""Building and sending an e-mail from templates/emails/<name>.txt and .html (domain-free)."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger("apilos.notifications")

NO_RECIPIENT_PREFIX = "[Aucun destinataire trouvé] "


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def one_line(text: str) -> str:
    return " ".join(str(text).split())


def build_email(
    *,
    template: str,
    subject: str,
    recipients: list,
    context: dict,
    cc: list[str] | tuple = (),
    attachments: list[tuple[str, bytes, str]] | tuple = (),
) -> EmailMultiAlternatives:
    """Render templates/emails/<template>.txt and .html into one message. Without recipient, the message goes to
    the contact address with a subject saying so."""
    to = [user.email for user in recipients]
    no_recipient = not to
    if no_recipient:
        to = [settings.APILOS_CONTACT_EMAIL]
        subject = NO_RECIPIENT_PREFIX + subject
    context = {
        **context,
        "site_url": settings.SITE_URL,
        "sans_destinataire": no_recipient,
        "contact_email": settings.APILOS_CONTACT_EMAIL,
    }
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"emails/{template}.txt", context),
        to=to,
        cc=[address for address in dict.fromkeys(cc) if address and address not in to],
    )
    message.attach_alternative(render_to_string(f"emails/{template}.html", context), "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send_email(message: EmailMultiAlternatives, *, what: str) -> bool:
    try:
        message.send()
    except Exception:
        logger.exception("Échec de l'envoi de l'e-mail %s (destinataires : %s)", what, ", ".join(message.to))
        return False
    return True


def person_name(user) -> str:
    if user is None:
        return "l'équipe APiLos"
    return user.get_full_name() or user.get_username()
