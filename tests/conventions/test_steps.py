"""The ten steps /conventions/<uuid>/<etape>/: pages, saving, rule errors next to fields and rows, locking."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse

from conventions.enums import ConventionStatut
from conventions.models import Pret
from conventions.views.helpers import STEPS
from programmes.models import Logement, LogementEDD, TypeStationnement
from tests.conventions.factories import CommentFactory, ConventionFactory, complete_convention
from tests.programmes.factories import AnnexeFactory, LogementFactory
from tests.users.factories import bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

EDITABLE_STEPS = [slug for slug, _ in STEPS if slug != "recapitulatif"]


def step_url(convention, etape, **query):
    url = reverse("conventions:etape", args=[convention.uuid, etape])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def browser_data(response) -> dict:
    """What a browser would post for the step page as displayed (disabled inputs are not sent)."""
    data = {}

    def put(bound):
        widget = bound.field.widget
        if bound.field.disabled or isinstance(widget, forms.FileInput | forms.CheckboxSelectMultiple):
            return
        value = bound.value()
        if isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
            return
        data[bound.html_name] = _post_value(value)

    for bound in response.context["step_form"]:
        put(bound)
    formset = response.context["step_formset"]
    if formset is not None:
        for bound in formset.management_form:
            data[bound.html_name] = _post_value(bound.value())
        for form in formset.forms:
            for bound in form:
                put(bound)
    return data


@pytest.fixture
def convention():
    return complete_convention(nb_logements=2)


@pytest.fixture
def bailleur(convention):
    return bailleur_user(bailleur=convention.programme.bailleur)


@pytest.fixture
def bailleur_client(client, bailleur):
    client.force_login(bailleur)
    return client


# --- Pages -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("etape", EDITABLE_STEPS)
def test_every_step_renders_with_stepper_and_title(bailleur_client, convention, etape):
    response = bailleur_client.get(step_url(convention, etape))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Étape" in html and "sur 10" in html
    assert 'aria-current="step"' in html
    title = dict(STEPS)[etape]
    assert f"<title>{title} – Convention – APiLos</title>" in html
    assert "Enregistrer et suivant" in html


def test_recapitulatif_step_redirects_to_the_recap(bailleur_client, convention):
    response = bailleur_client.get(step_url(convention, "recapitulatif"))
    assert response.status_code == 302
    assert response["Location"] == reverse("conventions:recap", args=[convention.uuid])


def test_unknown_step_is_404(bailleur_client, convention):
    assert bailleur_client.get(step_url(convention, "nimporte-quoi")).status_code == 404


@pytest.mark.parametrize("etape", ["bailleur", "logements"])
def test_out_of_scope_is_404_and_anonymous_goes_to_login(client, convention, etape):
    response = client.get(step_url(convention, etape))
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    client.force_login(bailleur_user())
    assert client.get(step_url(convention, etape)).status_code == 404
    assert client.post(step_url(convention, etape), {}).status_code == 404
    client.force_login(instructeur_user())
    assert client.get(step_url(convention, etape)).status_code == 404


def test_save_and_next_goes_to_the_next_step(bailleur_client, convention):
    response = bailleur_client.get(step_url(convention, "bailleur"))
    data = browser_data(response)
    data["nom"] = "Habitat Provence"
    response = bailleur_client.post(step_url(convention, "bailleur"), data)
    assert response.status_code == 302
    assert response["Location"] == step_url(convention, "operation")
    convention.programme.bailleur.refresh_from_db()
    assert convention.programme.bailleur.nom == "Habitat Provence"


def test_coming_from_the_recap_saves_back_to_it(bailleur_client, convention):
    response = bailleur_client.get(step_url(convention, "operation", retour="recap"))
    html = response.content.decode()
    assert 'name="retour"' in html and ">Enregistrer</button>" in html
    data = browser_data(response)
    data["retour"] = "recap"
    data["nom"] = "Résidence du Parc"
    response = bailleur_client.post(step_url(convention, "operation"), data)
    assert response["Location"] == reverse("conventions:recap", args=[convention.uuid])
    convention.programme.refresh_from_db()
    assert convention.programme.nom == "Résidence du Parc"


def test_last_step_goes_to_the_recap(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "commentaires")))
    data["commentaires"] = "Merci de noter le changement de gestionnaire."
    response = bailleur_client.post(step_url(convention, "commentaires"), data)
    assert response["Location"] == reverse("conventions:recap", args=[convention.uuid])
    convention.refresh_from_db()
    assert convention.commentaires == "Merci de noter le changement de gestionnaire."


# --- Bailleur and opération --------------------------------------------------------------------------------


def test_bailleur_errors_shown_next_to_fields_nothing_saved_and_input_kept(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "bailleur")))
    data.update({"nom": "Nouveau nom", "code_postal": "123", "signataire_date_deliberation": ""})
    response = bailleur_client.post(step_url(convention, "bailleur"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "L'étape n'a pas été enregistrée" in html
    assert "Le code postal doit comporter 5 chiffres." in html
    assert "fr-input-group--error" in html and 'aria-invalid="true"' in html
    assert 'value="Nouveau nom"' in html  # what the user typed stays on screen
    bailleur = convention.programme.bailleur
    nom = bailleur.nom
    bailleur.refresh_from_db()
    assert bailleur.nom == nom


def test_siret_is_read_only_for_non_staff(bailleur_client, convention):
    bailleur = convention.programme.bailleur
    siret = bailleur.siret
    response = bailleur_client.get(step_url(convention, "bailleur"))
    assert response.context["step_form"].fields["siret"].disabled
    data = browser_data(response)
    data["siret"] = "73282932000074"
    assert bailleur_client.post(step_url(convention, "bailleur"), data).status_code == 302
    bailleur.refresh_from_db()
    assert bailleur.siret == siret


def test_operation_step_saves_programme_and_lot(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "operation")))
    data.update({"ville": "Aix-en-Provence", "code_postal": "13090", "nb_logements": "2", "anru": "on"})
    assert bailleur_client.post(step_url(convention, "operation"), data).status_code == 302
    convention.programme.refresh_from_db()
    assert (convention.programme.ville, convention.programme.anru) == ("Aix-en-Provence", True)


def test_operation_step_fills_the_operation_number_and_the_zones_shown_on_the_recap(bailleur_client, convention):
    """A convention created from a new operation has no number nor zones: the operation step fills them."""
    programme = convention.programme
    programme.numero_operation, programme.zone_123, programme.zone_abc = "", "", ""
    programme.autres_locaux_hors_convention = "Une loge de gardien."
    programme.nb_locaux_commerciaux, programme.nb_bureaux = 1, 0
    programme.save()
    data = browser_data(bailleur_client.get(step_url(convention, "operation")))
    data.update({"numero_operation": "20260600042", "zone_123": "1bis", "zone_abc": "B1"})
    assert bailleur_client.post(step_url(convention, "operation"), data).status_code == 302
    programme.refresh_from_db()
    assert (programme.numero_operation, programme.zone_123, programme.zone_abc) == ("20260600042", "1bis", "B1")

    recap = bailleur_client.get(reverse("conventions:recap", args=[convention.uuid])).content.decode()
    block = recap.split("<dt>Numéro d'opération</dt>")[1].split("</dl>")[0]
    assert "20260600042" in block
    assert "Zone 1/2/3 : 1bis · Zone A/B/C : B1" in block
    assert "1 local commercial, 0 bureau" in block and "(aux)" not in block and "(x)" not in block
    assert "Autres locaux hors convention" in block and "Une loge de gardien." in block

    # Once set, the number identifies the operation in the SIAP: read-only for the bailleur (the instruction
    # service corrects it, see test_instructeur_corrects_the_operation_number).
    response = bailleur_client.get(step_url(convention, "operation"))
    assert response.context["step_form"].fields["numero_operation"].disabled
    assert "pour le corriger, demandez-le au service instructeur" in response.content.decode()
    data = browser_data(response)
    data["numero_operation"] = "AUTRE"
    assert bailleur_client.post(step_url(convention, "operation"), data).status_code == 302
    programme.refresh_from_db()
    assert programme.numero_operation == "20260600042"


def test_instructeur_corrects_the_operation_number(client):
    convention = complete_convention(nb_logements=2, instruction=True)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(step_url(convention, "operation"))
    assert not response.context["step_form"].fields["numero_operation"].disabled
    data = browser_data(response)
    data["numero_operation"] = "20260600043"
    assert client.post(step_url(convention, "operation"), data).status_code == 302
    convention.programme.refresh_from_db()
    assert convention.programme.numero_operation == "20260600043"


def test_operation_number_and_zones_rules(bailleur_client, convention):
    convention.programme.numero_operation = ""
    convention.programme.save()
    data = browser_data(bailleur_client.get(step_url(convention, "operation")))
    data.update({"numero_operation": "2026 06 00042", "zone_123": "B1", "zone_abc": "02"})
    response = bailleur_client.post(step_url(convention, "operation"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le numéro d&#x27;opération ne peut contenir que des chiffres" in html
    # All three refused at once (beside their fields), nothing saved.
    assert set(response.context["step_form"].errors) >= {"numero_operation", "zone_123", "zone_abc"}
    convention.programme.refresh_from_db()
    assert convention.programme.numero_operation == ""


def test_operation_requires_at_least_one_dwelling(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "operation")))
    data["nb_logements"] = "0"
    response = bailleur_client.post(step_url(convention, "operation"), data)
    assert response.status_code == 200
    assert "Le nombre de logements doit être d&#x27;au moins 1." in response.content.decode()
    convention.lot.refresh_from_db()
    assert convention.lot.nb_logements == 2


# --- Financement -------------------------------------------------------------------------------------------


def test_financement_year_is_stored_as_30_june_and_loans_replaced(bailleur_client, convention):
    response = bailleur_client.get(step_url(convention, "financement"))
    data = browser_data(response)
    annee = int(data["date_fin_conventionnement"]) + 1
    data["date_fin_conventionnement"] = str(annee)
    data.update(
        {
            "pret-1-preteur": "AUTRE",
            "pret-1-autre": "Région Sud",
            "pret-1-montant": "12 500,50".replace(" ", ""),
            "historique_financement_public": "Subvention PALULOS de 1994 : 45 000 €.",
        }
    )
    response = bailleur_client.post(step_url(convention, "financement"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    convention.refresh_from_db()
    assert convention.date_fin_conventionnement == datetime.date(annee, 6, 30)
    assert sorted(convention.prets.values_list("preteur", flat=True)) == ["AUTRE", "CDCL"]
    assert convention.prets.get(preteur="AUTRE").montant == Decimal("12500.50")
    assert convention.historique_financement_public == "Subvention PALULOS de 1994 : 45 000 €."


def test_financement_without_cdc_loan_is_refused(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "financement")))
    data["pret-0-DELETE"] = "on"
    response = bailleur_client.post(step_url(convention, "financement"), data)
    assert response.status_code == 200
    assert "Au moins un prêt de la Caisse des dépôts" in response.content.decode()
    assert convention.prets.count() == 1


def test_autre_lender_needs_its_name_error_on_the_row(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "financement")))
    data.update({"pret-1-preteur": "AUTRE", "pret-1-montant": "1000"})
    response = bailleur_client.post(step_url(convention, "financement"), data)
    formset = response.context["step_formset"]
    assert formset.forms[1].errors["autre"] == [
        "L'identité du prêteur est obligatoire lorsque le prêteur est « Autre »."
    ]
    assert convention.prets.count() == 1


# --- Logements -----------------------------------------------------------------------------------------------


def test_rent_breaking_the_rule_is_shown_on_its_row_and_nothing_saved(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement-1-loyer"] = "999,99"
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    formset = response.context["step_formset"]
    assert formset.forms[0].errors == {}
    [message] = formset.forms[1].errors["loyer"]
    assert message.startswith("Le loyer maximum doit être égal à surface utile × loyer par m² × coefficient")
    assert "422,50 €" in message
    html = response.content.decode()
    assert 'value="999,99"' in html
    assert (
        '<a href="#id_logement-1-loyer">Surface utile avec loyers, ligne 2, loyer maximum (€)</a>' in html
    )  # error summary
    assert not Logement.objects.filter(lot=convention.lot, loyer=Decimal("999.99")).exists()


def test_logements_replace_semantics_update_delete_create(bailleur_client, convention):
    lot = convention.lot
    first, second = lot.logements.order_by("import_order")
    LogementEDD.objects.filter(programme=convention.programme).delete()  # no EDD: designations are free
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement-0-designation"] = "B12"  # update
    data["logement-1-DELETE"] = "on"  # delete
    data.update(  # create (first empty row)
        {
            "logement-2-designation": "B13",
            "logement-2-typologie": "T2",
            "logement-2-surface_habitable": "45",
            "logement-2-surface_annexes": "0",
            "logement-2-surface_annexes_retenue": "0",
            "logement-2-surface_utile": "45",
            "logement-2-loyer_par_metre_carre": "6.50",
            "logement-2-coefficient": "1,0",
            "logement-2-loyer": "292,50",
        }
    )
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302, response.context["step_formset"].errors
    rows = list(lot.logements.order_by("import_order").values_list("uuid", "designation", "loyer"))
    assert [(r[1], r[2]) for r in rows] == [("B12", first.loyer), ("B13", Decimal("292.50"))]
    assert rows[0][0] == first.uuid
    assert not Logement.objects.filter(pk=second.pk).exists()


def test_logements_designations_may_swap(bailleur_client, convention):
    lot = convention.lot
    first, second = lot.logements.order_by("import_order")
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement-0-designation"], data["logement-1-designation"] = second.designation, first.designation
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.designation, second.designation) == (data["logement-0-designation"], data["logement-1-designation"])


def test_logements_count_must_match_the_lot(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["logement-1-DELETE"] = "on"
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    assert any("Le lot doit compter 2 logements" in e for e in response.context["step_formset"].non_form_errors())
    assert convention.lot.logements.count() == 2


def test_mixity_only_for_plus_lots(client):
    convention = complete_convention(nb_logements=1, financement="PLS")
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, "logements"))
    assert "lgts_mixite_sociale_negocies" not in response.context["step_form"].fields
    assert "loyer_derogatoire" in response.context["step_form"].fields


# --- EDD -----------------------------------------------------------------------------------------------------


def test_edd_file_labels_keep_the_acronym(bailleur_client, convention):
    html = bailleur_client.get(step_url(convention, "edd")).content.decode()
    assert "Fichiers joints : EDD volumétrique" in html and "eDD" not in html


def test_edd_financement_warning_can_be_confirmed(bailleur_client, convention):
    from tests.programmes.factories import LotFactory

    LotFactory(programme=convention.programme, financement="PLAI")
    data = browser_data(bailleur_client.get(step_url(convention, "edd")))
    data["mention_publication_edd_classique"] = "Publié le 3 mars 2025, volume 2025 P 123"
    response = bailleur_client.post(step_url(convention, "edd"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "aucun logement n&#x27;y figure pour PLAI" in html
    assert "J'ai compris, enregistrer quand même" in html
    convention.programme.refresh_from_db()
    assert convention.programme.mention_publication_edd_classique == ""

    data["confirmer_avertissements"] = "1"
    response = bailleur_client.post(step_url(convention, "edd"), data)
    assert response.status_code == 302
    convention.programme.refresh_from_db()
    assert convention.programme.mention_publication_edd_classique.startswith("Publié le 3 mars 2025")


def test_edd_rows_errors(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "edd")))
    data["logement_edd-0-numero_lot"] = ""
    response = bailleur_client.post(step_url(convention, "edd"), data)
    assert response.status_code == 200
    assert response.context["step_formset"].forms[0].errors["numero_lot"] == ["Le numéro de lot est obligatoire."]


# --- Annexes and stationnements ------------------------------------------------------------------------------


def test_annexe_with_unknown_dwelling_is_a_row_error(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "annexes")))
    data.update(
        {
            "annexe-0-logement_designation": "Z999",
            "annexe-0-typologie": "JARDIN",
            "annexe-0-surface_hors_surface_retenue": "20",
            "annexe-0-loyer_par_metre_carre": "1",
            "annexe-0-loyer": "20",
            "annexe_caves": "on",
        }
    )
    response = bailleur_client.post(step_url(convention, "annexes"), data)
    assert response.status_code == 200
    [message] = response.context["step_formset"].forms[0].errors["logement_designation"]
    assert "Aucun logement « Z999 » dans ce lot" in message
    convention.lot.refresh_from_db()
    assert convention.lot.annexe_caves is False


def test_annexes_saved_with_their_dwelling(bailleur_client, convention):
    logement = convention.lot.logements.first()
    data = browser_data(bailleur_client.get(step_url(convention, "annexes")))
    data.update(
        {
            "annexe-0-logement_designation": logement.designation,
            "annexe-0-typologie": "JARDIN",
            "annexe-0-surface_hors_surface_retenue": "20",
            "annexe-0-loyer_par_metre_carre": "1,5",
            "annexe-0-loyer": "30",
            "annexe_terrasses": "on",
        }
    )
    assert bailleur_client.post(step_url(convention, "annexes"), data).status_code == 302
    annexe = logement.annexes.get()
    assert (annexe.typologie, annexe.loyer_par_metre_carre) == ("JARDIN", Decimal("1.5"))
    convention.lot.refresh_from_db()
    assert convention.lot.annexe_terrasses is True
    # Shown again with its dwelling's designation.
    response = bailleur_client.get(step_url(convention, "annexes"))
    assert response.context["step_formset"].forms[0].initial["logement_designation"] == logement.designation


def test_stationnements_saved_and_required(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "stationnements")))
    data.update({"type_stationnement-0-typologie": "GARAGE_AERIEN", "type_stationnement-0-loyer": "35"})
    response = bailleur_client.post(step_url(convention, "stationnements"), data)
    assert response.context["step_formset"].forms[0].errors["nb_stationnements"] == [
        "Le nombre de stationnements est obligatoire."
    ]
    data["type_stationnement-0-nb_stationnements"] = "6"
    assert bailleur_client.post(step_url(convention, "stationnements"), data).status_code == 302
    row = TypeStationnement.objects.get(lot=convention.lot)
    assert (row.typologie, row.nb_stationnements, row.loyer) == ("GARAGE_AERIEN", 6, Decimal("35"))


def test_add_rows_without_javascript_keeps_typed_values_and_saves_nothing(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "stationnements")))
    data.update({"type_stationnement-0-nb_stationnements": "4", "ajouter_lignes": "1"})
    response = bailleur_client.post(step_url(convention, "stationnements"), data)
    assert response.status_code == 200
    formset = response.context["step_formset"]
    assert len(formset.forms) == int(data["type_stationnement-TOTAL_FORMS"]) + 5
    assert "L'étape n'a pas été enregistrée" not in response.content.decode()
    assert 'value="4"' in response.content.decode()
    assert not TypeStationnement.objects.filter(lot=convention.lot).exists()


# --- Locking -------------------------------------------------------------------------------------------------


def test_instructeur_cannot_edit_a_draft(client, convention):
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(step_url(convention, "operation"))
    assert response.status_code == 200
    assert "lecture seule" in response.content.decode()
    assert "Enregistrer et suivant" not in response.content.decode()
    assert client.post(step_url(convention, "operation"), {"nom": "Piraté"}).status_code == 403


def test_instructeur_edits_during_instruction(client):
    convention = complete_convention(nb_logements=1, instruction=True)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    data = browser_data(client.get(step_url(convention, "operation")))
    data["nom"] = "Nom corrigé par l'instruction"
    assert client.post(step_url(convention, "operation"), data).status_code == 302
    convention.programme.refresh_from_db()
    assert convention.programme.nom == "Nom corrigé par l'instruction"


def test_bailleur_cannot_post_during_instruction(client):
    convention = complete_convention(nb_logements=1, instruction=True)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    assert client.get(step_url(convention, "bailleur")).status_code == 200
    assert client.post(step_url(convention, "bailleur"), {"nom": "x"}).status_code == 403


def test_corrections_only_the_commented_field_may_change(client):
    convention = complete_convention(nb_logements=1, corrections=True)
    CommentFactory(convention=convention, nom_objet="programme", champ_objet="nom")
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, "operation"))
    form = response.context["step_form"]
    assert "seuls les champs et les lignes qui portent un commentaire ouvert" in response.content.decode()
    assert not form.fields["nom"].disabled
    assert form.fields["ville"].disabled
    data = browser_data(response)
    data.update({"nom": "Nom corrigé", "ville": "Ville pirate"})  # ville is not sent by a browser: forged
    assert client.post(step_url(convention, "operation"), data).status_code == 302
    convention.programme.refresh_from_db()
    assert convention.programme.nom == "Nom corrigé"
    assert convention.programme.ville != "Ville pirate"


def test_corrections_a_commented_row_is_editable_the_others_are_kept(client):
    convention = complete_convention(nb_logements=2, corrections=True)
    first, second = convention.lot.logements.order_by("import_order")
    CommentFactory(convention=convention, nom_objet="logement", champ_objet="ligne", uuid_objet=second.uuid)
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    response = client.get(step_url(convention, "logements"))
    formset = response.context["step_formset"]
    assert formset.forms[0].locked and not formset.forms[1].locked
    data = browser_data(response)
    # A forged post: change the locked row, drop it, add a row; only the commented row's change counts.
    data.update({"logement-0-loyer": "1", "logement-1-typologie": "T4"})
    forged = {k: v for k, v in data.items() if not k.startswith("logement-0-")}
    forged.update({"logement-2-designation": "Intrus", "logement-2-loyer": "10"})
    response = client.post(step_url(convention, "logements"), forged)
    assert response.status_code == 302
    first_loyer = first.loyer
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.loyer == first_loyer
    assert second.typologie == "T4"
    assert list(convention.lot.logements.values_list("designation", flat=True).order_by("import_order")) == [
        first.designation,
        second.designation,
    ]


def test_a_comment_on_the_whole_table_unlocks_adding_rows(client):
    convention = complete_convention(nb_logements=1, corrections=True)
    CommentFactory(convention=convention, nom_objet="type_stationnement", champ_objet="table")
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    data = browser_data(client.get(step_url(convention, "stationnements")))
    data.update(
        {
            "type_stationnement-0-typologie": "CARPORT",
            "type_stationnement-0-nb_stationnements": "2",
            "type_stationnement-0-loyer": "15",
        }
    )
    assert client.post(step_url(convention, "stationnements"), data).status_code == 302
    assert TypeStationnement.objects.filter(lot=convention.lot, typologie="CARPORT").exists()


def test_validated_convention_is_read_only_for_everyone(client):
    convention = ConventionFactory(a_signer=True)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    response = client.get(step_url(convention, "logements"))
    assert response.status_code == 200 and "lecture seule" in response.content.decode()
    assert client.post(step_url(convention, "logements"), {}).status_code == 403
    assert convention.statut == ConventionStatut.A_SIGNER


def test_comment_widgets_are_outside_the_step_form(client):
    convention = complete_convention(nb_logements=1, instruction=True)
    client.force_login(instructeur_user(administration=convention.programme.administration))
    html = client.get(step_url(convention, "operation")).content.decode()
    assert "Commenter ce champ" in html
    step_form = html[html.index('id="etape-form"') : html.index("</form>", html.index('id="etape-form"'))]
    assert "<form" not in step_form[1:]
    assert 'form="etape-form"' in html


def test_annexe_factory_rows_listed(bailleur_client, convention):
    logement = convention.lot.logements.first()
    AnnexeFactory(logement=logement)
    response = bailleur_client.get(step_url(convention, "annexes"))
    assert [f.initial.get("logement_designation") for f in response.context["step_formset"].forms[:1]] == [
        logement.designation
    ]


def test_pret_factory_rows_listed(bailleur_client, convention):
    response = bailleur_client.get(step_url(convention, "financement"))
    assert (
        response.context["step_formset"].forms[0].initial["preteur"] == Pret.objects.get(convention=convention).preteur
    )


def test_logement_factory_lot_unrelated_not_listed(bailleur_client, convention):
    other = LogementFactory()
    response = bailleur_client.get(step_url(convention, "logements"))
    designations = [f.initial.get("designation") for f in response.context["step_formset"].forms]
    assert other.designation not in designations


def test_negative_amounts_are_refused_not_a_server_error(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "logements")))
    data["loyer_derogatoire"] = "-5"
    response = bailleur_client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    assert response.context["step_form"].errors["loyer_derogatoire"]
    convention.lot.refresh_from_db()
    assert convention.lot.loyer_derogatoire is None


@pytest.mark.parametrize("etape", EDITABLE_STEPS)
def test_forged_empty_post_is_refused_without_error_and_deletes_nothing(bailleur_client, convention, etape):
    response = bailleur_client.post(step_url(convention, etape), {})
    assert response.status_code in (200, 302)
    assert convention.lot.logements.count() == 2
    assert convention.prets.count() == 1
    assert convention.programme.logements_edd.count() == 2
    assert convention.programme.references_cadastrales.count() == 1


def test_rows_added_without_javascript_and_left_blank_are_ignored_on_save(bailleur_client, convention):
    data = browser_data(bailleur_client.get(step_url(convention, "stationnements")))
    data["ajouter_lignes"] = "1"
    response = bailleur_client.post(step_url(convention, "stationnements"), data)
    data = browser_data(response)  # what the browser shows: the added rows carry their default type
    assert data["type_stationnement-7-typologie"] == "PLACE_STATIONNEMENT"
    data.update({"type_stationnement-0-nb_stationnements": "3", "type_stationnement-0-loyer": "30"})
    assert bailleur_client.post(step_url(convention, "stationnements"), data).status_code == 302
    assert TypeStationnement.objects.filter(lot=convention.lot).count() == 1


@pytest.mark.parametrize(
    "etape, table",
    [("cadastre", "cadastre"), ("edd", "edd"), ("financement", "financement"), ("logements", "logements")],
)
def test_table_steps_link_the_excel_model_the_zip_and_the_export(bailleur_client, convention, etape, table):
    content = bailleur_client.get(step_url(convention, etape)).content.decode()
    assert f'href="{reverse("conventions:excel_modele", args=[table])}"' in content
    assert f'href="{reverse("conventions:excel_modele", args=["tous"])}"' in content
    assert f'href="{reverse("conventions:excel_export", args=[convention.uuid, table])}"' in content
