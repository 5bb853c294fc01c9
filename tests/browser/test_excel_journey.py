"""Excel journey in a real browser (issue 5, "Must show"): download the logements template from the step, fill
30 dwellings, upload, review the table, save, and find them in the recap."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from users.models import Bailleur, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DWELLINGS = 30


def demo_convention():
    user = User.objects.get(username="demo-bailleur")
    bailleur = Bailleur.objects.get(pk=next(iter(user.bailleur_ids())))
    programme = ProgrammeFactory(bailleur=bailleur, nom="Résidence des Platanes", code_postal="13002")
    return ConventionFactory(lot=LotFactory(programme=programme, nb_logements=DWELLINGS), programme=programme)


def fill_template(content: bytes) -> bytes:
    """The downloaded template filled as a spreadsheet user would, rents typed as values."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Logements"]
    first_row = workbook["Data"]["E2"].value
    for n in range(DWELLINGS):
        surface_utile = Decimal(45 + n)
        loyer = (surface_utile * Decimal("6.50")).quantize(Decimal("0.01"))
        values = [f"B{n + 1:02d}", ["T2", "3", "T4", "5 et plus"][n % 4], "PLUS", float(surface_utile) - 2, 4, 2]
        values += [float(surface_utile), "6,50", 1, float(loyer)]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=first_row + n, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_download_fill_upload_review_save_recap(persona, tmp_path):
    convention = demo_convention()
    bailleur = persona("demo-bailleur")
    page = bailleur.goto(f"/conventions/{convention.uuid}/logements/")
    assert page.locator("h1").inner_text().strip().endswith("Logements")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger le modèle").click()
    download = download_info.value
    assert download.suggested_filename == "logements.xlsx"
    filled = tmp_path / "logements_remplis.xlsx"
    filled.write_bytes(fill_template(open(download.path(), "rb").read()))

    page.set_input_files("input[name=fichier_import]", str(filled))
    page.locator("button[name=televerser][value=logement]").click()  # the section « Surface utile avec loyers »
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "30 lignes lues dans le fichier" in main, main[:2000]
    assert page.locator("#id_logement-0-designation").input_value() == "B01"
    assert page.locator("#id_logement-29-designation").input_value() == "B30"
    assert page.locator("#id_logement-3-typologie").input_value() == "T5"
    assert convention.lot.logements.count() == 0  # nothing saved before the user saves
    bailleur.screenshot("excel-import-revue")

    page.locator("main button.fr-btn", has_text="Enregistrer et suivant").click()
    page.wait_for_load_state()
    confirm = page.locator("button[name=confirmer_avertissements]")
    if confirm.count():
        confirm.first.click()
        page.wait_for_load_state()
    assert convention.lot.logements.count() == DWELLINGS, page.locator("main").inner_text()[:2000]
    saved = convention.lot.logements.get(designation="B30")
    assert (saved.surface_utile, saved.loyer, saved.typologie) == (Decimal("74.00"), Decimal("481.00"), "T3")

    page = bailleur.goto(f"/conventions/{convention.uuid}/")
    assert "30 logements saisis" in page.locator("main").inner_text()
    bailleur.screenshot("excel-import-recap")
