"""J1: on validation, the final document is generated, stored, snapshotted, converted and mailed (E5)."""

import datetime
import logging
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from conventions import notifications, rules, tasks, workflow
from conventions.documents import ConversionError, services
from conventions.documents.generation import DOCX_MIMETYPE
from conventions.enums import ConventionStatut, DocumentStatut
from tests.conventions.documents.donnees import convention_complete
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

FAUX_PDF = b"%PDF-1.7 faux document pour les tests"


@pytest.fixture
def sans_regles(monkeypatch):
    """The business rules have their own tests; here the data only has to be printable."""
    monkeypatch.setattr(rules, "blocking_errors", lambda convention: [])


@pytest.fixture
def conversions(monkeypatch):
    """A fake LibreOffice: records its calls; `echecs` first calls fail."""
    appels = {"nombre": 0, "echecs": 0}

    def convertir(docx: bytes) -> bytes:
        appels["nombre"] += 1
        assert docx[:2] == b"PK"
        if appels["nombre"] <= appels["echecs"]:
            raise ConversionError("La conversion du document en PDF a échoué.")
        return FAUX_PDF

    monkeypatch.setattr(services, "convert_to_pdf", convertir)
    return appels


def valider(convention):
    instructeur = instructeur_user(administration=convention.programme.administration, email="instr@example.org")
    workflow.convention_validate(convention=convention, user=instructeur, numero="13.D.26.0042")
    return instructeur


def test_validation_end_to_end(seeded_roles, sans_regles, conversions, django_capture_on_commit_callbacks):
    convention = convention_complete(instruction=True)
    bailleur = bailleur_user(
        bailleur=convention.programme.bailleur, email="bailleur@example.org", preferences_email="TOUS"
    )
    with django_capture_on_commit_callbacks(execute=True):
        instructeur = valider(convention)

    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.A_SIGNER
    assert convention.document_statut == DocumentStatut.PRET and convention.document_erreur == ""
    assert convention.document_genere_le is not None
    assert convention.document_fichier.name == f"conventions/{convention.uuid}/documents/{convention.uuid}.pdf"
    with convention.document_fichier.open("rb") as stored:
        assert stored.read() == FAUX_PDF
    snapshot = convention.donnees_validees
    assert snapshot["modele"] == "HLM"
    assert snapshot["convention"]["numero"] == "13.D.26.0042" and snapshot["filigrane"] == ""
    assert snapshot["sh_totale"] == "265.65" and snapshot["loyer_total"] == "1918.24"
    assert snapshot["logements"][0]["designation"] == "Bât. A – logement 001"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [bailleur.email] and instructeur.email in message.cc
    [(nom, contenu, mimetype)] = message.attachments
    assert nom == f"{convention}.pdf" and contenu == FAUX_PDF and mimetype == "application/pdf"


def test_enqueue_marks_the_document_queued(monkeypatch):
    convention = convention_complete(a_signer=True)
    enqueued = []
    monkeypatch.setattr(tasks, "enqueue", lambda cid, uid, cle: enqueued.append((cid, uid, cle)))
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.EN_FILE
    [(cid, uid, cle)] = enqueued
    assert (cid, uid) == (convention.pk, None) and cle.startswith(f"convention-{convention.pk}-document-")


def test_failing_conversion_is_retried_then_reported(conversions, caplog):
    conversions["echecs"] = 99
    convention = convention_complete(a_signer=True)
    with caplog.at_level(logging.ERROR, logger="conventions.tasks"):
        tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert conversions["nombre"] == tasks.MAX_ATTEMPTS == 3
    assert convention.document_statut == DocumentStatut.ERREUR
    assert convention.document_erreur == (
        "Le document n'a pas pu être généré après 3 tentatives : La conversion du document en PDF a échoué."
    )
    assert not convention.document_fichier and mail.outbox == []
    assert [r.message for r in caplog.records].count(
        f"Convention {convention.pk} : échec de la génération du document (tentative 3/3)"
    ) == 1


def test_a_transient_failure_is_retried_and_succeeds(conversions):
    conversions["echecs"] = 1
    convention = convention_complete(a_signer=True)
    bailleur_user(bailleur=convention.programme.bailleur, preferences_email="TOUS")
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert conversions["nombre"] == 2
    assert convention.document_statut == DocumentStatut.PRET and convention.document_erreur == ""
    assert len(mail.outbox) == 1


