import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from conventions.documents import services
from conventions.enums import ConventionStatut, DocumentStatut
from tests.conventions.documents.donnees import convention_complete
from tests.conventions.factories import ConventionFactory
from tests.users.factories import BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(name, convention):
    return reverse(f"conventions:{name}", args=[convention.uuid])


def with_final_document(convention, contenu=b"%PDF-1.7 test", extension="pdf"):
    convention.document_fichier.save(services.storage_name(convention, extension), ContentFile(contenu), save=False)
    convention.document_statut = DocumentStatut.PRET
    convention.document_genere_le = timezone.now()
    convention.save()
    return convention


# --- Draft ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("statut", ["projet", "instruction", "corrections"])
def test_draft_download_for_bailleur_and_instructeur(client, seeded_roles, statut):
    convention = convention_complete(statut=statut)
    for user in (
        bailleur_user(bailleur=convention.programme.bailleur),
        instructeur_user(administration=convention.programme.administration),
    ):
        client.force_login(user)
        response = client.get(url("document_projet", convention))
        assert response.status_code == 200
        assert response["Content-Type"] == DOCX
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content)[:2] == b"PK"


def test_draft_refused_out_of_scope_and_anonymous(client, seeded_roles):
    convention = ConventionFactory()
    response = client.get(url("document_projet", convention))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(bailleur_user())  # another bailleur
    assert client.get(url("document_projet", convention)).status_code == 404
    client.force_login(instructeur_user())  # another administration
    assert client.get(url("document_projet", convention)).status_code == 404


def test_draft_without_type_is_a_clear_page_not_a_500(client, seeded_roles):
    bailleur = BailleurFactory(type1and2=True)
    convention = ConventionFactory(lot__programme__bailleur=bailleur)
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.get(url("document_projet", convention))
    assert response.status_code == 409
    assert "Type I ou Type II" in response.content.decode()


def test_no_draft_once_validated(client, seeded_roles):
    convention = ConventionFactory(a_signer=True)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url("document_projet", convention))
    assert response.status_code == 409 and "document final" in response.content.decode()


# --- Final document ---------------------------------------------------------------------------------------


def test_final_download_in_scope(client, seeded_roles):
    convention = with_final_document(ConventionFactory(a_signer=True))
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url("document_final", convention))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "PLUS.pdf" in disposition
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_final_download_docx_when_no_pdf(client, seeded_roles):
    convention = with_final_document(ConventionFactory(a_signer=True), b"PK docx", "docx")
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(url("document_final", convention))
    assert response.status_code == 200 and response["Content-Type"] == DOCX


def test_final_download_refused_out_of_scope_and_anonymous(client, seeded_roles):
    convention = with_final_document(ConventionFactory(a_signer=True))
    response = client.get(url("document_final", convention))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for intrus in (bailleur_user(), instructeur_user()):
        client.force_login(intrus)
        assert client.get(url("document_final", convention)).status_code == 404


@pytest.mark.parametrize(
    "statut, document_statut",
    [
        (ConventionStatut.A_SIGNER, DocumentStatut.EN_FILE),
        (ConventionStatut.A_SIGNER, DocumentStatut.EN_COURS),
        (ConventionStatut.A_SIGNER, DocumentStatut.ERREUR),
        (ConventionStatut.INSTRUCTION, DocumentStatut.PRET),  # sent back to instruction: stale document
    ],
)
def test_final_download_unavailable(client, seeded_roles, statut, document_statut):
    convention = with_final_document(ConventionFactory(statut=statut))
    convention.document_statut = document_statut
    convention.save()
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    assert client.get(url("document_final", convention)).status_code == 404


def test_media_url_does_not_serve_the_document(client, seeded_roles, settings):
    convention = with_final_document(ConventionFactory(a_signer=True))
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    assert client.get(settings.MEDIA_URL + convention.document_fichier.name).status_code == 404


# --- Retry ------------------------------------------------------------------------------------------------


