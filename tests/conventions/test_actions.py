import datetime
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from conventions.enums import ConventionStatut
from conventions.models import Convention, ConventionHistory
from conventions.workflow import ValidationRefused
from tests.conventions.factories import ConventionFactory
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    call_command("seed_roles", verbosity=0)


@pytest.fixture
def complete():
    """The factories' conventions are not complete files: the business rules (tested in their own module) are
    neutralised where the test is about the page, not the rules."""
    with (
        mock.patch("conventions.rules.blocking_errors", return_value=[]),
        mock.patch("conventions.documents.controle.bloquants", return_value=[]),  # the document check: own tests
    ):
        yield


def action_url(convention, name):
    return f"/conventions/{convention.uuid}/actions/{name}/"


def bailleur_of(convention):
    return bailleur_user(bailleur=convention.programme.bailleur)


def instructeur_of(convention):
    return instructeur_user(administration=convention.programme.administration)


def test_submit_then_success_message(client, complete):
    convention = ConventionFactory()
    client.force_login(bailleur_of(convention))
    response = client.post(action_url(convention, "soumettre"), {"comment": "Tout est prêt."}, follow=True)
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION
    assert ConventionHistory.objects.get(convention=convention).commentaire == "Tout est prêt."
    assert "La convention est soumise au service instructeur." in response.content.decode()