def test_retries_are_deferred_with_exponential_back_off(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.DOCUMENTS_RETRY_BASE_SECONDS = 30
    from django_tasks import task_backends

    backend = task_backends["default"]
    backend.clear()
    avant = timezone.now()
    tasks.enqueue(12, 3, attempt=2, cle="convention-12-document-k")
    tasks.enqueue(12, 3, attempt=3, mail_only=True, cle="convention-12-document-k")
    premier, second = backend.results
    assert premier.kwargs == {"attempt": 2, "mail_only": False, "cle": "convention-12-document-k"}
    assert premier.args == [12, 3]
    assert second.kwargs["cle"] == "convention-12-document-k"  # retries keep the key: one document, one e-mail
    assert premier.task.run_after - avant >= datetime.timedelta(seconds=60)  # 2^1 × 30 s
    assert second.task.run_after - avant >= datetime.timedelta(seconds=120)  # 2^2 × 30 s
    assert second.task.run_after - avant < datetime.timedelta(seconds=130)


def test_without_libreoffice_the_docx_is_kept_and_attached(settings):
    settings.LIBREOFFICE_PATH = "/chemin/introuvable/soffice"
    convention = convention_complete(a_signer=True)
    bailleur_user(bailleur=convention.programme.bailleur, preferences_email="TOUS")
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.PRET
    assert convention.document_fichier.name.endswith(".docx")
    [(nom, contenu, mimetype)] = mail.outbox[0].attachments
    assert nom.endswith(".docx") and contenu[:2] == b"PK" and mimetype == DOCX_MIMETYPE


def test_attachment_over_the_limit_is_skipped_and_said(settings, conversions):
    settings.MAX_EMAIL_ATTACHMENT_MB = 0
    convention = convention_complete(a_signer=True)
    bailleur_user(bailleur=convention.programme.bailleur, preferences_email="TOUS")
    tasks.enqueue_validated_document(convention.pk, None)
    [message] = mail.outbox
    assert message.attachments == []
    assert "taille maximale d'une pièce jointe, 0 Mo" in message.body


def test_mail_failure_is_retried_without_regenerating(conversions, monkeypatch):
    envois = []
    monkeypatch.setattr(notifications, "send_validated", lambda **kwargs: envois.append(kwargs) or False)
    convention = convention_complete(a_signer=True)
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert conversions["nombre"] == 1 and len(envois) == 3
    assert convention.document_statut == DocumentStatut.PRET
    assert "l'e-mail au bailleur n'a pas pu être envoyé" in convention.document_erreur


def test_a_convention_sent_back_to_instruction_gets_no_final_document(conversions):
    convention = convention_complete(instruction=True)
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert conversions["nombre"] == 0 and convention.document_statut == DocumentStatut.AUCUN


def test_regeneration_replaces_the_stored_file(conversions):
    convention = convention_complete(a_signer=True)
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    premier = convention.document_fichier.name
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert convention.document_fichier.name == premier
    assert convention.document_fichier.storage.exists(premier)


def test_the_same_job_run_twice_stores_one_document_and_sends_one_mail(conversions):
    """A job run again (worker killed then restarted): the key makes the document and the e-mail happen once."""
    convention = convention_complete(a_signer=True)
    bailleur_user(bailleur=convention.programme.bailleur, email="bailleur@example.org", preferences_email="TOUS")
    # A killed run may have written the file without recording it in the database.
    storage = convention.document_fichier.storage
    storage.save(services.storage_name(convention, "pdf"), ContentFile(b"orphelin"))
    for _ in range(2):
        assert tasks.generate_validated_document.call(convention.pk, None, cle="cle-du-drill") == "ok"
    convention.refresh_from_db()
    assert conversions["nombre"] == 1 and len(mail.outbox) == 1
    assert convention.document_fichier.name == services.storage_name(convention, "pdf")
    dossier = Path(storage.path(convention.document_fichier.name)).parent
    assert [p.name for p in dossier.iterdir()] == [f"{convention.uuid}.pdf"]
    with convention.document_fichier.open("rb") as stored:
        assert stored.read() == FAUX_PDF


def test_the_worker_marks_the_document_generating_when_it_takes_the_job(monkeypatch):
    """Queued (the validation answered) → generating (the worker took the job) → ready."""
    from conventions.documents import services
    from conventions.models import Convention

    convention = convention_complete(a_signer=True)
    Convention.objects.filter(pk=convention.pk).update(document_statut=DocumentStatut.EN_FILE)
    seen = []
    monkeypatch.setattr(
        services,
        "produce_final_document",
        lambda *, convention, cle: seen.append(Convention.objects.get(pk=convention.pk).document_statut),
    )
    monkeypatch.setattr(services, "send_validated_mail", lambda **kwargs: None)
    tasks.generate_validated_document.call(convention.pk, None)
    assert seen == [DocumentStatut.EN_COURS]
