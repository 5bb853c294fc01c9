"""Background tasks (django-tasks; the `worker` process runs them, tests run them immediately).

J1 — the final document of a validated convention, then e-mail E5. django-tasks has no retry of its own:
a failed attempt re-enqueues the task with an exponential delay (2^attempt × base), at most
MAX_ATTEMPTS times; the last failure is recorded on the convention (document_statut ERREUR, document_erreur)
so that instructeurs see it and can start it again."""

import datetime
import logging
import threading
import uuid

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from conventions.documents.modeles import DocumentError
from conventions.enums import DOCUMENT_EN_PREPARATION, STATUTS_VALIDES, DocumentStatut

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
ERREUR_TECHNIQUE = "erreur technique inattendue (le détail est dans les journaux du serveur)"


def retry_delay(attempt: int) -> datetime.timedelta:
    base = getattr(settings, "DOCUMENTS_RETRY_BASE_SECONDS", 30)
    return datetime.timedelta(seconds=base * 2**attempt)


@task()
def generate_validated_document(
    convention_id: int, validated_by_id: int | None = None, attempt: int = 1, mail_only: bool = False, cle: str = ""
) -> str:
    """`cle` identifies this validation (enqueue_validated_document): the document is stored and the e-mail sent
    once per key, however many times the job runs (worker killed then restarted, retries)."""
    from conventions.documents import services
    from conventions.models import Convention
    from users.models import User

    convention = (
        Convention.objects.select_related("programme__bailleur", "programme__administration", "lot")
        .filter(pk=convention_id)
        .first()
    )
    if convention is None:
        logger.warning("Document validé : la convention %s n'existe plus", convention_id)
        return "absente"
    if convention.statut not in STATUTS_VALIDES:
        # Sent back to instruction before the worker ran: no final document for now.
        logger.info("Document validé : la convention %s n'est plus validée, rien à faire", convention_id)
        Convention.objects.filter(pk=convention_id, document_statut__in=DOCUMENT_EN_PREPARATION).update(
            document_statut=DocumentStatut.AUCUN
        )
        return "ignorée"
    validated_by = User.objects.filter(pk=validated_by_id).first() if validated_by_id else None
    if not mail_only:
        # The worker took the job: queued → generating (the recap shows which).
        Convention.objects.filter(pk=convention_id, document_statut=DocumentStatut.EN_FILE).update(
            document_statut=DocumentStatut.EN_COURS
        )
        try:
            services.produce_final_document(convention=convention, cle=cle)
        except Exception as exc:
            _failure(convention, validated_by_id, attempt, exc, mail_only=False, cle=cle)
            return "échec"
    try:
        services.send_validated_mail(convention=convention, validated_by=validated_by, cle=cle)
    except Exception as exc:
        _failure(convention, validated_by_id, attempt, exc, mail_only=True, cle=cle)
        return "échec"
    return "ok"


def _failure(convention, validated_by_id, attempt: int, exc: Exception, *, mail_only: bool, cle: str = "") -> None:
    from conventions.models import Convention

    etape = "l'envoi de l'e-mail" if mail_only else "la génération du document"
    logger.exception("Convention %s : échec de %s (tentative %s/%s)", convention.pk, etape, attempt, MAX_ATTEMPTS)
    raison = (exc.message if isinstance(exc, DocumentError) else ERREUR_TECHNIQUE).rstrip(".")
    if attempt < MAX_ATTEMPTS:
        Convention.objects.filter(pk=convention.pk).update(
            document_erreur=f"Tentative {attempt} sur {MAX_ATTEMPTS} en échec ({raison}) ; nouvel essai automatique."
        )
        enqueue(convention.pk, validated_by_id, attempt=attempt + 1, mail_only=mail_only, cle=cle)
        return
    if mail_only:
        # The document itself is fine (PRET); only the e-mail is missing.
        message = f"Le document est prêt mais l'e-mail au bailleur n'a pas pu être envoyé : {raison}."
        Convention.objects.filter(pk=convention.pk).update(document_erreur=message)
    else:
        message = f"Le document n'a pas pu être généré après {MAX_ATTEMPTS} tentatives : {raison}."
        Convention.objects.filter(pk=convention.pk).update(
            document_statut=DocumentStatut.ERREUR, document_erreur=message
        )


def enqueue(
    convention_id: int, validated_by_id: int | None, *, attempt: int = 1, mail_only: bool = False, cle: str = ""
) -> None:
    """Enqueue J1; later attempts wait 2^attempt × base seconds when the backend can defer (the immediate
    backend of tests and `make run` runs them at once)."""
    job = generate_validated_document
    if attempt > 1 and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + retry_delay(attempt - 1))
    job.enqueue(convention_id, validated_by_id, attempt=attempt, mail_only=mail_only, cle=cle)


def enqueue_validated_document(convention_id: int, validated_by_id: int | None) -> None:
    """J1 entry point: mark the document as being generated, then hand the work to the worker. Called by
    conventions.workflow after the validation commits, and by the "retry" button."""
    from conventions.models import Convention

    Convention.objects.filter(pk=convention_id).update(document_statut=DocumentStatut.EN_FILE, document_erreur="")
    # One key per request for the document: its runs and retries store it and mail it once (core.effets).
    cle = f"convention-{convention_id}-document-{uuid.uuid4().hex}"
    if settings.DOCUMENTS_EN_ARRIERE_PLAN and not generate_validated_document.get_backend().supports_defer:
        # `make run` runs jobs inline (no worker): generate in a thread so that the validation answers at once;
        # the recap shows the progress (etat-du-document/ fragment).
        threading.Thread(target=_enqueue_in_thread, args=(convention_id, validated_by_id, cle), daemon=True).start()
        return
    try:
        enqueue(convention_id, validated_by_id, cle=cle)
    except Exception:
        logger.exception("Convention %s : impossible de mettre en file la génération du document", convention_id)
        Convention.objects.filter(pk=convention_id).update(
            document_statut=DocumentStatut.ERREUR,
            document_erreur="La génération du document n'a pas pu être lancée ; réessayez dans quelques minutes.",
        )


def _enqueue_in_thread(convention_id: int, validated_by_id: int | None, cle: str) -> None:
    from django.db import connections

    try:
        enqueue(convention_id, validated_by_id, cle=cle)
    except Exception:
        logger.exception("Convention %s : échec de la génération en arrière-plan", convention_id)
    finally:
        connections.close_all()


@task()
def envoyer_resumes_a_traiter() -> int:
    """The weekly « À traiter » e-mails (conventions.digest), for a scheduler that enqueues tasks."""
    from conventions.digest import envoyer_resumes

    return envoyer_resumes()
