"""Jobs of dead workers are requeued (then failed after TASKS_MAX_CLAIMS); side effects are done once.
The same drill with real worker processes: tests/drills/test_worker.py (PostgreSQL)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.effets import deja_realise, une_seule_fois
from core.models import EffetRealise
from core.worker_recovery import requeue_stale_tasks

pytestmark = pytest.mark.django_db


def job(*, status=TaskResultStatus.RUNNING, started_minutes_ago=30, claims=1) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.drills.tasks.append_line",
        backend_name="default",
        run_after=now - datetime.timedelta(hours=1),
        started_at=now - datetime.timedelta(minutes=started_minutes_ago) if started_minutes_ago is not None else None,
        worker_ids=[f"w{i}" for i in range(claims)],
    )


def test_stale_running_jobs_are_requeued_and_recent_ones_left_alone(settings):
    settings.TASKS_STALE_AFTER_SECONDS = 15 * 60
    stale, recent = job(started_minutes_ago=30), job(started_minutes_ago=2)
    done = job(status=TaskResultStatus.SUCCESSFUL)
    ready = job(status=TaskResultStatus.READY, started_minutes_ago=None, claims=0)
    recovery = requeue_stale_tasks()
    assert (recovery.requeued, recovery.failed) == (1, 0)
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.READY and stale.started_at is None and stale.worker_ids == ["w0"]
    assert DBTaskResult.objects.ready().filter(pk=stale.pk).exists()  # a worker will pick it up
    for other, status in ((recent, "RUNNING"), (done, "SUCCESSFUL"), (ready, "READY")):
        other.refresh_from_db()
        assert other.status == status


def test_a_job_that_keeps_killing_its_worker_is_failed(settings):
    settings.TASKS_STALE_AFTER_SECONDS = 60
    settings.TASKS_MAX_CLAIMS = 3
    poison = job(claims=3)
    assert requeue_stale_tasks().failed == 1
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED and poison.finished_at is not None
    assert "arrêtée brutalement" not in poison.traceback and "s'est arrêté brutalement 3 fois" in poison.traceback


def test_requeue_command_reports_in_french(settings, capsys):
    settings.TASKS_STALE_AFTER_SECONDS = 60
    job()
    call_command("requeue_stale_tasks")
    assert "Tâches remises en file : 1 ; abandonnées : 0 (seuil : 60 s)." in capsys.readouterr().out


def test_an_effect_is_done_once_per_key():
    calls = []
    assert une_seule_fois("cle-1", lambda: calls.append(1)) is True
    assert une_seule_fois("cle-1", lambda: calls.append(2)) is False
    assert calls == [1] and deja_realise("cle-1") and not deja_realise("cle-2")


def test_an_effect_that_fails_is_not_recorded():
    def boom():
        EffetRealise.objects.create(cle="écrit-par-l-action")
        raise RuntimeError("arrêt au milieu")

    with pytest.raises(RuntimeError):
        une_seule_fois("cle-echec", boom)
    assert not deja_realise("cle-echec") and not deja_realise("écrit-par-l-action")  # rolled back together
    assert une_seule_fois("cle-echec", lambda: None) is True
