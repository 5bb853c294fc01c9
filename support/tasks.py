"""Background jobs of the support app (django-tasks)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django_tasks import task

logger = logging.getLogger("apilos.support")


@task()
def notify_reassignment(
    *, champ: str, cible_id: int, avant_ids: list[int], convention_ids: list[int], motif: str = ""
) -> int:
    """Tell the users of the previous and of the new organisation which conventions moved. Returns the number
    of e-mails sent; a failure is logged (and recorded by the e-mail backend), never retried blindly."""
    from conventions.models import Convention
    from conventions.notifications import _mailable
    from users.enums import TypeRole
    from users.models import Administration, Bailleur, User

    model = Administration if champ == "administration" else Bailleur
    typologie = TypeRole.INSTRUCTEUR if champ == "administration" else TypeRole.BAILLEUR
    cible = model.objects.filter(pk=cible_id).first()
    conventions = list(Convention.objects.filter(pk__in=convention_ids).select_related("programme").order_by("pk"))
    if cible is None or not conventions:
        return 0
    sent = 0
    for organisation in model.objects.filter(pk__in=[*avant_ids, cible_id]):
        users = _mailable(User.objects.filter(**{"roles__typologie": typologie, f"roles__{champ}": organisation}))
        emails = sorted({u.email for u in users.distinct()})
        if not emails:
            continue
        context = {
            "organisation": organisation,
            "entrante": organisation.pk == cible_id,
            "cible": cible,
            "conventions": conventions,
            "motif": motif,
            "site_url": settings.SITE_URL,
        }
        message = EmailMessage(
            subject=f"[APiLos] {len(conventions)} convention(s) réaffectée(s) – {organisation.nom}",
            body=render_to_string("emails/support_reaffectation.txt", context),
            to=emails,
        )
        try:
            message.send()
            sent += 1
        except Exception:
            logger.exception("Réaffectation : e-mail non envoyé à %s", organisation)
    return sent