def en_erreur():
    return ConventionFactory(
        a_signer=True, document_statut=DocumentStatut.ERREUR, document_erreur="La conversion a échoué."
    )


def test_retry_by_the_instructeur(client, seeded_roles, monkeypatch):
    from conventions import tasks

    relances = []
    monkeypatch.setattr(tasks, "enqueue_validated_document", lambda cid, uid: relances.append((cid, uid)))
    convention = en_erreur()
    instructeur = instructeur_user(administration=convention.programme.administration)
    client.force_login(instructeur)
    response = client.post(url("document_relancer", convention))
    assert response.status_code == 302 and response["Location"] == url("recap", convention) + "#document"
    assert relances == [(convention.pk, instructeur.pk)]


def test_retry_runs_the_job_again(client, seeded_roles, monkeypatch):
    monkeypatch.setattr(services, "convert_to_pdf", lambda docx: b"%PDF-1.7 ok")
    convention = convention_complete(a_signer=True)
    convention.document_statut = DocumentStatut.ERREUR
    convention.save()
    client.force_login(instructeur_user(administration=convention.programme.administration))
    client.post(url("document_relancer", convention))
    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.PRET and convention.document_erreur == ""


def test_retry_refused(client, seeded_roles):
    convention = en_erreur()
    assert client.post(url("document_relancer", convention)).status_code == 302  # to login
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    assert client.post(url("document_relancer", convention)).status_code == 403
    client.force_login(instructeur_user())  # out of scope
    assert client.post(url("document_relancer", convention)).status_code == 404
    client.force_login(instructeur_user(administration=convention.programme.administration))
    assert client.get(url("document_relancer", convention)).status_code == 405
    convention.document_statut = DocumentStatut.EN_COURS
    convention.save()
    assert client.post(url("document_relancer", convention)).status_code == 403


# --- The recap block --------------------------------------------------------------------------------------


def recap(client, user, convention):
    client.force_login(user)
    response = client.get(url("recap", convention))
    assert response.status_code == 200
    return response.content.decode()


def test_recap_offers_the_draft_before_validation(client, seeded_roles):
    convention = ConventionFactory(instruction=True)
    page = recap(client, bailleur_user(bailleur=convention.programme.bailleur), convention)
    assert "Télécharger le projet de convention (.docx)" in page and url("document_projet", convention) in page


def test_recap_explains_the_missing_type(client, seeded_roles):
    bailleur = BailleurFactory(type1and2=True)
    convention = ConventionFactory(lot__programme__bailleur=bailleur)
    page = recap(client, bailleur_user(bailleur=bailleur), convention)
    assert "Télécharger le projet" not in page and "Type I ou Type II" in page


@pytest.mark.parametrize(
    "document_statut, texte, autre",
    [
        (DocumentStatut.EN_FILE, "Document en file d'attente", "Document en cours de génération"),
        (DocumentStatut.EN_COURS, "Document en cours de génération", "Document en file d'attente"),
    ],
)
def test_recap_while_queued_then_generating(client, seeded_roles, document_statut, texte, autre):
    convention = ConventionFactory(a_signer=True, document_statut=document_statut)
    page = recap(client, bailleur_user(bailleur=convention.programme.bailleur), convention)
    assert texte in page and autre not in page and "data-etat-url" in page  # the block polls its state
    assert url("document_final", convention) not in page and url("document_projet", convention) not in page


def test_recap_with_the_final_document(client, seeded_roles):
    convention = with_final_document(ConventionFactory(a_signer=True))
    page = recap(client, bailleur_user(bailleur=convention.programme.bailleur), convention)
    assert url("document_final", convention) in page and "Télécharger la convention validée" in page
    assert "Relancer" not in page


def test_recap_error_with_retry_for_instructeurs_only(client, seeded_roles):
    convention = en_erreur()
    page = recap(client, instructeur_user(administration=convention.programme.administration), convention)
    assert "La conversion a échoué." in page and url("document_relancer", convention) in page
    page = recap(client, bailleur_user(bailleur=convention.programme.bailleur), convention)
    assert "La conversion a échoué." in page and url("document_relancer", convention) not in page


