"""Selectors of the operator dashboard (national team): the health of the platform in one page."""

import datetime
import logging

from django.db import DatabaseError
from django.utils import timezone

from conventions.enums import DocumentStatut
from conventions.models import Convention
from support.models import EchecEmail

logger = logging.getLogger("apilos.support")

LIMIT = 20


def job_queue() -> dict:
    """django-tasks-db: queue depth, running, recent failures. Empty when the table is unreachable."""
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - datetime.timedelta(days=7)
    try:
        results = DBTaskResult.objects.all()
        return {
            "en_attente": results.ready().count(),
            "differees": results.filter(status="READY", run_after__gt=timezone.now()).count(),
            "en_cours": results.running().count(),
            "echecs_7j": results.failed().filter(finished_at__gte=since).count(),
            "reussies_24h": results.successful()
            .filter(finished_at__gte=timezone.now() - datetime.timedelta(days=1))
            .count(),
            "derniers_echecs": list(
                results.failed()
                .order_by("-finished_at")[:LIMIT]
                .only("id", "task_path", "finished_at", "exception_class_path", "traceback", "args_kwargs")
            ),
            "disponible": True,
        }
    except DatabaseError:
        logger.exception("Tableau d'exploitation : file des tâches illisible")
        return {"disponible": False}


def webhook_deliveries() -> list:
    from webhooks.models import Livraison

    return list(Livraison.objects.select_related("abonnement__bailleur", "abonnement__administration")[:LIMIT])


def siap_calls() -> list:
    """The last outbound calls to the SIAP (siap.SiapCall journal), newest first."""
    from siap.models import SiapCall

    return list(SiapCall.objects.all()[:LIMIT])


def email_failures() -> dict:
    since = timezone.now() - datetime.timedelta(days=7)
    return {
        "nombre_7j": EchecEmail.objects.filter(survenu_le__gte=since).count(),
        "derniers": list(EchecEmail.objects.all()[:LIMIT]),
    }


def document_errors() -> list[Convention]:
    return list(
        Convention.objects.filter(document_statut=DocumentStatut.ERREUR)
        .select_related("programme")
        .order_by("-mis_a_jour_le")[:LIMIT]
    )
