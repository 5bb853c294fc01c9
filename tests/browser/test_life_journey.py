"""The life after signature in a real browser (issue 14): on a signed convention, demo-bailleur creates an
avenant « Informations complémentaires », fills its only open step and submits it; demo-instructeur asks for a
correction, the bailleur resubmits, the instructeur validates it (avenant n° 1); the bailleur records its
signature; the recap of the convention offers « Convention initiale » and « Avenant n° 1 » and the journal shows
every step; then the instructeur résilie the convention → « Résiliée »."""

import datetime

import pytest
from django.utils import timezone

from conventions.enums import ConventionStatut
from conventions.models import Convention
from tests.browser.test_journeys import run_action, save_and_next

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed(demo_users):
    from conventions.demo.organisations import complete_demo_bailleur
    from tests.conventions.factories import complete_convention
    from tests.programmes.factories import ProgrammeFactory
    from users.models import Administration, User

    bailleur = User.objects.get(username="demo-bailleur").roles.get().bailleur
    complete_demo_bailleur(bailleur)  # a signed convention's bailleur is complete (the bailleur step is closed)
    programme = ProgrammeFactory(bailleur=bailleur, administration=Administration.objects.get(code="DD013"))
    convention = complete_convention(programme=programme, nb_logements=2)
    Convention.objects.filter(pk=convention.pk).update(
        statut=ConventionStatut.SIGNEE, numero="13.D.25.0777", date_signature=datetime.date(2025, 6, 2)
    )
    return convention


def test_avenant_signed_then_resiliation(persona, signed):
    bailleur = persona("demo-bailleur")
    page = bailleur.goto(f"/conventions/{signed.uuid}/")
    titre = " ".join(page.locator("#titre-apres-signature").inner_text().split())
    assert titre == "Convention n° 13.D.25.0777 signée le 02/06/2025", titre
    page.locator("label[for=type-champ_libre]").click()
    page.locator("#avenants button", has_text="Créer un avenant").click()
    page.wait_for_load_state()
    avenant = Convention.objects.get(parent=signed)
    assert page.url.endswith(f"/conventions/{avenant.uuid}/champ_libre/"), page.url
    page.fill("#id_champ_libre_avenant", "Désignation des immeubles : bâtiments A et B.")
    bailleur.screenshot("avenant-champ-libre")
    save_and_next(page)
    assert page.locator("#id_nom").count() == 0 or page.locator("#id_nom").is_disabled()  # bailleur step closed
    page = bailleur.goto(f"/conventions/{avenant.uuid}/")
    run_action(page, "Soumettre au service instructeur")
    assert Convention.objects.get(pk=avenant.pk).statut == ConventionStatut.INSTRUCTION

    instructeur = persona("demo-instructeur")
    page = instructeur.goto(f"/conventions/{avenant.uuid}/")
    run_action(page, "Demander des corrections", {"#id_demander_corrections_comment": "Précisez le bâtiment C."})
    assert Convention.objects.get(pk=avenant.pk).statut == ConventionStatut.CORRECTIONS
    page = bailleur.goto(f"/conventions/{avenant.uuid}/")
    run_action(page, "Renvoyer à l'instruction", {"#id_renvoyer_instruction_comment": "Vu."})
    page = instructeur.goto(f"/conventions/{avenant.uuid}/")
    assert page.locator("#id_valider_numero").input_value() == "1"
    run_action(page, "Valider la convention", {"#id_valider_confirmation": True})
    avenant.refresh_from_db()
    assert (avenant.statut, avenant.numero_avenant) == (ConventionStatut.A_SIGNER, 1)

    page = bailleur.goto(f"/conventions/{avenant.uuid}/")
    # Signed after its validation (today): a signature cannot precede the validation (conventions.rules.dates).
    signature = timezone.localdate().isoformat()
    run_action(page, "Enregistrer la signature", {"#id_marquer_signee_date_signature": signature})
    avenant.refresh_from_db()
    assert avenant.statut == ConventionStatut.SIGNEE

    page = bailleur.goto(f"/conventions/{signed.uuid}/")
    options = page.locator("#version option").all_inner_texts()
    assert any("Convention initiale" in o for o in options) and any("Avenant n° 1" in o for o in options)
    journal = page.locator("#historique").inner_text()
    assert "Avenant" in journal
    bailleur.screenshot("convention-versions")

    page = instructeur.goto(f"/conventions/{signed.uuid}/")
    page.locator("#avenants button", has_text="Résilier la convention").click()
    page.wait_for_load_state()
    resiliation = Convention.objects.get(parent=signed, avenant_types__nom="resiliation")
    assert page.url.endswith(f"/conventions/{resiliation.uuid}/resiliation/"), page.url
    page.fill("#id_date_resiliation", "2026-02-01")
    page.fill("#id_motif_resiliation", "Arrêté préfectoral du 20 janvier 2026.")
    save_and_next(page)
    page = instructeur.goto(f"/conventions/{resiliation.uuid}/")
    page.locator("#actions button[aria-controls=modal-resilier]").first.click()  # confirmation dialog
    page.locator("#modal-resilier button[type=submit]", has_text="Confirmer").click()
    page.wait_for_load_state()
    signed.refresh_from_db()
    assert (signed.statut, signed.date_resiliation) == (ConventionStatut.RESILIEE, datetime.date(2026, 2, 1))
    page = instructeur.goto(f"/conventions/{signed.uuid}/")
    assert "Résiliée le 01/02/2026" in " ".join(page.locator("#apres-signature").inner_text().split())
    instructeur.screenshot("convention-resiliee")
