"""The Logements step of an ordinary convention: four sections (reference §13.7) — surface utile or surface
corrigée, with or without rents — each with its box, its rows, its rules, its import and its totals."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conventions.excel.exports import export_table
from conventions.views.steps import engine
from programmes.models import Logement
from tests.conventions.excel.helpers import HEADERS_13_8, to_bytes, workbook
from tests.conventions.factories import complete_convention
from tests.conventions.test_steps import _post_value, step_url
from tests.programmes.factories import LogementFactory
from tests.users.factories import bailleur_user

pytestmark = pytest.mark.usefixtures("seeded_roles")

SECTIONS = ["logement", "logement_sans_loyer", "logement_corrigee", "logement_corrigee_sans_loyer"]


@pytest.fixture
def convention():
    """Two dwellings in surface utile with rents (the factory's: 65 × 6,50 × 1 = 422,50 €), one in surface corrigée
    with rent (70 × 6,50 × 1 = 455,00 €) and one in surface corrigée without rent."""
    convention = complete_convention(nb_logements=2, with_edd=False)
    lot = convention.lot
    LogementFactory(lot=lot, designation="C1", corrigee=True, import_order=10)
    LogementFactory(lot=lot, designation="C2", corrigee_sans_loyer=True, import_order=11)
    lot.nb_logements = 4
    lot.save(update_fields=["nb_logements"])
    return convention


@pytest.fixture
def bailleur_client(client, convention):
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    return client


def page_data(response) -> dict:
    """What a browser posts for the page as displayed: the step form and every section's table (box included)."""
    data = {}
    for bound in response.context["step_form"]:
        if not bound.field.disabled and bound.value() is not None:
            data[bound.html_name] = _post_value(bound.value())
    for section in response.context["sections"]:
        formset = section["formset"]
        for bound in formset.management_form:
            if bound.name == "SECTION":
                if bound.value():
                    data[bound.html_name] = "on"
                continue
            data[bound.html_name] = _post_value(bound.value())
        for form in formset.forms:
            for bound in form:
                if bound.field.disabled or bound.name == "DELETE":
                    continue
                data[bound.html_name] = _post_value(bound.value())
    return data


def designations(convention, tableau):
    return list(convention.lot.logements.du_tableau(tableau).values_list("designation", flat=True))


def test_four_sections_with_their_boxes_and_rows(bailleur_client, convention):
    response = bailleur_client.get(step_url(convention, "logements"))
    sections = response.context["sections"]
    assert [s["objet"] for s in sections] == SECTIONS
    assert [s["table"].title for s in sections] == [
        "Surface utile avec loyers",
        "Surface utile sans loyers",
        "Surface corrigée avec loyers",
        "Surface corrigée sans loyers",
    ]
    # Ticked: the sections that hold dwellings.
    assert [s["active"] for s in sections] == [True, False, True, True]
    stored = [[f.initial.get("designation") for f in s["formset"].forms if f.initial] for s in sections]
    assert len(stored[0]) == 2 and stored[1:] == [[], ["C1"], ["C2"]]
    html = response.content.decode()
    assert 'name="logement_corrigee-SECTION"' in html and 'data-section-toggle="logement_corrigee"' in html
    assert "Les logements de cette section seront supprimés lors du passage à l'étape suivante." in html
    assert 'name="fichier_import"' in html and 'name="fichier_import_logement_corrigee"' in html
    # The corrigée section's own columns.
    columns = [cell.label for cell in sections[2]["formset"].empty_form.columns]
    assert columns == [
        "Désignation",
        "Type",
        "Surface habitable (m²)",
        "Surface corrigée (m²)",
        "Loyer par m² de surface corrigée (€)",
        "Coefficient",
        "Loyer maximum (€)",
    ]


def test_a_step_without_dwellings_ticks_the_first_section_only(client):
    convention = complete_convention(nb_logements=0, with_edd=False)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, "logements"))
    assert [s["active"] for s in response.context["sections"]] == [True, False, False, False]


def test_each_section_has_its_totals_row(bailleur_client, convention):
    sections = bailleur_client.get(step_url(convention, "logements")).context["sections"]
    su, corrigee = sections[0]["table_totals"], sections[2]["table_totals"]
    cells = {cell["name"]: cell["total"] for cell in su["cells"]}
    assert su["nombre"] == 2 and cells["surface_utile"] == Decimal("130.00") and cells["loyer"] == Decimal("845.00")
    cells = {cell["name"]: cell["total"] for cell in corrigee["cells"]}
    assert corrigee["nombre"] == 1 and cells["surface_corrigee"] == Decimal("70.00")
    assert cells["loyer"] == Decimal("455.00")
    assert sections[1]["table_totals"]["nombre"] == 0


