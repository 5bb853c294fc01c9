"""Entry points of the background jobs started by the workflow (after commit)."""

import logging
import uuid

from conventions.enums import DocumentStatut

logger = logging.getLogger(__name__)


def enqueue_validated_document(convention_id: int, validated_by_id: int | None) -> None:
    """J1: mark the document as being generated, then hand the work to the worker (conventions/tasks.py).
    Called by conventions.workflow after the validation commits, and by the "retry" button."""
    from conventions import tasks
    from conventions.models import Convention

    Convention.objects.filter(pk=convention_id).update(document_statut=DocumentStatut.EN_COURS, document_erreur="")
    try:
        # One key per request for the document: its runs and retries store it and mail it once (core.effets).
        tasks.enqueue(convention_id, validated_by_id, cle=f"convention-{convention_id}-document-{uuid.uuid4().hex}")
    except Exception:
        logger.exception("Convention %s : impossible de mettre en file la génération du document", convention_id)
        Convention.objects.filter(pk=convention_id).update(
            document_statut=DocumentStatut.ERREUR,
            document_erreur="La génération du document n'a pas pu être lancée ; réessayez dans quelques minutes.",
        )
