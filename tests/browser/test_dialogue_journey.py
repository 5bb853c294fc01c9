"""Issue 19, "Must show": two correction rounds where the instructeur's « Ce qui a changé » page shows exactly the
edits made, then a message with an attachment and its unread marker — in a real browser, at 1280 px."""

import datetime

import pytest

from conventions import workflow
from conventions.enums import ConventionStatut
from conventions.models import Convention
from dialogue.models import Message
from tests.browser.test_journeys import run_action, save_and_next
from tests.conventions.factories import complete_convention
from users.models import Administration, Bailleur, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _at_1280(user):
    user.page.set_viewport_size({"width": 1280, "height": 900})
    return user


def _comment(page, key: str, text: str):
    widget = page.locator(f"#commentaires-{key}")
    widget.locator("summary").click()
    widget.locator("textarea").fill(text)
    widget.locator("button", has_text="Enregistrer le commentaire").click()
    page.wait_for_load_state()


def _changes(page) -> list[str]:
    """The change lines of the « Ce qui a changé » page, as text."""
    return [" ".join(t.split()) for t in page.locator(".apilos-diff li").all_inner_texts()]


def test_two_correction_rounds_what_changed_and_a_message_thread(persona, tmp_path):
    bailleur_org = Bailleur.objects.get(roles__user__username="demo-bailleur")
    bailleur_org.signataire_nom, bailleur_org.signataire_fonction = "Camille Martin", "Directrice générale"
    bailleur_org.signataire_date_deliberation = datetime.date(2024, 5, 2)
    bailleur_org.adresse = bailleur_org.adresse or "1 rue de la Paix"
    bailleur_org.save()
    convention = complete_convention(nb_logements=2, bailleur=bailleur_org)
    programme = convention.programme
    programme.administration = Administration.objects.get(code="DD013")
    programme.code_postal, programme.ville = "13002", "Marseille"
    programme.save()
    try:
        workflow.convention_submit(convention=convention, user=User.objects.get(username="demo-bailleur"))
    except workflow.ValidationRefused as exc:  # the demo organisation must stay complete
        pytest.fail(" ".join(exc.errors))
    uuid, ancien_nom = convention.uuid, programme.nom

    # Round 1: the instructeur comments the operation's name and asks for corrections
    instructeur = _at_1280(persona("demo-instructeur"))
    page = instructeur.goto(f"/conventions/{uuid}/operation/")
    _comment(page, "programme__nom", "Merci d'indiquer le nom complet, bâtiment compris.")
    run_action(instructeur.goto(f"/conventions/{uuid}/"), "Demander des corrections")
    assert Convention.objects.get(uuid=uuid).statut == ConventionStatut.CORRECTIONS

    bailleur = _at_1280(persona("demo-bailleur"))
    page = bailleur.goto(f"/conventions/{uuid}/operation/")
    bailleur.screenshot("dialogue-etape-operation-corrections")
    page.fill("#id_nom", f"{ancien_nom} – Bâtiment A")
    save_and_next(page)
    run_action(bailleur.goto(f"/conventions/{uuid}/"), "Renvoyer à l'instruction")
    assert Convention.objects.get(uuid=uuid).statut == ConventionStatut.INSTRUCTION

    page = instructeur.goto(f"/conventions/{uuid}/")
    assert "renvoyée après corrections" in page.locator(".apilos-dialogue").inner_text().lower()
    instructeur.screenshot("dialogue-recapitulatif")
    page.locator(".apilos-dialogue a", has_text="Ce qui a changé").click()
    page.wait_for_load_state()
    assert "1 modification." in page.locator("#resume-modifications").inner_text()
    (change,) = _changes(page)
    assert f"{ancien_nom} → {ancien_nom} – Bâtiment A" in change
    assert "En réponse au commentaire « Merci d'indiquer le nom complet" in change
    assert page.locator(".apilos-diff-etape .fr-badge", has_text="Inchangée").count() == 8
    instructeur.screenshot("dialogue-modifications-tour-1")

    # Round 2: a comment on the message to the instruction; only that field changes
    page = instructeur.goto(f"/conventions/{uuid}/commentaires/")
    _comment(page, "convention__commentaires", "Précisez l'accès aux places de stationnement.")
    run_action(instructeur.goto(f"/conventions/{uuid}/"), "Demander des corrections")
    page = bailleur.goto(f"/conventions/{uuid}/commentaires/")
    page.fill("#id_commentaires", "Accès aux places par la rampe de la rue du Port.")
    save_and_next(page)
    run_action(bailleur.goto(f"/conventions/{uuid}/"), "Renvoyer à l'instruction")

    page = instructeur.goto(f"/conventions/{uuid}/modifications/")
    assert "1 modification." in page.locator("#resume-modifications").inner_text()
    (change,) = _changes(page)
    assert "Accès aux places par la rampe de la rue du Port." in change
    assert "Bâtiment A" not in change
    instructeur.screenshot("dialogue-modifications-tour-2")
    page.select_option("#id_de", "s1")
    page.select_option("#id_a", "s3")
    page.locator("button", has_text="Comparer").click()
    page.wait_for_load_state()
    assert "2 modifications." in page.locator("#resume-modifications").inner_text()

    # The field's history: who set the name, and its previous value
    page = instructeur.goto(f"/conventions/{uuid}/historique/?cle=programme__nom")
    assert "Bérénice Bailleur" in page.locator("main").inner_text()
    instructeur.screenshot("dialogue-historique-champ")

    # A message with an attachment; the instructeur sees the counter, then the unread marker
    page = bailleur.goto(f"/conventions/{uuid}/conversation/")
    page.fill("#id_texte", "Voici le plan d'accès au parking.")
    plan = tmp_path / "plan-acces.pdf"
    plan.write_bytes(PDF)
    page.set_input_files("#id_pieces", str(plan))
    page.locator("button", has_text="Envoyer le message").click()
    page.wait_for_load_state()
    assert Message.objects.get(convention__uuid=uuid).pieces_jointes.get().nom == "plan-acces.pdf"

    page = instructeur.goto(f"/conventions/{uuid}/")
    assert page.locator(".apilos-notifications-compteur").first.inner_text().strip() == "1"
    page = instructeur.goto("/notifications/")
    instructeur.screenshot("dialogue-notifications")
    page.locator("main a", has_text="Nouveau message").click()
    page.wait_for_load_state()
    message = page.locator(".apilos-message").first
    assert "non lu" in message.inner_text().lower() and "plan-acces.pdf" in message.inner_text()
    instructeur.screenshot("dialogue-conversation")
    with page.expect_download() as download:
        message.locator("a", has_text="plan-acces.pdf").click()
    assert download.value.suggested_filename == "plan-acces.pdf"
    page = instructeur.goto(f"/conventions/{uuid}/conversation/")
    assert "non lu" not in page.locator(".apilos-fil").inner_text().lower()  # read now