def test_typed_rows_of_a_section_are_saved_in_their_table(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    # Tick « Surface utile sans loyers » and type a dwelling in it (a rent typed there is not a field of the table).
    data["logement_sans_loyer-SECTION"] = "on"
    data.update(
        {
            "logement_sans_loyer-0-designation": "S1",
            "logement_sans_loyer-0-typologie": "T2",
            "logement_sans_loyer-0-surface_habitable": "45,00",
            "logement_sans_loyer-0-surface_annexes": "4",
            "logement_sans_loyer-0-surface_annexes_retenue": "2",
            "logement_sans_loyer-0-surface_utile": "47",
        }
    )
    convention.lot.nb_logements = 5
    convention.lot.save(update_fields=["nb_logements"])
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302, response.context["error_summary"]
    s1 = Logement.objects.get(lot=convention.lot, designation="S1")
    assert (s1.tableau, s1.surface_utile, s1.loyer, s1.surface_corrigee) == ("su_sans_loyer", Decimal("47"), None, None)
    assert designations(convention, "corrigee") == ["C1"] and designations(convention, "corrigee_sans_loyer") == ["C2"]
    assert Logement.objects.filter(lot=convention.lot).count() == 5


def test_a_corrigee_rent_is_checked_on_its_row(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement_corrigee-0-loyer"] = "457,01"  # 70 × 6,50 × 1 = 455,00 €: more than 1 € off
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    corrigee = response.context["sections"][2]["formset"]
    [message] = corrigee.forms[0].errors["loyer"]
    assert message == (
        "Le loyer maximum doit être égal à surface corrigée × loyer par m² × coefficient ; valeur attendue : "
        "455,00 € (tolérance de 1 €)."
    )
    labels = [item["label"] for item in response.context["error_summary"]]
    assert "Surface corrigée avec loyers, ligne 1, loyer maximum (€)" in labels
    assert Logement.objects.get(designation="C1", lot=convention.lot).loyer == Decimal("455.00")


def test_designations_are_unique_across_sections(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    first = data["logement-0-designation"]
    data["logement_corrigee_sans_loyer-0-designation"] = first
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    sections = response.context["sections"]
    assert "designation" in sections[0]["formset"].forms[0].errors
    assert "designation" in sections[3]["formset"].forms[0].errors


def test_one_loyer_par_m2_for_the_lot_across_sections(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement_corrigee-0-loyer_par_metre_carre"] = "6,00"
    data["logement_corrigee-0-loyer"] = "420,00"  # 70 × 6,00 × 1: its own rent is right
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    messages = [item["message"] for item in response.context["error_summary"]]
    assert (
        "Le loyer par m² (de surface utile ou de surface corrigée) doit être le même pour tous les logements du lot "
        "(valeurs saisies : 6,00 €, 6,50 €)."
    ) in messages


def test_unticking_a_section_removes_its_rows_after_confirmation(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    del data["logement_corrigee_sans_loyer-SECTION"]
    convention.lot.nb_logements = 3
    convention.lot.save(update_fields=["nb_logements"])
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200 and response.context["ask_confirmation"]
    assert [str(w) for w in response.context["warnings"]] == [
        "La section « Surface corrigée sans loyers » est décochée : ses 1 ligne sera supprimée à l'enregistrement."
    ]
    assert designations(convention, "corrigee_sans_loyer") == ["C2"]  # nothing saved yet
    data["confirmer_avertissements"] = "1"
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302
    assert designations(convention, "corrigee_sans_loyer") == []
    assert Logement.objects.filter(lot=convention.lot).count() == 3


def test_an_unticked_section_is_not_judged(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement_sans_loyer-0-designation"] = "brouillon"  # typed, then the section left unticked
    data["logement_sans_loyer-0-surface_habitable"] = "abc"
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200 and response.context["ask_confirmation"]
    assert response.context["sections"][1]["formset"].forms[0].errors == {}
    data["confirmer_avertissements"] = "1"
    assert bailleur_client.post(step_url(convention, "logements"), data).status_code == 302
    assert not Logement.objects.filter(designation="brouillon").exists()


def test_a_section_left_out_of_the_post_is_kept(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    data = {k: v for k, v in data.items() if not k.startswith("logement_corrigee-")}
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302, response.context["error_summary"]
    assert designations(convention, "corrigee") == ["C1"]


def test_the_fields_a_table_does_not_have_are_emptied(bailleur_client, convention):
    c2 = Logement.objects.get(lot=convention.lot, designation="C2")
    Logement.objects.filter(pk=c2.pk).update(surface_utile=Decimal("50"))  # a stray value from elsewhere
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement_corrigee_sans_loyer-0-surface_habitable"] = "81,00"
    assert bailleur_client.post(step_url(convention, "logements"), data).status_code == 302
    c2.refresh_from_db()
    assert (c2.surface_habitable, c2.surface_utile, c2.tableau) == (Decimal("81.00"), None, "corrigee_sans_loyer")


def test_rows_are_added_to_the_section_asked(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    data["ajouter_lignes"] = "logement_corrigee"
    response = bailleur_client.post(step_url(convention, "logements"), data)
    counts = [len(s["formset"].forms) for s in response.context["sections"]]
    before = [2 + 3, 0 + 3, 1 + 3, 1 + 3]
    assert counts == [before[0], before[1], before[2] + engine.EXTRA_ROWS, before[3]]


def test_each_section_has_its_pages(bailleur_client, convention, monkeypatch):
    monkeypatch.setattr(engine, "TABLE_PAGE", 1)
    response = bailleur_client.get(step_url(convention, "logements", page_tableau=2))
    sections = response.context["sections"]
    assert sections[0]["table_page"]["number"] == 2 and sections[0]["table_page"]["count"] == 2
    assert sections[2]["table_page"] is None  # one row: no pages
    links = sections[0]["table_page"]["links"]
    assert links[0][1] == "?page_tableau=1"


def _corrigee_file(rows):
    sheet, headers, start = HEADERS_13_8["logements_corrigee"]
    return SimpleUploadedFile("logements_corrigee.xlsx", to_bytes(workbook(sheet, headers, rows, start=start)))


def test_the_corrigee_section_imports_its_template(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    # C1 updated (matched by its designation), C3 added: 80,00 × 6,50 × 1,0000 = 520,00 €.
    rows = [["C1", "T3", "PLUS", 61, 71, 6.5, 1, 461.5], ["C3", "T4", "PLUS", 70, 80, 6.5, 1, 520]]
    data.update({"televerser": "logement_corrigee", "fichier_import_logement_corrigee": _corrigee_file(rows)})
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    assert "2 lignes lues dans le fichier pour le tableau « Surface corrigée avec loyers »" in response.content.decode()
    diff = response.context["import_diff"]
    assert [row["libelle"] for row in diff.ajoutees] == ["C3"] and [row.libelle for row in diff.modifiees] == ["C1"]
    forms = response.context["sections"][2]["formset"].forms
    assert forms[1]["surface_corrigee"].value() == "80,00"
    assert designations(convention, "corrigee") == ["C1"]  # nothing saved by the import
    # Saving the reviewed rows.
    data = page_data(response)
    convention.lot.nb_logements = 5
    convention.lot.save(update_fields=["nb_logements"])
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302, response.context["error_summary"]
    assert designations(convention, "corrigee") == ["C1", "C3"]
    c1 = Logement.objects.get(lot=convention.lot, designation="C1")
    assert (c1.surface_corrigee, c1.loyer) == (Decimal("71.00"), Decimal("461.50"))


def test_a_file_for_another_table_is_refused_naming_it(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    export = export_table("logements", convention=convention)  # the surface utile with rents
    data.update(
        {
            "televerser": "logement_sans_loyer",
            "fichier_import_logement_sans_loyer": SimpleUploadedFile("logements.xlsx", export),
        }
    )
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.context["import_errors"] == [
        "Ce fichier est le modèle « Logements » : il ne convient pas au tableau « Logements sans loyer ». Importez-le "
        "dans le tableau « Logements » (section « Surface utile avec loyers » de l'étape), ou téléchargez le modèle "
        "de ce tableau-ci."
    ]


def test_the_lot_options_are_saved_and_checked(bailleur_client, convention):
    data = page_data(bailleur_client.get(step_url(convention, "logements")))
    data["surface_locaux_collectifs_residentiels"] = "100000"
    data["loyer_associations_foncieres"] = "-2"
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    form = response.context["step_form"]
    assert form.errors["surface_locaux_collectifs_residentiels"] == [
        "La surface des locaux collectifs résidentiels doit être inférieure à 100 000 m²."
    ]
    assert "loyer_associations_foncieres" in form.errors
    data["surface_locaux_collectifs_residentiels"] = "42,5"
    data["loyer_associations_foncieres"] = "7,10"
    assert bailleur_client.post(step_url(convention, "logements"), data).status_code == 302
    convention.lot.refresh_from_db()
    assert convention.lot.surface_locaux_collectifs_residentiels == Decimal("42.50")
    assert convention.lot.loyer_associations_foncieres == Decimal("7.10")


def test_the_recap_totals_each_table(bailleur_client, convention):
    response = bailleur_client.get(f"/conventions/{convention.uuid}/")
    totaux = response.context["totaux"]
    assert [(t["label"], t["nombre"]) for t in totaux.par_tableau] == [
        ("Surface utile avec loyers", 2),
        ("Surface corrigée avec loyers", 1),
        ("Surface corrigée sans loyers", 1),
    ]
    assert totaux.nombre == 4 and totaux.surface_corrigee == Decimal("140.00")
    assert totaux.loyer == Decimal("1300.00")  # 2 × 422,50 + 455,00
    html = response.content.decode()
    assert "Surface corrigée sans loyers" in html and "140,00" in html


def test_read_only_the_sections_without_dwellings_are_not_shown(client, convention):
    from conventions.enums import ConventionStatut
    from tests.users.factories import instructeur_user

    convention.statut = ConventionStatut.SIGNEE  # nobody changes a signed convention (only its avenants)
    convention.save(update_fields=["statut"])
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(step_url(convention, "logements"))
    html = response.content.decode()
    assert response.context["read_only"]
    assert "Surface corrigée avec loyers</h2>" in html and "Surface utile sans loyers</h2>" not in html
    assert (
        'name="logement_corrigee-SECTION"' in html
        and "disabled" in html.split('name="logement_corrigee-SECTION"')[1][:80]
    )
