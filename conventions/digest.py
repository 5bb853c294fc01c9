"""The weekly « À traiter » e-mail, for the users who asked for it (AbonnementResume).

`envoyer_resumes()` is run by the management command `envoyer_resumes_a_traiter` (a weekly cron on Scalingo:
Monday 7:00) or by the task `conventions.tasks.envoyer_resumes_a_traiter`. A user is sent at most one digest
every 6 days (a second run the same week sends nothing), nothing when nothing waits, never if inactive."""

import datetime
import logging

from django.urls import reverse
from django.utils import timezone

from conventions import queue
from conventions.models import AbonnementResume
from conventions.notifications import absolute_url, build_email

logger = logging.getLogger("apilos.notifications")

INTERVALLE = datetime.timedelta(days=6)


def envoyer_resumes(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    abonnements = AbonnementResume.objects.select_related("user").filter(user__is_active=True).exclude(user__email="")
    for abonnement in abonnements:
        if abonnement.dernier_envoi_le and now - abonnement.dernier_envoi_le < INTERVALLE:
            continue
        groupes = [g for g in queue.a_traiter(abonnement.user, lignes=5) if g.nombre]
        if not groupes:
            continue
        total = sum(g.nombre for g in groupes)
        message = build_email(
            template="resume_a_traiter",
            subject=f"{total} convention{'s' if total > 1 else ''} vous attend{'ent' if total > 1 else ''} sur APiLos",
            recipients=[abonnement.user],
            context={
                "groupes": groupes,
                "total": total,
                "url": absolute_url(reverse("home")),
            },
        )
        try:
            message.send()
        except Exception:
            logger.exception("Échec de l'envoi du résumé hebdomadaire à %s", abonnement.user.email)
            continue
        abonnement.dernier_envoi_le = now
        abonnement.save(update_fields=["dernier_envoi_le"])
        sent += 1
    return sent
