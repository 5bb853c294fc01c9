"""/api-siap/v0/ beyond the numbered §16.5 tests (tests/siap/test_contract_16_5.py): status strings, query
counts, the permission matrix of every route × SIAP habilitation, our token/ extension, local accounts."""

import pytest
from django.urls import URLPattern, URLResolver
from rest_framework.test import APIClient

from api.siap import urls as siap_urls
from api.siap.statuts import SIAP_STATUTS
from conventions.enums import ConventionStatut
from conventions.models import Convention
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.programmes.factories import (
    AnnexeFactory,
    LogementFactory,
    LotFactory,
    ProgrammeFactory,
    TypeStationnementFactory,
)
from tests.siap.conftest import AGENT, siap_client
from tests.users.factories import instructeur_user
from users.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def operation(db):
    programme = ProgrammeFactory(numero_operation="OPE-A")
    convention = ConventionFactory(lot=LotFactory(programme=programme), instruction=True)
    return {"programme": programme, "convention": convention}


# --- Token extension (local accounts) -------------------------------------------------------------------------


def test_token_pair_works_on_config_but_not_on_habilitation_routes(operation, settings):
    user = instructeur_user()
    user.set_password("motdepasse-de-test")
    user.save()
    response = APIClient().post("/api-siap/v0/token/", {"username": user.username, "password": "motdepasse-de-test"})
    assert response.status_code == 200
    pair = response.json()
    refreshed = APIClient().post("/api-siap/v0/token/refresh/", {"refresh": pair["refresh"]})
    assert refreshed.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    assert client.get("/api-siap/v0/config/").status_code == 200
    # No "habilitation-id": the contract's other routes refuse it (reference §16.2.1).
    assert client.get("/api-siap/v0/operation/OPE-A/").status_code == 401


def test_token_refused_with_wrong_password(operation):
    user = instructeur_user()
    assert APIClient().post("/api-siap/v0/token/", {"username": user.username, "password": "x"}).status_code == 401


def test_session_is_not_accepted_on_the_contract(operation):
    session = APIClient()
    session.force_login(instructeur_user())
    assert session.get("/api-siap/v0/config/").status_code == 401
    assert session.get("/api-siap/v0/operation/OPE-A/").status_code == 401


# --- Payload details ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", list(ConventionStatut))
def test_every_status_is_sent_with_the_siap_string(operation, code):
    Convention.objects.filter(pk=operation["convention"].pk).update(statut=code)
    data = siap_client(AGENT, 12).get("/api-siap/v0/operation/OPE-A/").json()
    assert data["conventions"][0]["statut"] == SIAP_STATUTS[code]


def test_operation_query_count_does_not_grow(operation, django_assert_max_num_queries):
    convention = operation["convention"]
    AnnexeFactory(logement=LogementFactory(lot=convention.lot))
    TypeStationnementFactory(lot=convention.lot)
    PretFactory(convention=convention)
    siap_client(AGENT, 12).get("/api-siap/v0/operation/OPE-A/")  # warm-up: agent, organisations, role
    with django_assert_max_num_queries(40) as before:
        siap_client(AGENT, 12).get("/api-siap/v0/operation/OPE-A/")
    for _ in range(5):
        other = ConventionFactory(lot=LotFactory(programme=operation["programme"]))
        for logement in LogementFactory.create_batch(3, lot=other.lot):
            AnnexeFactory(logement=logement)
        TypeStationnementFactory(lot=other.lot)
        PretFactory(convention=other)
    with django_assert_max_num_queries(len(before.captured_queries)):
        siap_client(AGENT, 12).get("/api-siap/v0/operation/OPE-A/")


@pytest.mark.parametrize("statut", ["SIGNEE", "PUBLICATION_EN_COURS", "PUBLIEE"])
def test_cancel_refused_while_a_convention_is_active(operation, statut):
    Convention.objects.filter(pk=operation["convention"].pk).update(statut=getattr(ConventionStatut, statut))
    response = siap_client(AGENT, 12).post("/api-siap/v0/cancel_operation/OPE-A/")
    assert response.status_code == 200 and response.json()["status"] == "ERROR"
    operation["convention"].refresh_from_db()
    assert operation["convention"].statut == getattr(ConventionStatut, statut)


def test_unknown_operation_cancel_is_success(db):
    assert siap_client(AGENT, 5).post("/api-siap/v0/cancel_operation/INCONNUE/").json() == {"status": "SUCCESS"}


def test_dummy_documents_convention_info_siap(db):
    assert siap_client(AGENT, 5).get("/api-siap/v0/dummy/").json() == []


# --- The agent's account and the token's scope ----------------------------------------------------------------


def test_a_call_creates_the_agent_and_persists_the_habilitation_role(db):
    siap_client(AGENT, 12).get("/api-siap/v0/convention_kpi/")
    user = User.objects.get(cerbere_login=AGENT)
    assert (user.email, user.first_name, user.last_name) == (AGENT, "My", "Name")
    assert not user.has_usable_password()
    role = Role.objects.get(user=user)
    assert role.typologie == "INSTRUCTEUR" and role.administration.code == "13055"


