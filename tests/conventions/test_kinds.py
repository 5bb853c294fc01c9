"""Every kind of convention (issue 15): the nature decides the kind and its steps, the foyer/résidence steps
save and check their data, creation and the SIAP create the right kind, the whole workflow (avenants and
dénonciation included) runs for every kind, T1bis…T7 keep their value."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conventions import notifications, rules, workflow
from conventions.documents.contexte import build_context
from conventions.enums import ConventionStatut as S
from conventions.excel.exports import export_table
from conventions.excel.imports import import_table
from conventions.excel.modeles import build_workbook, workbook_bytes
from conventions.excel.tables import LOCAUX_COLLECTIFS, LOGEMENTS, LOGEMENTS_FOYER
from conventions.models import Convention
from conventions.services import avenants as avenant_service
from conventions.services.creation import convention_create_from_scratch
from conventions.steps.registry import kind_of
from conventions.workflow import ValidationRefused
from programmes.enums import NatureLogement
from programmes.models import LocauxCollectifs
from tests.api.conftest import jwt_client
from tests.conventions.factories import complete_convention, complete_foyer_convention
from tests.conventions.test_steps import browser_data, step_url
from tests.users.factories import BailleurFactory, bailleur_user, instructeur_user

pytestmark = pytest.mark.django_db

FOYER_STEPS = [
    "bailleur",
    "operation",
    "cadastre",
    "edd",
    "financement",
    "logements",
    "collectif",
    "attribution",
    "variantes",
    "commentaires",
    "recapitulatif",
]


@pytest.mark.parametrize(
    ("nature", "kind"),
    [
        ("LOGEMENTSORDINAIRES", "ordinaire"),
        ("RESIDENCEUNIVERSITAIRE", "ordinaire"),
        ("RHVS", "ordinaire"),
        ("AUTRE", "foyer"),
        ("HEBERGEMENT", "residence"),
        ("RESISDENCESOCIALE", "residence"),
        ("PENSIONSDEFAMILLE", "residence"),
        ("RESIDENCEDACCUEIL", "residence"),
    ],
)
def test_the_nature_decides_the_kind(nature, kind):
    convention = complete_convention()
    convention.programme.nature_logement = nature
    assert kind_of(convention).nom == kind


def test_foyer_and_residence_steps():
    foyer = complete_foyer_convention()
    residence = complete_foyer_convention(nature="RESISDENCESOCIALE")
    assert kind_of(foyer).slugs == FOYER_STEPS
    # A résidence shows its EDD step in the publication statuses only (reference §13.2).
    assert kind_of(residence).slugs == [slug for slug in FOYER_STEPS if slug != "edd"]
    assert kind_of(foyer).step("attribution") is not kind_of(residence).step("attribution")
    assert "annexes" not in kind_of(foyer).slugs and "stationnements" not in kind_of(foyer).slugs


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"nature": "PENSIONSDEFAMILLE"}, {"code_postal": "97400", "code_insee_departement": "974"}],
    ids=["foyer", "residence", "outre-mer"],
)
def test_complete_foyer_and_residence_break_no_rule(kwargs):
    convention = complete_foyer_convention(**kwargs)
    assert rules.convention_errors(convention) == []


def test_saved_rules_of_a_foyer_name_their_step():
    convention = complete_foyer_convention()
    lot = convention.lot
    lot.surface_habitable_totale = Decimal("10")
    lot.save()
    LocauxCollectifs.objects.filter(lot=lot).update(type_local="")
    Convention.objects.filter(pk=convention.pk).update(
        attribution_agees_autonomie=False, foyer_residence_variante_3=False
    )
    errors = {(e.step, e.code) for e in rules.convention_errors(convention)}
    assert errors == {
        ("logements", "surface_totale"),
        ("collectif", "obligatoire"),
        ("attribution", "public_obligatoire"),
        ("variantes", "variante_obligatoire"),
    }


def test_outre_mer_ordinary_housing_is_refused_at_the_operation_step():
    convention = complete_foyer_convention(code_postal="97110", code_insee_departement="971")
    programme = convention.programme
    programme.nature_logement = NatureLogement.LOGEMENTSORDINAIRES
    programme.save()
    assert ("operation", "outre_mer_nature") in {(e.step, e.code) for e in rules.convention_errors(convention)}


# --- Step pages --------------------------------------------------------------------------------------------


def _client(client, convention):
    client.force_login(bailleur_user(bailleur=convention.programme.bailleur))
    return client


def test_every_step_of_a_foyer_opens(client):
    convention = complete_foyer_convention()
    _client(client, convention)
    for slug in FOYER_STEPS[:-1]:
        response = client.get(step_url(convention, slug))
        assert response.status_code == 200, slug
    recap = client.get(reverse("conventions:recap", args=[convention.uuid]))
    content = recap.content.decode()
    assert "Redevances maximales par type de logement" in content
    assert "Salle commune" in content and "Association Les Amandiers" in content


def test_foyer_logements_step_saves_and_refuses_two_redevances_for_one_type(client):
    convention = complete_foyer_convention()
    _client(client, convention)
    data = browser_data(client.get(step_url(convention, "logements")))
    data["logement_foyer-0-typologie"] = "T6"
    data["logement_foyer-0-loyer"] = "700"
    response = client.post(step_url(convention, "logements"), data)
    assert response.status_code == 302
    assert convention.lot.logements.order_by("import_order").first().typologie == "T6"
    data = browser_data(client.get(step_url(convention, "logements")))  # the page of the new version
    data["logement_foyer-1-typologie"] = "T6"
    data["logement_foyer-1-loyer"] = "701"
    response = client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    assert "La redevance maximale doit être la même pour tous les logements de type T6" in response.content.decode()


def test_foyer_attribution_step_names_the_missing_field(client):
    convention = complete_foyer_convention()
    _client(client, convention)
    data = browser_data(client.get(step_url(convention, "attribution")))
    data.pop("attribution_agees_autonomie")
    data["attribution_handicapes_autre"] = "on"
    response = client.post(step_url(convention, "attribution"), data)
    assert response.status_code == 200
    assert "Précisez l&#x27;autre type d&#x27;établissement coché." in response.content.decode()
    data["attribution_handicapes_autre_detail"] = "Foyer d'hébergement"
    assert client.post(step_url(convention, "attribution"), data).status_code == 302
    convention.refresh_from_db()
    assert convention.attribution_type == "handicapes"


def test_collectif_and_variantes_steps_save(client):
    convention = complete_foyer_convention()
    _client(client, convention)
    data = browser_data(client.get(step_url(convention, "collectif")))
    data["foyer_residence_dependance"] = "2 caves de 8 m²"
    data["locaux_collectifs-0-nombre"] = "3"
    assert client.post(step_url(convention, "collectif"), data).status_code == 302
    assert convention.lot.locaux_collectifs.get(type_local="Salle commune").nombre == 3
    data = browser_data(client.get(step_url(convention, "variantes")))
    data["foyer_residence_variante_2"] = "on"
    response = client.post(step_url(convention, "variantes"), data)
    assert "La variante 2 est sélectionnée : décrivez le programme des travaux." in response.content.decode()


# --- Excel -------------------------------------------------------------------------------------------------


def _upload(table, rows, name="fichier.xlsx"):
    return SimpleUploadedFile(name, workbook_bytes(build_workbook(table, rows)))


def test_foyer_templates_import_and_round_trip():
    convention = complete_foyer_convention()
    exported = export_table("logements_foyer", convention=convention)
    result = import_table("logements_foyer", SimpleUploadedFile("x.xlsx", exported), convention=convention)
    assert result.ok, result.errors
    saved = list(convention.lot.logements.values("uuid", "designation", "typologie", "surface_habitable", "loyer"))
    assert [{**r, "uuid": str(r["uuid"])} for r in saved] == [
        {k: row[k] for k in ("uuid", "designation", "typologie", "surface_habitable", "loyer")} for row in result.rows
    ]
    assert {row["typologie"] for row in result.rows} == {"T1", "T1bis", "T7"}
    exported = export_table("locaux_collectifs", convention=convention)
    result = import_table("locaux_collectifs", SimpleUploadedFile("x.xlsx", exported), convention=convention)
    assert result.ok and [(r["type_local"], r["nombre"]) for r in result.rows] == [("Salle commune", 1), ("Laverie", 2)]


def test_public_service_spellings_of_the_foyer_template():
    rows = [{"designation": "1", "typologie": "7", "surface_habitable": 18, "loyer": 390}]
    result = import_table("logements_foyer", _upload(LOGEMENTS_FOYER, rows), convention=None)
    assert result.ok and result.rows[0]["typologie"] == "T7"
    rows = [{"designation": "2", "typologie": "1 bis", "surface_habitable": 18, "loyer": 390}]
    assert import_table("logements_foyer", _upload(LOGEMENTS_FOYER, rows), convention=None).rows[0]["typologie"] == (
        "T1bis"
    )


def test_a_file_for_another_kind_is_refused_naming_its_kind():
    ordinary = _upload(LOGEMENTS, [{"designation": "A1", "typologie": "T2"}])
    result = import_table("logements_foyer", ordinary, convention=None)
    assert result.errors == [
        "Ce fichier est le modèle « Logements », fait pour les conventions de logements ordinaires : il ne convient "
        "pas au tableau « Logements d'un foyer ou d'une résidence » (les conventions de foyer ou de résidence). "
        "Téléchargez le modèle de ce tableau depuis cette étape."
    ]
    foyer = _upload(LOGEMENTS_FOYER, [{"designation": "1", "typologie": "T2"}])
    assert (
        "fait pour les conventions de foyer ou de résidence"
        in import_table("logements", foyer, convention=None).errors[0]
    )
    assert import_table("locaux_collectifs", _upload(LOCAUX_COLLECTIFS, []), convention=None).ok


def test_foyer_step_imports_the_template(client):
    convention = complete_foyer_convention()
    _client(client, convention)
    data = browser_data(client.get(step_url(convention, "logements")))
    rows = [
        {"designation": "A", "typologie": "T6", "surface_habitable": 30, "loyer": 600},
        {"designation": "B", "typologie": "T7", "surface_habitable": 40, "loyer": 700},
    ]
    data["televerser"] = "1"
    data["fichier_import"] = _upload(LOGEMENTS_FOYER, rows)
    response = client.post(step_url(convention, "logements"), data)
    assert response.status_code == 200
    assert "2 lignes lues dans le fichier" in response.content.decode()
    formset = response.context["step_formset"]
    assert [form["typologie"].value() for form in formset.forms[:2]] == ["T6", "T7"]


# --- Creation ----------------------------------------------------------------------------------------------


def test_creation_by_nature_gives_the_kind(seeded_roles):
    bailleur = BailleurFactory()
    user = bailleur_user(bailleur=bailleur)
    values = {"bailleur": bailleur, "nom": "Foyer", "nb_logements": 20, "type_habitat": "COLLECTIF", "ville": "X"}
    foyer = convention_create_from_scratch(
        user=user, financement="PLAI_FTM", code_postal="13001", nature_logement="AUTRE", **values
    )
    assert kind_of(foyer).nom == "foyer" and foyer.lot.financement == "PLAI_FTM"
    dom = convention_create_from_scratch(
        user=user, financement="LLTS", code_postal="97400", nature_logement="RESIDENCEDACCUEIL", **values
    )
    assert kind_of(dom).nom == "residence" and dom.programme.is_outre_mer
    with pytest.raises(ValidationRefused, match="outre-mer"):
        convention_create_from_scratch(user=user, financement="LLS", code_postal="97200", **values)


def test_creation_page_offers_the_natures(client, seeded_roles):
    bailleur = BailleurFactory()
    client.force_login(bailleur_user(bailleur=bailleur))
    response = client.post(
        reverse("conventions:create"),
        {
            "mode": "creation",
            "creation-bailleur": bailleur.pk,
            "creation-nom": "Résidence du Port",
            "creation-nb_logements": 30,
            "creation-nature_logement": "PENSIONSDEFAMILLE",
            "creation-financement": "PLAI",
            "creation-type_habitat": "COLLECTIF",
            "creation-code_postal": "44000",
            "creation-ville": "Nantes",
        },
    )
    assert response.status_code == 302
    convention = Convention.objects.get()
    assert kind_of(convention).nom == "residence"
    assert response["Location"] == step_url(convention, "bailleur")


# --- The whole workflow, for every kind --------------------------------------------------------------------


@pytest.fixture
def quiet(monkeypatch):
    monkeypatch.setattr(notifications, "notify", lambda event, **kwargs: None)


KINDS = {
    "ordinaire": lambda: complete_convention(),
    "foyer": lambda: complete_foyer_convention(),
    "residence": lambda: complete_foyer_convention(nature="HEBERGEMENT"),
    "outre-mer": lambda: complete_foyer_convention(
        nature="RESISDENCESOCIALE", financement="LLTS", code_postal="97400", code_insee_departement="974"
    ),
}
AVENANT_TYPES = {
    "ordinaire": ["logements"],
    "foyer": ["foyer_attribution", "variantes"],
    "residence": ["residence_attribution"],
    "outre-mer": ["logements", "residence_attribution"],
}


def _sign(convention, user):
    fichier = SimpleUploadedFile("signee.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    workflow.convention_mark_signed(
        convention=convention, user=user, date_signature=timezone.localdate(), fichier_signe=fichier
    )


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_goes_through_the_whole_workflow(seeded_roles, quiet, name):
    convention = KINDS[name]()
    programme = convention.programme
    bailleur, instructeur = (
        bailleur_user(bailleur=programme.bailleur),
        instructeur_user(administration=programme.administration),
    )
    workflow.convention_submit(convention=convention, user=bailleur)
    workflow.convention_request_corrections(convention=convention, user=instructeur, comment="À préciser")
    workflow.convention_resubmit(convention=convention, user=bailleur, comment="Précisé")
    workflow.convention_validate(convention=convention, user=instructeur, numero=f"13.D.26.{convention.pk:04d}")
    _sign(convention, bailleur)
    convention.refresh_from_db()
    assert convention.statut == S.SIGNEE

    avenant = avenant_service.create_avenant(parent=convention, user=bailleur, types=AVENANT_TYPES[name])
    kind = kind_of(avenant)
    assert kind.nom == ("avenant" if name == "ordinaire" else f"avenant_{kind_of(convention).nom}")
    assert {"attribution", "logements"} & kind.open_slugs(avenant)
    if name != "ordinaire":
        assert avenant.lot.locaux_collectifs.count() == 2  # copied with the lot
    assert rules.blocking_errors(avenant) == []
    workflow.convention_submit(convention=avenant, user=bailleur)
    workflow.convention_validate(convention=avenant, user=instructeur, numero="1")
    _sign(avenant, bailleur)
    avenant.refresh_from_db()
    assert avenant.statut == S.SIGNEE and avenant.numero_avenant == 1

    denonciation = avenant_service.create_avenant(
        parent=convention,
        user=bailleur,
        types=["denonciation"],
        date_denonciation=datetime.date(timezone.localdate().year + 1, 6, 30),
        motif_denonciation="Vente du patrimoine.",
    )
    workflow.convention_submit(convention=denonciation, user=bailleur)
    workflow.convention_denounce(avenant=denonciation, user=instructeur)
    convention.refresh_from_db()
    assert convention.statut == S.DENONCEE


def test_avenant_types_offered_follow_the_kind():
    from conventions.steps.avenants import TYPES_AVENANT_PAR_KIND

    assert "foyer_attribution" in TYPES_AVENANT_PAR_KIND["foyer"]
    assert "residence_attribution" not in TYPES_AVENANT_PAR_KIND["foyer"]
    assert "residence_attribution" in TYPES_AVENANT_PAR_KIND["residence"]
    assert not {"foyer_attribution", "variantes", "stationnement"} & set(TYPES_AVENANT_PAR_KIND["residence"]) - {
        "variantes"
    }
    assert not {"foyer_attribution", "residence_attribution", "variantes"} & set(TYPES_AVENANT_PAR_KIND["ordinaire"])


# --- T5, T6, T7, T1bis, T1' keep their value ---------------------------------------------------------------


def test_typologies_round_trip_through_form_excel_api_and_document(client, seeded_roles):
    convention = complete_convention(nb_logements=4)
    _client(client, convention)
    data = browser_data(client.get(step_url(convention, "logements")))
    for index, typologie in enumerate(["T1bis", "T1prime", "T5", "T6"]):
        data[f"logement-{index}-typologie"] = typologie
    assert client.post(step_url(convention, "logements"), data).status_code == 302
    stored = list(convention.lot.logements.order_by("import_order").values_list("typologie", flat=True))
    assert stored == ["T1bis", "T1prime", "T5", "T6"]
    # Excel: export then import gives the same codes ("T6 et plus" is read back as T6, never T5).
    result = import_table(
        "logements", SimpleUploadedFile("x.xlsx", export_table("logements", convention=convention)), convention=None
    )
    assert [row["typologie"] for row in result.rows] == stored
    # API
    api = jwt_client(bailleur_user(bailleur=convention.programme.bailleur))
    response = api.get(reverse("api-v1:convention-detail", args=[convention.uuid]))
    assert [lgt["typologie"] for lgt in response.json()["logements"]] == stored
    # Document context
    context = build_context(convention)
    assert context["nb_logements_par_type"] == {"T1 bis": 1, "T1'": 1, "T5": 1, "T6": 1}


def test_api_says_the_kind(seeded_roles):
    convention = complete_foyer_convention()
    api = jwt_client(bailleur_user(bailleur=convention.programme.bailleur))
    response = api.get(reverse("api-v1:convention-detail", args=[convention.uuid]))
    assert response.status_code == 200
    assert response.json()["genre"] == "foyer"


def test_ordinary_t7_reads_as_t6_et_plus():
    rows = [
        {
            "designation": "A",
            "typologie": "T7",
            "surface_habitable": 60,
            "surface_annexes": 10,
            "surface_annexes_retenue": 5,
            "surface_utile": 65,
            "loyer_par_metre_carre": 5,
            "coefficient": 1,
            "loyer": 325,
        }
    ]
    result = import_table("logements", _upload(LOGEMENTS, rows), convention=None)
    assert result.rows[0]["typologie"] == "T6"


def test_excel_template_sheet_names_and_headers():
    workbook = build_workbook(LOGEMENTS_FOYER)
    sheet = workbook["Logements"]
    assert [c.value for c in sheet[1]][:4] == [
        "Numéro du logement",
        "Type",
        "Surface habitable\npar local",
        "Redevance maximale\n\npar logement prise en compte pour le calcul de l'APL",
    ]
    assert [c.value for c in build_workbook(LOCAUX_COLLECTIFS)["Locaux Collectifs"][1]][:3] == [
        "Type de local",
        "Surface habitable",
        "Nombre",
    ]
