"""`manage.py worker`: django-tasks-db's db_worker (same options) that also recovers the jobs of dead workers.

At start-up, then every TASKS_STALE_CHECK_SECONDS in a background thread, jobs left RUNNING by a worker that
died are requeued (core/worker_recovery.py). The Procfile runs this command."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker

from core.worker_recovery import requeue_stale_tasks

logger = logging.getLogger("apilos.worker")


def recover_once() -> None:
    try:
        recovery = requeue_stale_tasks()
        if recovery.requeued or recovery.failed:
            logger.warning("Reprise : %s tâche(s) remise(s) en file, %s abandonnée(s)", *vars(recovery).values())
    except Exception:  # the database may be briefly unreachable: next round
        logger.exception("Reprise des tâches interrompues impossible pour l'instant")
    finally:
        close_old_connections()


def recovery_loop(stop: threading.Event) -> None:
    while not stop.wait(settings.TASKS_STALE_CHECK_SECONDS):
        recover_once()
    connection.close()


class Command(db_worker.Command):
    help = "Exécute les tâches de fond (db_worker) et remet en file celles d'un processus arrêté brutalement."

    def handle(self, *args, **options):
        recover_once()
        stop = threading.Event()
        threading.Thread(target=recovery_loop, args=(stop,), name="reprise-taches", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
