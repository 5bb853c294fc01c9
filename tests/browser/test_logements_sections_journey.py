"""The Logements step of an ordinary convention in a real browser (issue 15, reference §13.7): four sections, each
ticked or not; ticking one shows its table, unticking one warns that its dwellings will be removed; dwellings
typed in the surface corrigée sections are saved in their tables."""

from decimal import Decimal

import pytest

from tests.browser.test_journeys import expect_step, fill_row, save_and_next
from tests.conventions.factories import complete_convention
from tests.programmes.factories import ProgrammeFactory
from users.models import Bailleur, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def demo_convention():
    user = User.objects.get(username="demo-bailleur")
    bailleur = Bailleur.objects.get(pk=next(iter(user.bailleur_ids())))
    programme = ProgrammeFactory(bailleur=bailleur, nom="Les Terrasses du Port", code_postal="13002")
    convention = complete_convention(programme=programme, nb_logements=2, with_edd=False)
    convention.lot.nb_logements = 4
    convention.lot.save(update_fields=["nb_logements"])
    return convention


def test_four_sections_ticked_typed_and_saved(persona):
    convention = demo_convention()
    bailleur = persona("demo-bailleur")
    page = bailleur.goto(f"/conventions/{convention.uuid}/logements/")
    expect_step(page, "Logements")
    titles = [title.strip() for title in page.locator("main h2.fr-h4").all_inner_texts()]
    assert titles == [
        "Surface utile avec loyers",
        "Surface utile sans loyers",
        "Surface corrigée avec loyers",
        "Surface corrigée sans loyers",
    ]
    # Only the section holding dwellings is ticked and shown (static/js/formset.js hides the others).
    assert page.locator("[data-section=logement]").is_visible()
    assert not page.locator("[data-section=logement_corrigee]").is_visible()

    page.locator("label[for='id_logement_corrigee-SECTION']").click()
    assert page.locator("[data-section=logement_corrigee]").is_visible()
    fill_row(
        page,
        "logement_corrigee",
        0,
        {
            "designation": "C1",
            "typologie": "T3",
            "surface_habitable": "58",
            "surface_corrigee": "70",
            "loyer_par_metre_carre": "6,50",
            "coefficient": "1",
            "loyer": "455",  # 70 × 6,50 × 1
        },
    )
    page.locator("label[for='id_logement_corrigee_sans_loyer-SECTION']").click()
    fill_row(
        page,
        "logement_corrigee_sans_loyer",
        0,
        {"designation": "K1", "typologie": "T4", "surface_habitable": "80", "surface_corrigee": "95"},
    )
    bailleur.screenshot("logements-quatre-sections")

    # Unticking a section warns; ticking it again withdraws the warning.
    warning = page.locator("[data-section-warning=logement_corrigee_sans_loyer]")
    page.locator("label[for='id_logement_corrigee_sans_loyer-SECTION']").click()
    assert warning.is_visible() and "seront supprimés" in warning.inner_text()
    assert not page.locator("[data-section=logement_corrigee_sans_loyer]").is_visible()
    bailleur.screenshot("logements-section-decochee")
    page.locator("label[for='id_logement_corrigee_sans_loyer-SECTION']").click()
    assert not warning.is_visible()

    save_and_next(page)
    expect_step(page, "Annexes")
    tableaux = {lgt.designation: lgt.tableau for lgt in convention.lot.logements.all()}
    assert tableaux["C1"] == "corrigee" and tableaux["K1"] == "corrigee_sans_loyer"
    assert convention.lot.logements.get(designation="C1").loyer == Decimal("455.00")

    page = bailleur.goto(f"/conventions/{convention.uuid}/logements/")
    assert page.locator("[data-section=logement_corrigee]").is_visible()
    assert "1 logement" in page.locator("#totaux-tableau-logement_corrigee").inner_text()
    bailleur.screenshot("logements-quatre-sections-enregistrees")
    page = bailleur.goto(f"/conventions/{convention.uuid}/")
    assert "Surface corrigée avec loyers" in page.locator("main").inner_text()
    bailleur.screenshot("logements-recapitulatif")
