"""The two journeys of a convention, in a real browser (issue 4, "Must show").

(a) demo-bailleur creates a convention from scratch, fills every step (a dwelling's rent first breaks the rule,
    the error shows on its row, then it is corrected) and submits it from the recap;
(b) demo-instructeur comments a field and asks for corrections; demo-bailleur fixes the commented field and
    sends it back; demo-instructeur validates it with a number.
"""

import re
from decimal import Decimal

import pytest

from conventions.enums import CommentaireStatut, ConventionStatut
from conventions.models import Comment, Convention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPERATION = "Les Jardins du Port"


def save_and_next(page):
    page.locator("main button.fr-btn", has_text="Enregistrer et suivant").click()
    page.wait_for_load_state()


def expect_step(page, title: str):
    assert page.locator("h1").inner_text().strip().endswith(title), page.locator("h1").inner_text()


def fill_row(page, prefix: str, index: int, values: dict):
    for name, value in values.items():
        selector = f"#id_{prefix}-{index}-{name}"
        if page.locator(selector).evaluate("e => e.tagName") == "SELECT":
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def create_and_fill(bailleur) -> str:
    """Journey (a) up to the recap; returns the convention's uuid."""
    page = bailleur.goto("/conventions/nouvelle/")
    page.fill("#id_creation-nom", OPERATION)
    page.fill("#id_creation-nb_logements", "2")
    page.select_option("#id_creation-financement", "PLUS")
    page.select_option("#id_creation-type_habitat", "COLLECTIF")
    page.fill("#id_creation-code_postal", "13002")
    page.fill("#id_creation-ville", "Marseille")
    page.select_option("#id_creation-bailleur", index=1)
    page.locator("button[name=mode][value=creation]").click()
    page.wait_for_load_state()
    uuid = re.search(r"/conventions/([0-9a-f-]{36})/bailleur/", page.url).group(1)

    expect_step(page, "Bailleur")
    page.fill("#id_signataire_date_deliberation", "2024-05-02")
    page.fill("#id_capital_social", "1500000")
    save_and_next(page)

    expect_step(page, "Opération")
    page.fill("#id_adresse", "4 quai du Port")
    save_and_next(page)

    expect_step(page, "Cadastre")
    page.fill("#id_permis_construire", "PC 013 055 24 00012")
    page.fill("#id_vendeur", "SCI du Vieux-Port")
    fill_row(
        page,
        "reference_cadastrale",
        0,
        {"section": "AB", "numero": "123", "lieudit": "Le Port", "surface": "0 ha 12 a 40 ca"},
    )
    save_and_next(page)

    expect_step(page, "EDD")
    fill_row(page, "logement_edd", 0, {"designation": "A101", "numero_lot": "1", "financement": "PLUS"})
    fill_row(page, "logement_edd", 1, {"designation": "A102", "numero_lot": "2", "financement": "PLUS"})
    save_and_next(page)

    expect_step(page, "Financement")
    page.fill("#id_date_fin_conventionnement", "2066")
    page.fill("#id_fond_propre", "250000")
    fill_row(
        page,
        "pret",
        0,
        {"preteur": "CDCL", "date_octroi": "2026-03-01", "numero": "PRET-0001", "duree": "40", "montant": "1500000"},
    )
    save_and_next(page)

    expect_step(page, "Logements")
    dwelling = {"typologie": "T3", "surface_habitable": "60", "surface_annexes": "10"}
    dwelling.update({"surface_annexes_retenue": "5", "surface_utile": "65", "loyer_par_metre_carre": "6,50"})
    fill_row(page, "logement", 0, {"designation": "A101", **dwelling, "coefficient": "1", "loyer": "422,50"})
    fill_row(page, "logement", 1, {"designation": "A102", **dwelling, "typologie": "T2", "surface_utile": "45"})
    fill_row(page, "logement", 1, {"surface_habitable": "45", "surface_annexes": "0", "surface_annexes_retenue": "0"})
    fill_row(page, "logement", 1, {"coefficient": "1", "loyer": "500"})  # expected: 45 × 6,50 × 1 = 292,50 €
    save_and_next(page)
    expect_step(page, "Logements")  # refused
    error = page.locator("#ligne-logement-2 .fr-error-text")
    assert "valeur attendue : 292,50 €" in error.inner_text()
    assert page.locator("#id_logement-1-loyer").input_value() == "500"  # what was typed stays
    assert page.locator("#ligne-logement-1 .fr-error-text").count() == 0
    bailleur.screenshot("etape-logements-erreur")
    page.fill("#id_logement-1-loyer", "292,50")
    save_and_next(page)

    expect_step(page, "Annexes")
    page.locator("label[for=id_annexe_terrasses]").click()
    fill_row(
        page,
        "annexe",
        0,
        {
            "logement_designation": "A101",
            "typologie": "JARDIN",
            "surface_hors_surface_retenue": "20",
            "loyer_par_metre_carre": "1",
            "loyer": "20",
        },
    )
    save_and_next(page)

    expect_step(page, "Stationnements")
    rows = page.locator("table[data-formset=type_stationnement] tbody tr")
    count = rows.count()
    page.locator("button", has_text="Ajouter des lignes").click()  # static/js/formset.js: no reload
    assert rows.count() == count + 1
    assert page.locator(f"#id_type_stationnement-{count}-loyer").is_visible()
    fill_row(
        page,
        "type_stationnement",
        0,
        {"typologie": "PLACE_STATIONNEMENT", "nb_stationnements": "2", "loyer": "25"},
    )
    save_and_next(page)

    expect_step(page, "Commentaires")
    page.fill("#id_commentaires", "Les places de stationnement sont en sous-sol.")
    save_and_next(page)
    assert page.url.rstrip("/").endswith(uuid), page.url  # the recap
    return uuid


