"""An avenant « logements » in a real browser (issue 14): on a signed convention of 2 dwellings, demo-bailleur
creates the avenant, sets 3 dwellings on the Opération step (the only field open there), lists the new dwelling
in the EDD simplifié, changes two rents and adds the dwelling, submits; demo-instructeur comments one row and
asks for corrections; the bailleur corrects that row (the only one open) and resubmits; the instructeur
validates (avenant n° 1); the bailleur records the signature; the convention's current dwellings are the new
ones and the journal shows each step."""

import datetime
from decimal import Decimal

import pytest

from conventions.enums import ConventionStatut
from conventions.models import Comment, Convention
from conventions.services.avenants import current_version
from tests.browser.test_journeys import fill_row, run_action, save_and_next

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed(demo_users):
    from conventions.demo.organisations import complete_demo_bailleur
    from tests.conventions.factories import complete_convention
    from tests.programmes.factories import ProgrammeFactory
    from users.models import Administration, User

    bailleur = User.objects.get(username="demo-bailleur").roles.get().bailleur
    complete_demo_bailleur(bailleur)
    programme = ProgrammeFactory(bailleur=bailleur, administration=Administration.objects.get(code="DD013"))
    convention = complete_convention(programme=programme, nb_logements=2)
    Convention.objects.filter(pk=convention.pk).update(
        statut=ConventionStatut.SIGNEE, numero="13.D.25.0888", date_signature=datetime.date(2025, 6, 2)
    )
    return convention


def test_avenant_logements_changes_rents_and_adds_a_dwelling(persona, signed):
    bailleur = persona("demo-bailleur")
    page = bailleur.goto(f"/conventions/{signed.uuid}/")
    page.locator("label[for=type-logements]").click()
    page.locator("#avenants button", has_text="Créer un avenant").click()
    page.wait_for_load_state()
    avenant = Convention.objects.get(parent=signed)

    page = bailleur.goto(f"/conventions/{avenant.uuid}/operation/")
    assert page.locator("#id_nom").is_disabled() and page.locator("#id_nb_logements").is_enabled()
    page.fill("#id_nb_logements", "3")
    bailleur.screenshot("avenant-logements-operation")
    save_and_next(page)
    assert Convention.objects.get(pk=avenant.pk).lot.nb_logements == 3

    page = bailleur.goto(f"/conventions/{avenant.uuid}/edd/")
    fill_row(page, "logement_edd", 2, {"designation": "C3", "numero_lot": "30", "financement": "PLUS"})
    save_and_next(page)

    page = bailleur.goto(f"/conventions/{avenant.uuid}/logements/")
    for index in (0, 1):
        fill_row(page, "logement", index, {"coefficient": "0,9", "loyer": "380,25"})
    fill_row(
        page,
        "logement",
        2,
        {
            "designation": "C3",
            "typologie": "T2",
            "surface_habitable": "45",
            "surface_annexes": "0",
            "surface_annexes_retenue": "0",
            "surface_utile": "45",
            "loyer_par_metre_carre": "6,50",
            "coefficient": "1",
            "loyer": "292,50",
        },
    )
    save_and_next(page)
    assert "/annexes/" in page.url, page.locator("#erreurs-etape").all_inner_texts()
    page = bailleur.goto(f"/conventions/{avenant.uuid}/logements/")
    assert "3 logements" in page.locator("#totaux-tableau").inner_text()
    bailleur.screenshot("avenant-logements-tableau")
    page = bailleur.goto(f"/conventions/{avenant.uuid}/")
    run_action(page, "Soumettre au service instructeur")
    assert Convention.objects.get(pk=avenant.pk).statut == ConventionStatut.INSTRUCTION

    instructeur = persona("demo-instructeur")
    page = instructeur.goto(f"/conventions/{avenant.uuid}/logements/")
    row = page.locator("#ligne-logement-3")
    row.locator("summary").click()
    row.locator("textarea").fill("Le loyer de C3 doit tenir compte du coefficient validé (0,95).")
    row.locator("button", has_text="Enregistrer le commentaire").click()
    page.wait_for_load_state()
    assert Comment.objects.filter(convention=avenant, nom_objet="logement").count() == 1
    instructeur.screenshot("avenant-logements-commentaire-ligne")
    page = instructeur.goto(f"/conventions/{avenant.uuid}/")
    run_action(page, "Demander des corrections", {"#id_demander_corrections_comment": "Voir la ligne C3."})

    page = bailleur.goto(f"/conventions/{avenant.uuid}/logements/")
    assert page.locator("#id_logement-0-loyer").is_disabled() and page.locator("#id_logement-2-loyer").is_enabled()
    fill_row(page, "logement", 2, {"coefficient": "0,95", "loyer": "277,88"})
    save_and_next(page)
    page = bailleur.goto(f"/conventions/{avenant.uuid}/")
    run_action(page, "Renvoyer à l'instruction", {"#id_renvoyer_instruction_comment": "Coefficient corrigé."})

    page = instructeur.goto(f"/conventions/{avenant.uuid}/")
    assert page.locator("#id_valider_numero").input_value() == "1"
    run_action(page, "Valider la convention", {"#id_valider_confirmation": True})
    page = bailleur.goto(f"/conventions/{avenant.uuid}/")
    # Signed after its validation (today), as the date rules require.
    today = datetime.date.today().isoformat()
    run_action(page, "Enregistrer la signature", {"#id_marquer_signee_date_signature": today})
    assert Convention.objects.get(pk=avenant.pk).statut == ConventionStatut.SIGNEE

    current = current_version(Convention.objects.get(pk=signed.pk))
    assert current.pk == avenant.pk
    assert sorted(current.lot.logements.values_list("designation", "loyer")) == [
        (d, Decimal(v))
        for d, v in sorted(
            [
                *zip(signed.lot.logements.values_list("designation", flat=True), ["380.25", "380.25"], strict=True),
                ("C3", "277.88"),
            ]
        )
    ]
    page = bailleur.goto(f"/conventions/{signed.uuid}/")
    journal = page.locator("#historique").inner_text()
    assert "Avenant" in journal
    bailleur.screenshot("avenant-logements-convention")
