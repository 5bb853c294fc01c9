"""Jobs left RUNNING by a dead worker (SIGKILL, out of memory, container stopped): put back in the queue.

django-tasks-db marks a job RUNNING when a worker claims it and nothing else ever changes that state if the
worker dies, so the job would never run. A RUNNING job started more than settings.TASKS_STALE_AFTER_SECONDS
ago is presumed abandoned: it is made READY again (a live worker picks it up), unless it has already been
claimed settings.TASKS_MAX_CLAIMS times — then it is marked FAILED (a job that kills its worker must not loop
forever). The threshold is above the longest legitimate job (a PDF conversion is cut at LIBREOFFICE_TIMEOUT);
should a slow job still be running, its side effects are guarded by core.effets, so a second run is harmless.

Run by the `worker` command at start-up and then periodically, and by `manage.py requeue_stale_tasks`."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("apilos.worker")

ABANDONED_MESSAGE = (
    "Tâche abandonnée : le processus qui l'exécutait s'est arrêté brutalement {claims} fois de suite "
    "(arrêt forcé, mémoire épuisée…). Elle n'est plus relancée automatiquement."
)


@dataclass(frozen=True)
class Recovery:
    requeued: int = 0
    failed: int = 0


def stale_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.TASKS_STALE_AFTER_SECONDS)


def requeue_stale_tasks(*, older_than: datetime.timedelta | None = None, now=None) -> Recovery:
    limit = (now or timezone.now()) - (older_than if older_than is not None else stale_after())
    max_claims = settings.TASKS_MAX_CLAIMS
    requeued = failed = 0
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, started_at__lt=limit
        )
        for result in stale:
            if len(result.worker_ids) >= max_claims:
                result.status = TaskResultStatus.FAILED
                result.finished_at = timezone.now()
                result.exception_class_path = "core.worker_recovery.TacheAbandonnee"
                result.traceback = ABANDONED_MESSAGE.format(claims=len(result.worker_ids))
                result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                logger.error("Tâche %s (%s) abandonnée après %s essais", result.id, result.task_path, max_claims)
                failed += 1
            else:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
                logger.warning(
                    "Tâche %s (%s) remise en file : son processus (%s) ne répond plus",
                    result.id,
                    result.task_path,
                    result.worker_ids[-1] if result.worker_ids else "?",
                )
                requeued += 1
    return Recovery(requeued=requeued, failed=failed)
