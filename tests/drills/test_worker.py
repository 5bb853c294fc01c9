"""Failure drills with real `manage.py worker` processes on PostgreSQL (issue 11):

- a worker killed (SIGKILL) in the middle of a document generation, then restarted: the job completes, the
  document is stored once, the validation e-mail is sent exactly once;
- two workers on the same database: 100 jobs, each run exactly once."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conventions import tasks
from conventions.enums import DocumentStatut
from core.models import EffetRealise
from tests.conventions.documents.donnees import convention_complete
from tests.drills.tasks import append_line
from tests.users.factories import bailleur_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RUN_WORKER = Path(__file__).with_name("run_worker.py")
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def drill(requires_postgres, settings, tmp_path):
    settings.TASKS = DATABASE_BACKEND
    env = {
        **os.environ,
        "DRILL_DB_NAME": connection.settings_dict["NAME"],
        "DRILL_MAIL_DIR": str(tmp_path / "mails"),
        "DRILL_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    started = []

    def start(**extra_env):
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [sys.executable, str(RUN_WORKER)], env={**env, **extra_env}, stdout=log, stderr=subprocess.STDOUT
        )
        started.append((process, log))
        return process

    yield start, tmp_path
    for process, log in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def wait_for(condition, *, timeout: float, what: str, logs: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    journal = (
        "\n".join(p.read_text(errors="replace")[-3000:] for p in sorted(logs.glob("worker-*.log"))) if logs else ""
    )
    pytest.fail(f"Délai dépassé ({timeout} s) : {what}\n{journal}")


def count_mails(directory: Path) -> int:
    if not directory.exists():
        return 0
    return sum(path.read_bytes().count(b"\nMessage-ID: ") for path in directory.iterdir())


def test_worker_killed_mid_document_then_restarted(drill, seeded_roles):
    start, tmp_path = drill
    convention = convention_complete(a_signer=True)
    bailleur_user(bailleur=convention.programme.bailleur, email="bailleur@example.org", preferences_email="TOUS")
    tasks.enqueue_validated_document(convention.pk, None)
    [job] = DBTaskResult.objects.all()

    marker = tmp_path / "conversion-commencee"
    first = start(DRILL_PAUSE_MARKER=str(marker))
    wait_for(marker.exists, timeout=60, what="le premier worker commence la conversion", logs=tmp_path)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL
    job.refresh_from_db()
    assert job.status == TaskResultStatus.RUNNING  # what django-tasks-db leaves behind a dead worker
    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.EN_COURS and not convention.document_fichier

    second = start(DRILL_PAUSE_MARKER=str(marker))
    wait_for(
        lambda: DBTaskResult.objects.get(pk=job.pk).status == TaskResultStatus.SUCCESSFUL,
        timeout=60,
        what="la tâche remise en file se termine",
        logs=tmp_path,
    )
    assert second.poll() is None  # the second worker is still alive and well
    job.refresh_from_db()
    assert job.return_value == "ok" and len(job.worker_ids) == 2 and job.worker_ids[0] != job.worker_ids[1]

    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.PRET and convention.document_erreur == ""
    documents = list(
        (Path(convention.document_fichier.storage.location) / convention.document_fichier.name).parent.iterdir()
    )
    assert [path.name for path in documents] == [f"{convention.uuid}.pdf"]  # stored once
    assert count_mails(tmp_path / "mails") == 1  # sent exactly once
    assert EffetRealise.objects.filter(cle__startswith=f"convention-{convention.pk}-document-").count() == 2

    # Running the same job again (a slow first run requeued while still running) changes nothing.
    DBTaskResult.objects.filter(pk=job.pk).update(status=TaskResultStatus.READY)
    wait_for(
        lambda: DBTaskResult.objects.get(pk=job.pk).status == TaskResultStatus.SUCCESSFUL,
        timeout=30,
        what="la tâche rejouée se termine",
        logs=tmp_path,
    )
    assert count_mails(tmp_path / "mails") == 1
    assert len(list(documents[0].parent.iterdir())) == 1


def test_two_workers_never_run_a_job_twice(drill):
    start, tmp_path = drill
    journal = tmp_path / "effets.txt"
    for number in range(100):
        append_line.enqueue(number, str(journal))
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 100

    workers = [start(), start()]
    wait_for(
        lambda: DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 100,
        timeout=120,
        what="les 100 tâches sont exécutées",
        logs=tmp_path,
    )
    assert all(worker.poll() is None for worker in workers)
    lines = journal.read_text().splitlines()
    numbers = Counter(int(line.split()[0]) for line in lines)
    assert len(lines) == 100 and set(numbers) == set(range(100)) and max(numbers.values()) == 1
    by_process = Counter(line.split()[1] for line in lines)
    assert len(by_process) == 2, f"un seul worker a travaillé : {by_process}"  # both really competed
    assert all(len(result.worker_ids) == 1 for result in DBTaskResult.objects.all())
    print(f"\n100 tâches, 2 workers : {dict(by_process)} exécutions par processus, 0 doublon")
