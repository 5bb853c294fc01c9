"""E5 of a foyer or a résidence (reference §13.2): the validated document and the files joined to the comments for
the instruction, in one ZIP; an avenant and an ordinary convention get the document alone."""

import io
import os
import zipfile

import pytest
from django.core import mail
from django.core.files.base import ContentFile

from conventions import tasks
from conventions.documents import services
from conventions.enums import ConventionStatut, DocumentStatut
from conventions.models import Convention, UploadedFile
from tests.conventions.documents.test_job import FAUX_PDF, conversions  # noqa: F401 (fixture)
from tests.conventions.documents.test_modeles_complets import avenant_of
from tests.conventions.factories import complete_convention, complete_foyer_convention
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.django_db


def a_signer(convention) -> Convention:
    Convention.objects.filter(pk=convention.pk).update(statut=ConventionStatut.A_SIGNER, numero="13.D.26.0099")
    convention.refresh_from_db()
    bailleur_user(bailleur=convention.programme.bailleur, preferences_email="TOUS")
    return convention


def joindre(convention, nom: str, contenu: bytes, champ: str = services.CHAMP_PIECES_FOYER) -> None:
    fichier = UploadedFile(convention=convention, champ=champ, nom=nom, taille=len(contenu), content_type="x")
    fichier.fichier.save(nom, ContentFile(contenu), save=True)


def test_a_validated_foyer_is_sent_as_a_zip_with_the_comment_files(conversions):  # noqa: F811
    convention = a_signer(complete_foyer_convention())
    joindre(convention, "plan.pdf", b"%PDF-1.4 plan")
    joindre(convention, "plan.pdf", b"%PDF-1.4 autre plan")  # same name: both kept
    joindre(convention, "vendeur.pdf", b"%PDF-1.4 acte", champ="programme.vendeur")  # not a comment file
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.PRET
    [(nom, contenu, mimetype)] = mail.outbox[0].attachments
    assert nom.endswith(".zip") and mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        fichiers = {info.filename: archive.read(info) for info in archive.infolist()}
    document = nom.removesuffix(".zip") + ".pdf"
    assert fichiers == {
        document: FAUX_PDF,
        "pieces-jointes/plan.pdf": b"%PDF-1.4 plan",
        "pieces-jointes/plan (2).pdf": b"%PDF-1.4 autre plan",
    }


def test_a_residence_too_is_zipped(conversions):  # noqa: F811
    convention = a_signer(complete_foyer_convention(nature="RESISDENCESOCIALE"))
    tasks.enqueue_validated_document(convention.pk, None)
    [(nom, contenu, _mimetype)] = mail.outbox[0].attachments
    assert nom.endswith(".zip") and zipfile.ZipFile(io.BytesIO(contenu)).namelist() == [nom[:-4] + ".pdf"]


def test_an_ordinary_convention_gets_the_pdf_alone(conversions):  # noqa: F811
    convention = a_signer(complete_convention(nb_logements=2))
    joindre(convention, "plan.pdf", b"%PDF-1.4 plan")
    tasks.enqueue_validated_document(convention.pk, None)
    [(nom, contenu, mimetype)] = mail.outbox[0].attachments
    assert nom.endswith(".pdf") and contenu == FAUX_PDF and mimetype == "application/pdf"


def test_an_avenant_of_a_foyer_gets_the_pdf_alone(conversions, settings):  # noqa: F811
    parent = complete_foyer_convention()
    avenant = avenant_of(parent, ["duree"])
    assert not services.sends_zip(avenant) and services.sends_zip(parent)


def test_a_zip_over_the_limit_is_left_out_and_said(conversions, settings):  # noqa: F811
    settings.MAX_EMAIL_ATTACHMENT_MB = 1
    convention = a_signer(complete_foyer_convention())
    joindre(convention, "photos.pdf", os.urandom(2 * 1024 * 1024))  # 2 MB that do not compress
    tasks.enqueue_validated_document(convention.pk, None)
    [message] = mail.outbox
    assert message.attachments == []
    assert "taille maximale d'une pièce jointe, 1 Mo" in message.body
