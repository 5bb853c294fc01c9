"""End to end with the fake SIAP and the fake Cerbère: an agent unknown to APiLos, the SIAP's calls, then the
agent's own visit through the CAS; and what happens when the SIAP is down or slow."""

import copy
import time

import pytest
import requests
from django.test import Client

from conventions.enums import ConventionStatut as S
from conventions.models import Convention
from programmes.models import Programme
from siap.client import mock_data
from siap.models import SiapCall
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.siap.conftest import siap_client
from tests.siap.fakes import FakeCerbere
from tests.users.factories import AdministrationFactory, BailleurFactory, instructeur_user
from users.models import Administration, Bailleur, Role, User

pytestmark = pytest.mark.django_db

AGENT = "claire.instructrice@developpement-durable.gouv.fr"
NUMERO = "20240300017"
HABILITATION_ID = 77


def _habilitations():
    base = copy.deepcopy(mock_data.HABILITATIONS["habilitations"][2])  # SER_GEST
    base.update(
        id=HABILITATION_ID,
        gestionnaire={**base["gestionnaire"], "code": "76540", "libelle": "76540 - Métropole Rouen Normandie"},
        utilisateur={"nom": "Instructrice", "prenom": "Claire", "email": AGENT},
        titre="Service instructeur",
        sousTitre1="Métropole Rouen Normandie",
    )
    return {"habilitations": [base]}


def _operation():
    dto = mock_data.operation("20221200002")
    dto["donneesOperation"].update(numeroOperation=NUMERO, nomOperation="Les Jardins de Seine")
    dto["donneesLocalisation"].update(
        adresse="4 quai de Seine 76000 Rouen",
        departement={"codeInsee": "76"},
        region={"codeInsee": "28"},
        commune={"codeInsee": "76540"},
    )
    dto["donneesMo"] = {"siren": "552081317", "nom": "Seine Habitat", "adresseLigne6": "76000 ROUEN"}  # SIREN only
    dto["gestionnaire"] = {"code": "76540", "libelle": "76540 - Métropole Rouen Normandie"}
    return dto


@pytest.fixture
def siap(fake_siap):
    fake_siap.habilitations_by_login[AGENT] = _habilitations()
    fake_siap.operations[NUMERO] = _operation()
    return fake_siap


@pytest.fixture
def cerbere(settings):
    server = FakeCerbere(
        {
            "UTILISATEUR.ID": "4242",
            "UTILISATEUR.LOGIN": AGENT,
            "UTILISATEUR.NOM": "Instructrice",
            "UTILISATEUR.PRENOM": "Claire",
            "UTILISATEUR.MEL": AGENT,
        }
    ).start()
    settings.CERBERE_AUTH = server.cas_url
    settings.CAS_SERVER_URL = server.cas_url
    yield server
    server.stop()


def _cerbere_login(client: Client, next_url: str = "/conventions/"):
    start = client.get("/comptes/sso/cerbere/", {"next": next_url})
    assert start.status_code == 302 and start["Location"].startswith("http://127.0.0.1")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)  # the agent at the CAS
    assert back.status_code == 302
    landing = client.get(back.headers["Location"])
    assert landing.status_code == 302 and landing["Location"] == next_url
    return landing