def test_submit_refused_shows_the_errors_list_and_keeps_the_message(client):
    convention = ConventionFactory()
    client.force_login(bailleur_of(convention))
    refusal = ValidationRefused("Impossible de soumettre.", errors=["Il manque les logements.", "Il manque un prêt."])
    with mock.patch("conventions.workflow.convention_submit", side_effect=refusal):
        response = client.post(action_url(convention, "soumettre"), {"comment": "Mon message"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "fr-alert--error" in content
    assert "Il manque les logements." in content and "Il manque un prêt." in content
    assert "Mon message" in content  # what the user typed is kept
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.PROJET


def test_request_corrections_with_copy(client):
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    with mock.patch("conventions.notifications.notify") as notify:
        with mock.patch("django.db.transaction.on_commit", side_effect=lambda f, *a, **k: f()):
            response = client.post(
                action_url(convention, "demander_corrections"), {"comment": "Voir les loyers.", "send_copy": "on"}
            )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.CORRECTIONS
    assert notify.call_args.kwargs["send_copy"] is True


def test_resubmit(client, complete):
    convention = ConventionFactory(corrections=True)
    client.force_login(bailleur_of(convention))
    assert client.post(action_url(convention, "renvoyer_instruction"), {"comment": "Corrigé"}).status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION


def test_validate_needs_confirmation_then_number(client, complete):
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    response = client.post(action_url(convention, "valider"), {"numero": "13.D.26.0001"})
    assert response.status_code == 200
    assert "Cochez la case de confirmation" in response.content.decode()
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION
    response = client.post(action_url(convention, "valider"), {"numero": "13.D.26.0001", "confirmation": "on"})
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.A_SIGNER
    assert convention.numero == "13.D.26.0001"


def test_validate_with_duplicate_number_shows_workflow_error(client, complete):
    ConventionFactory(a_signer=True, numero="13.D.26.0007")
    convention = ConventionFactory(instruction=True)
    client.force_login(instructeur_of(convention))
    response = client.post(action_url(convention, "valider"), {"numero": "13.D.26.0007", "confirmation": "on"})
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()


def test_submit_incomplete_convention_lists_the_rules(client):
    convention = ConventionFactory()
    client.force_login(bailleur_of(convention))
    response = client.post(action_url(convention, "soumettre"), {"comment": ""})
    assert response.status_code == 200
    assert response.context["action_error"]["errors"]  # the real rules say what is missing
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.PROJET


def test_mark_signed_with_pdf_then_publication(client):
    convention = ConventionFactory(a_signer=True, lot__programme__bailleur__type1and2=True)  # to be published
    instructeur = instructeur_of(convention)
    client.force_login(instructeur)
    fichier = SimpleUploadedFile("signée.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        action_url(convention, "marquer_signee"),
        {"date_signature": datetime.date.today().isoformat(), "fichier_signe": fichier},
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.SIGNEE
    assert convention.fichier_signe.name.endswith(".pdf")
    assert client.post(action_url(convention, "envoyer_publication")).status_code == 302
    response = client.post(
        action_url(convention, "marquer_publiee"),
        {"date_publication": datetime.date.today().isoformat(), "reference_publication": "SPF 2026 P 123"},
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.PUBLIEE
    assert convention.reference_publication == "SPF 2026 P 123"


def test_signed_file_must_be_a_pdf(client):
    convention = ConventionFactory(a_signer=True)
    client.force_login(instructeur_of(convention))
    fichier = SimpleUploadedFile("signee.pdf", b"GIF89a pas un pdf", content_type="application/pdf")
    response = client.post(
        action_url(convention, "marquer_signee"),
        {"date_signature": datetime.date.today().isoformat(), "fichier_signe": fichier},
    )
    assert response.status_code == 200
    assert "pas un PDF valide" in response.content.decode()
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.A_SIGNER


def test_back_to_instruction_cancel_and_reactivate(client):
    convention = ConventionFactory(a_signer=True)
    client.force_login(instructeur_of(convention))
    assert client.post(action_url(convention, "retour_instruction"), {"comment": ""}).status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION
    assert client.post(action_url(convention, "annuler"), {"comment": "Opération abandonnée"}).status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.ANNULEE
    assert client.post(action_url(convention, "reactiver")).status_code == 302
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.PROJET


def test_delete_draft_goes_back_to_list(client):
    convention = ConventionFactory()
    client.force_login(bailleur_of(convention))
    response = client.post(action_url(convention, "supprimer"))
    assert response.status_code == 302
    assert response["Location"] == "/conventions/"
    assert not Convention.objects.filter(pk=convention.pk).exists()


def test_action_not_allowed_is_an_error_message_not_a_500(client):
    convention = ConventionFactory(instruction=True)
    client.force_login(bailleur_of(convention))
    response = client.post(action_url(convention, "valider"), {"numero": "13.D.26.0099", "confirmation": "on"})
    assert response.status_code == 200
    assert "Vous n&#x27;avez pas le droit" in response.content.decode()
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.INSTRUCTION


def test_unknown_action_and_get_and_out_of_scope(client):
    convention = ConventionFactory()
    client.force_login(bailleur_of(convention))
    assert client.post(action_url(convention, "inventee")).status_code == 404
    assert client.get(action_url(convention, "soumettre")).status_code == 405
    client.force_login(bailleur_user())
    assert client.post(action_url(convention, "soumettre")).status_code == 404
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.PROJET


def test_in_corrections_the_instructeur_recap_offers_neither_corrections_nor_validation(client, complete):
    convention = ConventionFactory(corrections=True)
    client.force_login(instructeur_of(convention))
    content = client.get(f"/conventions/{convention.uuid}/").content.decode()
    panel = content.split('id="actions"')[1].split("</section>")[0]
    assert "Le bailleur corrige la convention" in panel
    assert "Demander des corrections" not in panel and "Valider la convention" not in panel
    assert "Annuler la convention" in panel
    # Posting anyway is refused with a French message, the status unchanged.
    response = client.post(action_url(convention, "valider"), {"numero": "13.D.26.0001", "confirmation": "on"})
    assert response.status_code == 200
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.CORRECTIONS

    client.force_login(bailleur_of(convention))
    panel = client.get(f"/conventions/{convention.uuid}/").content.decode().split('id="actions"')[1]
    assert "Renvoyer à l&#x27;instruction" in panel.split("</section>")[0]
    assert "Le bailleur corrige la convention" not in panel
