"""A foyer convention in a real browser (issue 15, "Must show"): demo-bailleur creates it by choosing the nature
"Autres logements-foyers", fills every step including Collectif, Attribution and Variantes (two redevances for
one type are refused first), and submits it from the recap. Screenshots with BROWSER_SCREENSHOTS_DIR."""

import re
from decimal import Decimal

import pytest

from conventions.enums import ConventionStatut
from conventions.models import Convention
from conventions.steps.registry import kind_of
from tests.browser.test_journeys import expect_step, fill_row, run_action, save_and_next

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bailleur_creates_fills_and_submits_a_foyer(persona):
    bailleur = persona("demo-bailleur")
    bailleur.context.pages[0].set_viewport_size({"width": 1280, "height": 1000})
    page = bailleur.goto("/conventions/nouvelle/")
    page.fill("#id_creation-nom", "Foyer Les Amandiers")
    page.fill("#id_creation-nb_logements", "3")
    page.select_option("#id_creation-nature_logement", "AUTRE")
    page.select_option("#id_creation-financement", "PLAI")
    page.select_option("#id_creation-type_habitat", "COLLECTIF")
    page.fill("#id_creation-code_postal", "13005")
    page.fill("#id_creation-ville", "Marseille")
    page.select_option("#id_creation-bailleur", index=1)
    page.locator("button[name=mode][value=creation]").click()
    page.wait_for_load_state()
    uuid = re.search(r"/conventions/([0-9a-f-]{36})/bailleur/", page.url).group(1)

    expect_step(page, "Bailleur")
    stepper = page.locator("main").inner_text()
    assert "Collectif" in stepper and "Attribution" in stepper and "Variantes" in stepper
    page.fill("#id_signataire_date_deliberation", "2024-05-02")
    page.fill("#id_capital_social", "1500000")
    page.fill("#id_gestionnaire", "Association Les Amandiers")
    page.fill("#id_gestionnaire_signataire_nom", "Claire Martin")
    page.fill("#id_gestionnaire_signataire_fonction", "Directrice")
    bailleur.screenshot("foyer-etape-bailleur")
    save_and_next(page)

    expect_step(page, "Opération")
    page.fill("#id_adresse", "8 rue des Amandiers")
    save_and_next(page)

    expect_step(page, "Cadastre")
    fill_row(
        page,
        "reference_cadastrale",
        0,
        {"section": "AC", "numero": "45", "lieudit": "Les Amandiers", "surface": "0 ha 20 a 00 ca"},
    )
    page.fill("#id_date_autorisation_hors_habitat_inclusif", "2025-02-10")
    save_and_next(page)

    expect_step(page, "EDD")
    save_and_next(page)

    expect_step(page, "Financement")
    page.fill("#id_date_fin_conventionnement", "2066")
    fill_row(
        page,
        "pret",
        0,
        {"preteur": "CDCL", "date_octroi": "2026-03-01", "numero": "PRET-F01", "duree": "40", "montant": "900000"},
    )
    save_and_next(page)

    expect_step(page, "Logements")
    page.fill("#id_surface_habitable_totale", "120")
    fill_row(page, "logement_foyer", 0, {"designation": "101", "typologie": "T1", "surface_habitable": "20"})
    fill_row(page, "logement_foyer", 0, {"loyer": "420"})
    fill_row(page, "logement_foyer", 1, {"designation": "102", "typologie": "T1", "surface_habitable": "21"})
    fill_row(page, "logement_foyer", 1, {"loyer": "430"})  # another redevance for T1: refused
    fill_row(page, "logement_foyer", 2, {"designation": "201", "typologie": "T7", "surface_habitable": "60"})
    fill_row(page, "logement_foyer", 2, {"loyer": "890"})
    save_and_next(page)
    expect_step(page, "Logements")
    assert "La redevance maximale doit être la même pour tous les logements de type T1" in page.content()
    bailleur.screenshot("foyer-etape-logements-erreur")
    page.fill("#id_logement_foyer-1-loyer", "420")
    save_and_next(page)

    expect_step(page, "Collectif")
    page.fill("#id_foyer_residence_nb_garage_parking", "4")
    fill_row(page, "locaux_collectifs", 0, {"type_local": "Salle commune", "surface_habitable": "45,5"})
    fill_row(page, "locaux_collectifs", 0, {"nombre": "1"})
    save_and_next(page)

    expect_step(page, "Attribution")
    page.locator("label[for=id_attribution_agees_autonomie]").click()
    page.fill("#id_attribution_reservation_prefectorale", "25")
    page.fill("#id_attribution_modalites_reservations", "Commission d'attribution mensuelle.")
    page.fill("#id_attribution_modalites_choix_personnes", "Sur dossier.")
    bailleur.screenshot("foyer-etape-attribution")
    save_and_next(page)

    expect_step(page, "Variantes")
    page.locator("label[for=id_foyer_residence_variante_2]").click()  # untick variante 2 (ticked by default)
    save_and_next(page)

    expect_step(page, "Commentaires")
    save_and_next(page)
    assert page.url.rstrip("/").endswith(uuid), page.url
    bailleur.screenshot("foyer-recapitulatif")
    run_action(page, "Soumettre au service instructeur")
    assert "La convention est soumise au service instructeur." in page.content()

    convention = Convention.objects.get(uuid=uuid)
    assert kind_of(convention).nom == "foyer"
    assert convention.statut == ConventionStatut.INSTRUCTION
    assert list(convention.lot.logements.order_by("import_order").values_list("typologie", "loyer")) == [
        ("T1", Decimal("420.00")),
        ("T1", Decimal("420.00")),
        ("T7", Decimal("890.00")),
    ]
    assert convention.date_fin_conventionnement.isoformat() == "2066-12-31"
    assert convention.attribution_type == "agees" and convention.lot.locaux_collectifs.count() == 1
    assert not convention.foyer_residence_variante_2 and convention.gestionnaire == "Association Les Amandiers"
