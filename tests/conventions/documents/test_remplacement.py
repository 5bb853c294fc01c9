"""The instruction's replacement document: upload (PDF or .docx, checked), served instead of the generated document
to everyone who sees the convention, labelled on the recap, journaled and audited, removable."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conventions import tasks
from conventions.documents import remplacement, services
from conventions.enums import DocumentStatut, TypeEvenement
from conventions.models import Convention, ConventionHistory
from tests.conventions.documents.donnees import convention_complete
from tests.conventions.documents.test_views import with_final_document
from tests.conventions.factories import ConventionFactory
from tests.users.factories import UserFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 document remplace par l'instruction"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes() -> bytes:
    """The same bytes at every call: a fixed date in the archive (zipfile stamps the current time otherwise, and
    two calls two seconds apart differ)."""
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as archive:
        for nom, texte in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            archive.writestr(zipfile.ZipInfo(nom, date_time=(2026, 1, 1, 0, 0, 0)), texte)
    return sortie.getvalue()


def url(name, convention):
    return reverse(f"conventions:{name}", args=[convention.uuid])


def upload(client, convention, nom="convention-corrigee.pdf", contenu=PDF):
    return client.post(url("document_remplacer", convention), {"fichier": SimpleUploadedFile(nom, contenu)})


def instructeur_of(convention, **kwargs):
    return instructeur_user(administration=convention.programme.administration, **kwargs)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# --- Upload, journal, audit trail ----------------------------------------------------------------------------


def test_instructeur_replaces_the_draft_and_everyone_downloads_it(client, seeded_roles):
    convention = ConventionFactory(instruction=True)
    instructeur = instructeur_of(convention, first_name="Jeanne", last_name="Martin")
    client.force_login(instructeur)
    response = upload(client, convention)
    assert response.status_code == 302 and response["Location"].endswith("#document")

    convention.refresh_from_db()
    assert convention.document_remplacement.name.endswith("remplacement_convention-corrigee.pdf")
    assert convention.document_remplace_par == instructeur
    # the journal
    [entree] = ConventionHistory.objects.filter(convention=convention, action="document_remplace")
    assert entree.type_evenement == TypeEvenement.DOCUMENT and entree.user == instructeur
    assert "convention-corrigee.pdf" in entree.description
    # the audit trail
    derniere = convention.history.order_by("-history_date", "-history_id").first()
    assert derniere.document_remplacement_nom == "convention-corrigee.pdf"
    assert derniere.history_user == instructeur

    # the bailleur downloads the replacement instead of the generated draft
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url("document_projet", convention))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == PDF
    recap = client.get(url("recap", convention)).content.decode()
    assert "Document remplacé par l&#x27;instruction le " in recap and "par Jeanne Martin" in recap
    assert url("document_remplacer", convention) not in recap  # no upload form for the bailleur


def test_docx_replacement_is_accepted_and_previewed_as_pdf(client, seeded_roles, monkeypatch):
    from conventions.views import documents as views

    convertis = []
    monkeypatch.setattr(views, "convert_to_pdf", lambda contenu: convertis.append(contenu) or b"%PDF-apercu")
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    assert upload(client, convention, "convention.docx", docx_bytes()).status_code == 302
    response = client.get(url("document_projet", convention))
    assert response["Content-Type"] == DOCX_MIMETYPE and body(response) == docx_bytes()
    apercu = client.get(url("document_apercu", convention))
    assert apercu.status_code == 200 and body(apercu) == b"%PDF-apercu"
    assert convertis == [docx_bytes()]  # the uploaded .docx, not a generated one


def test_pdf_replacement_is_previewed_inline_without_conversion(client, seeded_roles, monkeypatch):
    from conventions.views import documents as views

    monkeypatch.setattr(views, "convert_to_pdf", lambda contenu: pytest.fail("no conversion of a PDF"))
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    upload(client, convention)
    apercu = client.get(url("document_apercu", convention))
    assert apercu.status_code == 200 and apercu["Content-Disposition"].startswith("inline")
    assert body(apercu) == PDF


def test_replacement_is_served_as_the_final_document_and_mailed(client, seeded_roles):
    convention = with_final_document(convention_complete(a_signer=True))
    client.force_login(instructeur_of(convention))
    upload(client, convention)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url("document_final", convention))
    assert response.status_code == 200 and body(response) == PDF
    recap = client.get(url("recap", convention)).content.decode()
    assert "Télécharger le document déposé par l'instruction" in recap

    # the validation e-mail attaches the replacement
    bailleur_user(bailleur=convention.programme.bailleur, preferences_email="TOUS")
    convention.refresh_from_db()
    services.send_validated_mail(convention=convention, validated_by=None)
    [(nom, contenu, mimetype)] = mail.outbox[-1].attachments
    assert contenu == PDF and nom.endswith(".pdf") and mimetype == "application/pdf"


def test_replacement_is_served_while_the_generation_is_still_running(client, seeded_roles):
    convention = ConventionFactory(a_signer=True, document_statut=DocumentStatut.EN_COURS)
    client.force_login(instructeur_of(convention))
    upload(client, convention)
    assert body(client.get(url("document_final", convention))) == PDF


def test_worker_keeps_the_replacement(seeded_roles, settings):
    settings.LIBREOFFICE_PATH = "/chemin/introuvable/soffice"
    convention = convention_complete(a_signer=True)
    remplacement.remplacer_document(convention=convention, user=None, fichier=SimpleUploadedFile("signable.pdf", PDF))
    bailleur_user(bailleur=convention.programme.bailleur, preferences_email="TOUS")
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.PRET  # the generated one is still produced…
    assert convention.document_remplacement.name  # …and the replacement kept
    [(_nom, contenu, _type)] = mail.outbox[0].attachments
    assert contenu == PDF


def test_removal_brings_back_the_generated_document(client, seeded_roles, django_capture_on_commit_callbacks):
    convention = ConventionFactory(instruction=True)
    instructeur = instructeur_of(convention)
    client.force_login(instructeur)
    upload(client, convention)
    convention.refresh_from_db()
    stocke = convention.document_remplacement.name
    storage = convention.document_remplacement.storage
    assert storage.exists(stocke)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("document_remplacement_retirer", convention))
    assert response.status_code == 302
    convention.refresh_from_db()
    assert not convention.document_remplacement and convention.document_remplace_par is None
    assert not storage.exists(stocke)
    [entree] = ConventionHistory.objects.filter(convention=convention, action="document_retabli")
    assert entree.user == instructeur and "convention-corrigee.pdf" in entree.description
    response = client.get(url("document_projet", convention))
    assert body(response)[:2] == b"PK"  # the generated .docx again
    assert "remplacé par l&#x27;instruction le" not in client.get(url("recap", convention)).content.decode()


def test_a_second_upload_replaces_the_first_file(client, seeded_roles, django_capture_on_commit_callbacks):
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    upload(client, convention, "premier.pdf")
    convention.refresh_from_db()
    premier, storage = convention.document_remplacement.name, convention.document_remplacement.storage
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, convention, "second.pdf", PDF + b" v2")
    convention.refresh_from_db()
    assert convention.document_remplacement_nom == "second.pdf"
    assert not storage.exists(premier)
    assert ConventionHistory.objects.filter(convention=convention, action="document_remplace").count() == 2


# --- Refusals ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("image.png", b"\x89PNG\r\n\x1a\n....", "seuls les documents PDF et Word (.docx) le sont"),
        ("faux.pdf", b"<html>pas un pdf</html>", "n&#x27;est pas un PDF valide"),
        ("faux.docx", b"PK\x03\x04 pas une archive", "n&#x27;est pas un document Word (.docx) valide"),
        ("vide.pdf", b"", "est vide"),
    ],
)
def test_bad_files_are_refused_with_a_french_message(client, seeded_roles, nom, contenu, message):
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    response = upload(client, convention, nom, contenu)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Le document n&#x27;a pas été remplacé : le fichier" in page
    assert message in page
    convention.refresh_from_db()
    assert not convention.document_remplacement
    assert not ConventionHistory.objects.filter(convention=convention, action="document_remplace").exists()


def test_a_zip_that_is_not_a_word_document_is_refused(client, seeded_roles):
    sortie = io.BytesIO()
    with zipfile.ZipFile(sortie, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    upload(client, convention, "classeur.docx", sortie.getvalue())
    convention.refresh_from_db()
    assert not convention.document_remplacement


def test_too_big_is_refused(client, seeded_roles, settings):
    settings.UPLOAD_MAX_SIZE_MB = 1
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    response = upload(client, convention, "gros.pdf", PDF + b"0" * (1024 * 1024))
    page = client.get(response["Location"]).content.decode()
    assert "dépasse la taille maximale de 1 Mo" in page
    convention.refresh_from_db()
    assert not convention.document_remplacement


def test_no_file_is_refused(client, seeded_roles):
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    response = client.post(url("document_remplacer", convention))
    assert "choisissez le document à déposer" in client.get(response["Location"]).content.decode()


def test_bailleur_may_neither_upload_nor_remove(client, seeded_roles):
    convention = ConventionFactory(instruction=True)
    remplacement.remplacer_document(convention=convention, user=None, fichier=SimpleUploadedFile("a.pdf", PDF))
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    assert upload(client, convention, "autre.pdf").status_code == 403
    assert client.post(url("document_remplacement_retirer", convention)).status_code == 403
    convention.refresh_from_db()
    assert convention.document_remplacement_nom == "a.pdf"


def test_out_of_perimeter_is_a_404(client, seeded_roles):
    convention = ConventionFactory(instruction=True)
    for user in (instructeur_user(), bailleur_user()):
        client.force_login(user)
        assert upload(client, convention).status_code == 404
        assert client.post(url("document_remplacement_retirer", convention)).status_code == 404
    assert not Convention.objects.get(pk=convention.pk).document_remplacement


@pytest.mark.parametrize("statut", ["projet", "signee", "annulee"])
def test_refused_outside_instruction_and_before_signature(client, seeded_roles, statut):
    convention = ConventionFactory(**{statut: True} if statut != "projet" else {})
    client.force_login(instructeur_of(convention))
    assert upload(client, convention).status_code == 403


def test_superuser_may_replace(client, seeded_roles):
    convention = ConventionFactory(corrections=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert upload(client, convention).status_code == 302
    assert Convention.objects.get(pk=convention.pk).document_remplacement


def test_readonly_instructeur_may_not_replace(client, seeded_roles):
    from tests.users.factories import multi_role_user

    convention = ConventionFactory(instruction=True)
    user = multi_role_user((convention.programme.administration, "readonly_instructeur"))
    client.force_login(user)
    assert upload(client, convention).status_code == 403


def test_an_avenant_does_not_inherit_the_replacement(seeded_roles):
    from tests.conventions.documents.test_modeles_complets import avenant_of

    convention = convention_complete()
    remplacement.remplacer_document(convention=convention, user=None, fichier=SimpleUploadedFile("a.pdf", PDF))
    avenant = avenant_of(convention, ["duree"])
    assert not avenant.document_remplacement and not avenant.document_remplacement_nom
    assert remplacement.document_servi(avenant) is None