def test_the_token_scope_is_its_habilitation_only(db):
    """The agent holds two roles after two calls; each token still counts within its own habilitation."""
    mo = ProgrammeFactory(bailleur__siret="78285569600014")
    ConventionFactory(lot=LotFactory(programme=mo))  # MO 782855696: 1 projet
    siap_client(AGENT, 12).get("/api-siap/v0/convention_kpi/")
    kpi_mo = siap_client(AGENT, 5).get("/api-siap/v0/convention_kpi/").json()
    kpi_instructeur = siap_client(AGENT, 12).get("/api-siap/v0/convention_kpi/").json()
    assert Role.objects.filter(user__cerbere_login=AGENT).count() == 2
    assert kpi_mo[0] == {
        "indicateur_redirection_url": "/conventions/recherche?cstatut=1. Projet",
        "indicateur_valeur": 1,
        "indicateur_label": "en projet",
    }
    assert [k["indicateur_valeur"] for k in kpi_instructeur] == [0, 0, 0]


# --- Permission matrix: every route of the contract × habilitation ------------------------------------------

HABILITATIONS = {"aucune": None, "mo": 5, "adm_centrale": 3, "ser_gest": 12, "non_validee": 38}
DOCS = {"siap-schema", "siap-schema-ui", "siap-schema-redoc"}
PUBLIC_OR_LOCAL = {"siap-token", "siap-token-refresh", *DOCS}
CALLS = {
    "siap-config": [("get", "/api-siap/v0/config/")],
    "siap-convention-kpi": [("get", "/api-siap/v0/convention_kpi/")],
    "siap-operation": [("get", "/api-siap/v0/operation/OPE-A/"), ("post", "/api-siap/v0/operation/OPE-A/")],
    "siap-close-operation": [
        ("get", "/api-siap/v0/close_operation/OPE-A/"),
        ("post", "/api-siap/v0/close_operation/OPE-A/"),
    ],
    "siap-cancel-operation": [("post", "/api-siap/v0/cancel_operation/OPE-A/")],
    "siap-dummy": [("get", "/api-siap/v0/dummy/")],
}


def _route_names():
    for pattern in siap_urls.urlpatterns:
        assert not isinstance(pattern, URLResolver)
        if isinstance(pattern, URLPattern):
            yield pattern.name


def test_every_siap_route_is_in_the_matrix():
    assert set(_route_names()) == set(CALLS) | PUBLIC_OR_LOCAL


@pytest.mark.parametrize("persona", list(HABILITATIONS))
@pytest.mark.parametrize(("method", "path"), [c for calls in CALLS.values() for c in calls])
def test_siap_permission_matrix(operation, method, path, persona):
    """Any valid habilitation may call every route (the SIAP decides who sees which operation); no habilitation
    claim → 401 except config/; anonymous → 401."""
    assert getattr(APIClient(), method)(path).status_code == 401
    response = getattr(siap_client(AGENT, HABILITATIONS[persona]), method)(path)
    expected = 401 if persona == "aucune" and not path.endswith("/config/") else 200
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("name", sorted(DOCS))
def test_documentation_routes_are_public(name):
    from django.urls import reverse

    assert APIClient().get(reverse(name)).status_code == 200


# --- Read-only habilitations act on nothing (issue 11: a read-only role gives no action) ---------------------


@pytest.fixture
def lecteur(fake_siap):
    import copy

    from siap.client import mock_data

    habilitation = copy.deepcopy(mock_data.HABILITATIONS["habilitations"][2])  # SER_GEST 13055
    habilitation["groupe"]["codeRole"] = "SERV_INSTR_LECTEUR"
    fake_siap.habilitations_by_login["lecteur@developpement-durable.gouv.fr"] = {"habilitations": [habilitation]}
    return "lecteur@developpement-durable.gouv.fr"


def test_post_operation_refused_to_a_read_only_habilitation(lecteur):
    response = siap_client(lecteur, 12).post("/api-siap/v0/operation/20220600006/")
    assert response.status_code == 403
    assert "lecture seule" in response.json()["detail"]
    assert not Convention.objects.filter(programme__numero_operation="20220600006").exists()


def test_cancel_operation_refused_to_a_read_only_habilitation(lecteur, operation):
    response = siap_client(lecteur, 12).post("/api-siap/v0/cancel_operation/OPE-A/")
    assert response.status_code == 200
    assert response.json()["status"] == "ERROR" and "lecture seule" in response.json()["message"]
    operation["convention"].refresh_from_db()
    assert operation["convention"].statut == ConventionStatut.INSTRUCTION


def test_read_only_habilitation_still_reads(lecteur, operation):
    assert siap_client(lecteur, 12).get("/api-siap/v0/operation/OPE-A/").json()["numero_operation"] == "OPE-A"
    assert siap_client(lecteur, 12).get("/api-siap/v0/convention_kpi/").status_code == 200
