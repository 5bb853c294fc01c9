"""E-mail of a new message of a conversation (worker side). The recipients are those of the workflow e-mails
(conventions.notifications: R_B for the bailleur's side, R_I for the instruction's), preferences respected."""

import logging

from django_tasks import task

from conventions import notifications as workflow_emails
from conventions import perms
from core.emails import absolute_url, build_email, person_name, send_email
from dialogue.models import Message

logger = logging.getLogger("apilos.notifications")


@task()
def send_message_email(*, message_id: int) -> int:
    message = (
        Message.objects.select_related(
            "auteur", "convention__programme__bailleur", "convention__programme__administration", "convention__lot"
        )
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return 0
    convention = message.convention
    if perms.role_on(message.auteur, convention) == perms.BAILLEUR:
        recipients = workflow_emails.instructeur_recipients(convention)
    else:
        recipients = workflow_emails.bailleur_recipients(convention)
    recipients = [u for u in recipients if message.auteur is None or u.pk != message.auteur.pk]
    if not recipients:
        return 0  # nobody asked for these e-mails: the in-app notification is enough
    email = build_email(
        template="nouveau_message",
        subject=f"Nouveau message sur la convention {convention}",
        recipients=recipients,
        context={
            "titre": str(convention),
            "auteur": person_name(message.auteur),
            "message": message.texte,
            "pieces": list(message.pieces_jointes.values_list("nom", flat=True)),
            "url": absolute_url(f"/conventions/{convention.uuid}/conversation/#message-{message.uuid}"),
        },
    )
    return int(send_email(email, what=f"message {message_id}"))


def enqueue_message_email(message_id: int):
    try:
        return send_message_email.enqueue(message_id=message_id)
    except Exception:
        logger.exception("Impossible de mettre en file l'e-mail du message %s", message_id)
        return None