# --- Fiche CAF and document check on the recap ------------------------------------------------------------


def test_fiche_caf_from_a_signer_for_those_who_see_the_convention(client, seeded_roles):
    convention = convention_complete(statut=ConventionStatut.A_SIGNER, numero="13.D.26.0042")
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(url("fiche_caf", convention))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert 'filename="ficheCAF_13.D.26.0042.docx"' in response["Content-Disposition"]
    recap = client.get(url("recap", convention)).content.decode()
    assert (
        "Télécharger la fiche d&#x27;informations pour la CAF" in recap or "fiche d'informations pour la CAF" in recap
    )


def test_no_fiche_caf_before_validation(client, seeded_roles):
    convention = convention_complete(statut=ConventionStatut.INSTRUCTION)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    assert client.get(url("fiche_caf", convention)).status_code == 404


def test_recap_lists_the_document_check_with_links_to_the_steps(client, seeded_roles):
    convention = convention_complete(statut=ConventionStatut.INSTRUCTION)
    convention.date_fin_conventionnement = None
    convention.save()
    client.force_login(instructeur_user(administration=convention.programme.administration))
    page = client.get(url("recap", convention)).content.decode()
    assert "Contrôle du document" in page
    assert "la date de fin de conventionnement" in page and "Bloquant" in page
    assert reverse("conventions:etape", args=[convention.uuid, "financement"]) in page


def test_document_progress_fragment_is_polled_while_generating(client, seeded_roles):
    convention = convention_complete(statut=ConventionStatut.A_SIGNER, numero="13.D.26.0043")
    Convention = type(convention)
    Convention.objects.filter(pk=convention.pk).update(document_statut=DocumentStatut.EN_COURS)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    recap = client.get(url("recap", convention)).content.decode()
    assert f'data-etat-url="{url("document_etat", convention)}"' in recap and "document-etat.js" in recap
    fragment = client.get(url("document_etat", convention))
    assert fragment.status_code == 200 and "en cours de génération" in fragment.content.decode()
    with_final_document(convention)
    fragment = client.get(url("document_etat", convention)).content.decode()
    assert "data-etat-url" not in fragment and "Télécharger la convention validée" in fragment


def test_validation_answers_at_once_when_jobs_run_inline(seeded_roles, settings, monkeypatch):
    """`make run`: inline jobs, the document is generated in a thread (DOCUMENTS_EN_ARRIERE_PLAN)."""
    from conventions import tasks

    settings.DOCUMENTS_EN_ARRIERE_PLAN = True
    started = []
    monkeypatch.setattr(
        tasks.threading, "Thread", lambda **kwargs: type("T", (), {"start": lambda self: started.append(kwargs)})()
    )
    convention = convention_complete(statut=ConventionStatut.A_SIGNER)
    tasks.enqueue_validated_document(convention.pk, None)
    convention.refresh_from_db()
    assert convention.document_statut == DocumentStatut.EN_FILE  # shown as queued, not generated yet
    assert started and started[0]["args"][0] == convention.pk


def test_instructeur_previews_the_draft_as_pdf_inside_the_recap(client, seeded_roles, monkeypatch):
    from conventions.views import documents as views

    monkeypatch.setattr(views, "convert_to_pdf", lambda docx: b"%PDF-1.7 apercu")
    convention = convention_complete(statut=ConventionStatut.INSTRUCTION)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    page = client.get(url("recap", convention)).content.decode()
    assert f'<iframe src="{url("document_apercu", convention)}"' in page
    response = client.get(url("document_apercu", convention))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline" and response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 apercu"


def test_bailleur_has_no_pdf_preview(client, seeded_roles):
    convention = convention_complete(statut=ConventionStatut.INSTRUCTION)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    assert url("document_apercu", convention) not in client.get(url("recap", convention)).content.decode()
    assert client.get(url("document_apercu", convention)).status_code == 403
