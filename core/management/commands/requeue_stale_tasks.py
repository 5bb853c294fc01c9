from django.core.management.base import BaseCommand

from core.worker_recovery import requeue_stale_tasks, stale_after


class Command(BaseCommand):
    help = (
        "Remet en file les tâches restées « en cours » après l'arrêt brutal de leur processus "
        "(démarrées depuis plus de TASKS_STALE_AFTER_SECONDS secondes)."
    )

    def handle(self, *args, **options):
        recovery = requeue_stale_tasks()
        self.stdout.write(
            f"Tâches remises en file : {recovery.requeued} ; abandonnées : {recovery.failed} "
            f"(seuil : {int(stale_after().total_seconds())} s)."
        )