def test_from_the_siap_call_to_the_agents_own_visit(siap, cerbere):
    other = ProgrammeFactory(nom="Opération d'un autre service", code_insee_departement="13")
    ConventionFactory(lot=LotFactory(programme=other))
    assert not User.objects.filter(cerbere_login=AGENT).exists()

    # 1. The SIAP asks APiLos to create the conventions: no body, APiLos pulls the operation.
    response = siap_client(AGENT, HABILITATION_ID).post(f"/api-siap/v0/operation/{NUMERO}/")
    assert response.status_code == 200
    body = response.json()
    assert body["numero_operation"] == NUMERO and body["nom"] == "Les Jardins de Seine"
    bailleur = Bailleur.objects.get(siret="552081317")
    assert bailleur.siren == "552081317" and bailleur.code_postal == "76000" and bailleur.ville == "ROUEN"
    assert body["bailleur"]["siret"] == "552081317" and body["bailleur"]["siren"] == "552081317"
    assert Administration.objects.get(code="76540").nom == "76540 - Métropole Rouen Normandie"
    programme = Programme.objects.get(numero_operation=NUMERO)
    assert sorted(programme.conventions.values_list("lot__financement", flat=True)) == ["PLAI", "PLUS"]
    assert set(programme.conventions.values_list("statut", flat=True)) == {S.PROJET}
    assert any(r["path"].endswith(f"/operation/{NUMERO}") for r in siap.requests)
    agent = User.objects.get(cerbere_login=AGENT)
    assert (agent.first_name, agent.last_name) == ("Claire", "Instructrice")

    # 2. The SIAP reads it back, and the agent's indicators.
    assert siap_client(AGENT, HABILITATION_ID).get(f"/api-siap/v0/operation/{NUMERO}/").json() == body
    Convention.objects.filter(programme=programme, lot__financement="PLUS").update(statut=S.INSTRUCTION)
    kpi = siap_client(AGENT, HABILITATION_ID).get("/api-siap/v0/convention_kpi/").json()
    assert [(k["indicateur_label"], k["indicateur_valeur"]) for k in kpi] == [
        ("en instruction", 1),
        ("en correction", 0),
        ("à signer", 0),
    ]

    # 3. A refused cancellation: 200 + ERROR, nothing changed.
    Convention.objects.filter(programme=programme, lot__financement="PLAI").update(statut=S.SIGNEE)
    cancel = siap_client(AGENT, HABILITATION_ID).post(f"/api-siap/v0/cancel_operation/{NUMERO}/")
    assert cancel.status_code == 200 and cancel.json()["status"] == "ERROR"
    assert sorted(programme.conventions.values_list("statut", flat=True)) == sorted([S.INSTRUCTION, S.SIGNEE])

    # 4. The agent logs in through Cerbère and sees exactly the habilitation's scope.
    client = Client()
    _cerbere_login(client)
    page = client.get("/conventions/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Les Jardins de Seine" in text
    assert "Opération d'un autre service" not in text
    assert client.get(f"/conventions/{other.conventions.get().uuid}/").status_code == 404
    assert client.get(f"/conventions/{programme.conventions.first().uuid}/").status_code == 200
    assert "Métropole Rouen Normandie" in text  # the habilitation in use is shown
    assert User.objects.filter(cerbere_login=AGENT).count() == 1
    assert Role.objects.filter(user=agent, administration__code="76540").exists()
    assert SiapCall.objects.filter(route__endswith="/habilitations", resultat="succes").exists()


def test_siap_down_at_login_shows_a_french_message_within_the_timeout(siap, cerbere, settings):
    settings.SIAP_CLIENT_TIMEOUT = 0.2
    siap.delay = 60.0  # without the timeout, the page would wait 3 minutes
    client = Client()
    _cerbere_login(client)
    started = time.monotonic()
    page = client.get("/conventions/")
    elapsed = time.monotonic() - started
    assert page.status_code == 503
    assert "ne parvient pas à joindre la plateforme SIAP" in page.content.decode()
    assert elapsed < 30  # 3 attempts of 0.2 s and the back-off: far under one slow answer, even on a loaded machine
    assert SiapCall.objects.filter(resultat="delai_depasse", tentatives=3).exists()
    # Pages that do not need the SIAP stay available.
    assert client.get("/pages/mentions-legales/").status_code == 200
    local = Client()
    local.force_login(instructeur_user())
    assert local.get("/conventions/").status_code == 200


def test_after_login_only_pages_needing_the_siap_fail_when_it_goes_down(siap, cerbere, settings):
    client = Client()
    _cerbere_login(client)
    assert client.get("/conventions/").status_code == 200  # habilitation read and kept in the session
    siap.stop()
    started = time.monotonic()
    page = client.get("/operations/20249999999")  # unknown here: must be read in the SIAP
    assert time.monotonic() - started < 30  # refused at once; the margin is for a loaded CI machine
    assert page.status_code == 503
    assert "ne parvient pas à joindre la plateforme SIAP" in page.content.decode()
    assert client.get("/conventions/").status_code == 200  # unaffected
    assert SiapCall.objects.filter(resultat="injoignable").exists()


def test_operation_link_of_the_siap_imports_an_unknown_operation(siap, cerbere):
    client = Client()
    _cerbere_login(client)
    response = client.get(f"/operations/{NUMERO}")
    assert response.status_code == 302 and NUMERO in response["Location"]
    assert Programme.objects.filter(numero_operation=NUMERO).exists()


def test_switching_habilitation_changes_the_scope(siap, cerbere):
    habilitations = _habilitations()
    mo = copy.deepcopy(mock_data.HABILITATIONS["habilitations"][0])
    mo.update(id=78, entiteMorale={"siren": "552081317", "nom": "Seine Habitat", "adresseLigne6": "76000 ROUEN"})
    habilitations["habilitations"].append(mo)
    siap.habilitations_by_login[AGENT] = habilitations
    seine = BailleurFactory(siret="55208131700014", nom="Seine Habitat")
    ConventionFactory(lot=LotFactory(programme=ProgrammeFactory(nom="Résidence du bailleur", bailleur=seine)))
    ConventionFactory(
        lot=LotFactory(
            programme=ProgrammeFactory(nom="Dossier du service", administration=AdministrationFactory(code="76540"))
        )
    )
    client = Client()
    _cerbere_login(client)
    text = client.get("/conventions/").content.decode()
    assert "Dossier du service" in text and "Résidence du bailleur" not in text
    choices = client.get("/comptes/habilitation/").content.decode()
    assert "?habilitation_id=78" in choices
    text = client.get("/conventions/", {"habilitation_id": 78}).content.decode()
    assert "Résidence du bailleur" in text and "Dossier du service" not in text


def test_the_siap_menu_is_shown_to_the_agent(siap, cerbere):
    client = Client()
    _cerbere_login(client)
    text = client.get("/conventions/").content.decode()
    assert "Tableau de bord · SIAP" in text
    assert f'href="{mock_data.CONFIG["racineUrlAccesWeb"]}/tableau-bord"' in text


def test_operation_link_for_an_operation_unknown_to_the_siap_is_404(siap, cerbere):
    client = Client()
    _cerbere_login(client)
    assert client.get("/operations/20249999999").status_code == 404