def run_action(page, button: str, fields: dict | None = None):
    form = page.locator("#actions form", has=page.locator("button", has_text=button))
    for selector, value in (fields or {}).items():
        if value is True:
            form.locator(f"label[for={selector[1:]}]").click()
        else:
            form.locator(selector).fill(value)
    form.locator("button", has_text=button).click()
    page.wait_for_load_state()


def test_bailleur_creates_fills_every_step_and_submits(persona):
    bailleur = persona("demo-bailleur")
    uuid = create_and_fill(bailleur)
    page = bailleur.page
    run_action(page, "Soumettre au service instructeur")
    assert "La convention est soumise au service instructeur." in page.content()
    convention = Convention.objects.get(uuid=uuid)
    assert convention.statut == ConventionStatut.INSTRUCTION
    lot = convention.lot
    assert list(lot.logements.order_by("import_order").values_list("designation", "loyer")) == [
        ("A101", Decimal("422.50")),
        ("A102", Decimal("292.50")),
    ]
    assert lot.annexe_terrasses and convention.date_fin_conventionnement.isoformat() == "2066-06-30"
    assert convention.programme.references_cadastrales.count() == 1
    assert convention.prets.get().preteur == "CDCL"


def test_instructeur_comments_bailleur_corrects_instructeur_validates(persona):
    from programmes.models import Programme
    from users.models import Administration

    bailleur = persona("demo-bailleur")
    uuid = create_and_fill(bailleur)
    run_action(bailleur.page, "Soumettre au service instructeur")
    # A bailleur's operation created from scratch gets its instruction service from the staff (reference §2.1).
    Programme.objects.filter(conventions__uuid=uuid).update(administration=Administration.objects.get(code="DD013"))

    instructeur = persona("demo-instructeur")
    page = instructeur.goto(f"/conventions/{uuid}/operation/")
    expect_step(page, "Opération")
    widget = page.locator("#commentaires-programme__nom")
    widget.locator("summary").click()
    widget.locator("textarea").fill("Merci d'indiquer le nom complet de l'opération, bâtiment compris.")
    widget.locator("button", has_text="Enregistrer le commentaire").click()
    page.wait_for_load_state()
    instructeur.screenshot("etape-operation-commentaire")
    assert Comment.objects.filter(convention__uuid=uuid, nom_objet="programme", champ_objet="nom").exists()
    page = instructeur.goto(f"/conventions/{uuid}/")
    run_action(page, "Demander des corrections", {"#id_demander_corrections_comment": "Voir le nom de l'opération."})
    assert Convention.objects.get(uuid=uuid).statut == ConventionStatut.CORRECTIONS

    page = bailleur.goto(f"/conventions/{uuid}/operation/")
    assert page.locator("#id_ville").is_disabled()  # only the commented field is open
    assert page.locator("#id_nom").is_enabled()
    assert "Merci d'indiquer le nom complet" in page.locator("#commentaires-programme__nom").inner_text()
    bailleur.screenshot("etape-operation-corrections")
    page.fill("#id_nom", f"{OPERATION} – Bâtiment A")
    save_and_next(page)
    page = bailleur.goto(f"/conventions/{uuid}/operation/")
    page.locator("#commentaires-programme__nom button", has_text="Marquer comme résolu").click()
    page.wait_for_load_state()
    page = bailleur.goto(f"/conventions/{uuid}/")
    run_action(page, "Renvoyer à l'instruction", {"#id_renvoyer_instruction_comment": "Nom complété."})
    convention = Convention.objects.get(uuid=uuid)
    assert convention.statut == ConventionStatut.INSTRUCTION
    assert convention.programme.nom == f"{OPERATION} – Bâtiment A"
    assert Comment.objects.get(convention=convention).statut == CommentaireStatut.RESOLU

    page = instructeur.goto(f"/conventions/{uuid}/")
    numero = page.locator("#id_valider_numero").input_value()
    assert numero
    run_action(page, "Valider la convention", {"#id_valider_numero": f"{numero}-1", "#id_valider_confirmation": True})
    convention.refresh_from_db()
    assert convention.statut == ConventionStatut.A_SIGNER
    assert convention.numero == f"{numero}-1"
