"""E7, the welcome e-mail of a new account (enqueued; the worker renders and sends it)."""

import logging

from django.urls import reverse
from django_tasks import task

from core.emails import absolute_url, build_email, person_name, send_email
from users.models import User

logger = logging.getLogger("apilos.notifications")


@task()
def send_welcome_email(*, user_id: int, created_by_id: int | None, set_password_url: str) -> bool:
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.is_active or not user.email:
        # Never to the contact address: the link lets its holder choose the account's password.
        logger.warning("E-mail de bienvenue non envoyé : compte %s absent, inactif ou sans adresse.", user_id)
        return False
    created_by = User.objects.filter(pk=created_by_id).first() if created_by_id else None
    context = {
        "user": user,
        "identifiant": user.get_username(),
        "createur": person_name(created_by),
        "login_url": absolute_url(reverse("login")),
        "set_password_url": absolute_url(set_password_url),
    }
    email = build_email(template="bienvenue", subject="Bienvenue sur APiLos", recipients=[user], context=context)
    return send_email(email, what=f"E7 (utilisateur {user_id})")


def send_welcome(*, user, created_by, set_password_url: str):
    """E7 for a new account: login address, username and a link to choose a password (never a password).
    The account's own choice of preferences does not apply: without this e-mail the user cannot log in.
    Call it once the user is saved (the worker reads it from the database). Never raises."""
    try:
        return send_welcome_email.enqueue(
            user_id=user.pk,
            created_by_id=created_by.pk if created_by is not None else None,
            set_password_url=set_password_url,
        )
    except Exception:
        logger.exception("Impossible de mettre en file l'e-mail de bienvenue de l'utilisateur %s", user.pk)
        return None
