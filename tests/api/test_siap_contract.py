"""Contract of /api-siap/v0/: keys, types, status strings, scoping, authentication."""

import datetime

import pytest
from rest_framework.test import APIClient

from api.siap.statuts import SIAP_STATUTS
from conventions.enums import ConventionStatut
from conventions.models import Convention, ConventionHistory
from tests.api.conftest import administrateur_user, jwt_client, make_jwt
from tests.conventions.factories import ConventionFactory, PretFactory
from tests.programmes.factories import (
    AnnexeFactory,
    LogementFactory,
    LotFactory,
    TypeStationnementFactory,
)
from tests.users.factories import instructeur_user

pytestmark = pytest.mark.django_db

SIAP_PATHS = [
    ("get", "/api-siap/v0/config/"),
    ("get", "/api-siap/v0/convention_kpi/"),
    ("get", "/api-siap/v0/operation/OPE-A/"),
    ("post", "/api-siap/v0/operation/OPE-A/"),
    ("get", "/api-siap/v0/close_operation/OPE-A/"),
    ("post", "/api-siap/v0/close_operation/OPE-A/"),
    ("post", "/api-siap/v0/cancel_operation/OPE-A/"),
]


# --- Authentication ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), SIAP_PATHS)
def test_401_without_token(world, method, path):
    response = getattr(APIClient(), method)(path)
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path"), SIAP_PATHS)
def test_401_with_expired_token(world, method, path):
    client = APIClient()
    token = make_jwt(world["personas"]["instructeur"].username, minutes=-1)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert getattr(client, method)(path).status_code == 401


def test_401_with_token_signed_by_another_key(world):
    client = APIClient()
    token = make_jwt(world["personas"]["instructeur"].username, key="not-the-shared-secret-0123456789abcdef")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api-siap/v0/config/").status_code == 401


def test_401_with_refresh_token_and_session_not_accepted(world):
    user = world["personas"]["instructeur"]
    response = APIClient().post("/api-siap/v0/token/", {"username": user.username, "password": "motdepasse-de-test"})
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['refresh']}")
    assert client.get("/api-siap/v0/config/").status_code == 401
    session = APIClient()
    session.force_login(user)
    assert session.get("/api-siap/v0/config/").status_code == 401  # JWT only on the SIAP contract


def test_401_for_unknown_login(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {make_jwt('personne-inconnue')}")
    assert client.get("/api-siap/v0/config/").status_code == 401


def test_token_pair_and_refresh(world, settings):
    user = world["personas"]["instructeur"]
    response = APIClient().post("/api-siap/v0/token/", {"username": user.username, "password": "motdepasse-de-test"})
    assert response.status_code == 200
    pair = response.json()
    assert set(pair) == {"access", "refresh"}
    import jwt

    claims = jwt.decode(pair["access"], settings.SIMPLE_JWT["SIGNING_KEY"], algorithms=["HS256"])
    assert claims["user-login"] == user.username
    assert claims["exp"] - claims["iat"] == 300
    refreshed = APIClient().post("/api-siap/v0/token/refresh/", {"refresh": pair["refresh"]})
    assert refreshed.status_code == 200 and "access" in refreshed.json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access']}")
    assert client.get("/api-siap/v0/config/").status_code == 200


def test_token_refused_with_wrong_password(world):
    user = world["personas"]["instructeur"]
    response = APIClient().post("/api-siap/v0/token/", {"username": user.username, "password": "mauvais"})
    assert response.status_code == 401


# --- config -------------------------------------------------------------------------------------------------


def test_config_keys(world):
    response = jwt_client(world["personas"]["bailleur"]).get("/api-siap/v0/config/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "racine_url_acces_web",
        "url_acces_web_operation",
        "url_acces_web_recherche",
        "url_acces_api_kpi",
        "url_acces_api_conventions_operation",
        "url_acces_api_cloture_operation",
        "url_acces_api_annulation_operation",
        "version",
    }
    assert data["racine_url_acces_web"] == "http://testserver"
    assert "{NUMERO_OPERATION_SIAP}" in data["url_acces_web_operation"]
    assert data["url_acces_api_kpi"] == "/api-siap/v0/convention_kpi/"
    assert data["url_acces_api_annulation_operation"] == "/api-siap/v0/cancel_operation/{NUMERO_OPERATION_SIAP}/"
    assert all(isinstance(value, str) for value in data.values())


# --- convention_kpi --------------------------------------------------------------------------------------


def _kpis(user):
    response = jwt_client(user).get("/api-siap/v0/convention_kpi/")
    assert response.status_code == 200
    for item in response.json():
        assert set(item) == {"indicateur_redirection_url", "indicateur_valeur", "indicateur_label"}
        assert isinstance(item["indicateur_valeur"], int)
    return {item["indicateur_label"]: item for item in response.json()}


@pytest.fixture
def kpi_world(world):
    programme_a = world["programme_a"]
    for trait in ("instruction", "corrections", "a_signer", "a_signer", "signee"):
        ConventionFactory(lot=LotFactory(programme=programme_a), **{trait: True})
    ConventionFactory(lot=LotFactory(programme=programme_a))  # projet
    # Out of scope of the A personas: must not be counted.
    for trait in ("instruction", "corrections", "a_signer"):
        ConventionFactory(lot=LotFactory(programme=world["programme_b"]), **{trait: True})
    return world


def test_kpi_instructeur_scoped(kpi_world):
    kpis = _kpis(kpi_world["personas"]["instructeur"])
    assert list(kpis) == ["En instruction", "En correction", "À signer"]
    # programme A: the world's convention in instruction + 1 created here.
    assert kpis["En instruction"]["indicateur_valeur"] == 2
    assert kpis["En correction"]["indicateur_valeur"] == 1
    assert kpis["À signer"]["indicateur_valeur"] == 2
    assert kpis["En instruction"]["indicateur_redirection_url"] == "/conventions/?statut=instruction"
    assert kpis["À signer"]["indicateur_redirection_url"] == "/conventions/?statut=a_signer"


def test_kpi_bailleur_scoped(kpi_world):
    kpis = _kpis(kpi_world["personas"]["bailleur"])
    assert list(kpis) == ["En projet", "En correction", "À signer"]
    assert kpis["En projet"]["indicateur_valeur"] == 1
    assert kpis["En correction"]["indicateur_valeur"] == 1
    assert kpis["En projet"]["indicateur_redirection_url"] == "/conventions/?statut=projet"


def test_kpi_other_bailleur_sees_only_its_own(kpi_world):
    kpis = _kpis(kpi_world["personas"]["autre_bailleur"])
    assert kpis["En projet"]["indicateur_valeur"] == 1  # the world's convention B
    assert kpis["En correction"]["indicateur_valeur"] == 1
    assert kpis["À signer"]["indicateur_valeur"] == 1


def test_kpi_administrateur_one_indicator_in_its_perimeter(kpi_world):
    user = administrateur_user(perimetre_departement="13")
    kpis = _kpis(user)
    assert list(kpis) == ["En cours"]
    # Département 13 = programme A: instruction ×2, corrections, a_signer ×2, projet (signee not counted).
    assert kpis["En cours"]["indicateur_valeur"] == 6
    assert kpis["En cours"]["indicateur_redirection_url"] == (
        "/conventions/?statut=projet&statut=instruction&statut=corrections&statut=a_signer"
    )


def test_kpi_user_without_role_gets_nothing(world):
    from tests.users.factories import UserFactory

    assert _kpis(UserFactory()) == {}


# --- operation -------------------------------------------------------------------------------------------


def test_operation_payload(world):
    convention = world["convention_a"]
    logement = LogementFactory(lot=convention.lot, designation="A101")
    AnnexeFactory(logement=logement)
    TypeStationnementFactory(lot=convention.lot)
    PretFactory(convention=convention)
    response = jwt_client(world["personas"]["instructeur"]).get("/api-siap/v0/operation/OPE-A/")
    assert response.status_code == 200
    data = response.json()
    for key in (
        "nom",
        "bailleur",
        "administration",
        "conventions",
        "code_postal",
        "ville",
        "adresse",
        "numero_galion",
        "zone_123_bis",
        "zone_abc_bis",
        "type_operation",
        "anru",
        "date_achevement_previsible",
        "date_achat",
        "date_achevement",
    ):
        assert key in data
    assert data["numero_galion"] == "OPE-A"
    assert data["zone_123_bis"] == world["programme_a"].zone_123
    assert data["zone_abc_bis"] == world["programme_a"].zone_abc
    assert isinstance(data["anru"], bool)
    for key in ("nom", "siren", "siret", "adresse", "code_postal", "ville", "capital_social", "type_bailleur"):
        assert key in data["bailleur"]
    assert data["bailleur"]["siren"] == world["bailleur_a"].siret[:9]
    assert set(data["administration"]) >= {"uuid", "nom", "code", "ville_signature"}
    assert len(data["conventions"]) == 1
    item = data["conventions"][0]
    for key in ("date_fin_conventionnement", "financement", "fond_propre", "lot", "lots", "numero", "statut"):
        assert key in item
    assert item["statut"] == "2. Instruction requise"
    assert item["lot"] == {"nb_logements": 2, "financement": "PLUS", "type_habitat": "COLLECTIF"}
    lot = item["lots"][0]
    assert lot["logements"][0]["designation"] == "A101"
    assert len(lot["logements"][0]["annexes"]) == 1
    assert len(lot["type_stationnements"]) == 1
    assert lot["prets"][0]["preteur"] == "CDCL"


def test_operation_404_unknown(world):
    response = jwt_client(world["personas"]["instructeur"]).get("/api-siap/v0/operation/INCONNUE/")
    assert response.status_code == 404


def test_operation_404_out_of_scope(world):
    response = jwt_client(world["personas"]["autre_instructeur"]).get("/api-siap/v0/operation/OPE-A/")
    assert response.status_code == 404


@pytest.mark.parametrize("code", list(ConventionStatut))
def test_every_status_is_sent_with_the_siap_string(world, code):
    Convention.objects.filter(pk=world["convention_a"].pk).update(statut=code)
    data = jwt_client(world["personas"]["instructeur"]).get("/api-siap/v0/operation/OPE-A/").json()
    assert data["conventions"][0]["statut"] == SIAP_STATUTS[code]


def test_operation_query_count_does_not_grow(world, django_assert_max_num_queries):
    client = jwt_client(world["personas"]["instructeur"])
    AnnexeFactory(logement=LogementFactory(lot=world["convention_a"].lot))
    TypeStationnementFactory(lot=world["convention_a"].lot)
    PretFactory(convention=world["convention_a"])
    client.get("/api-siap/v0/operation/OPE-A/")  # warm-up
    with django_assert_max_num_queries(12) as before:
        client.get("/api-siap/v0/operation/OPE-A/")
    for _ in range(5):
        convention = ConventionFactory(lot=LotFactory(programme=world["programme_a"]))
        for logement in LogementFactory.create_batch(3, lot=convention.lot):
            AnnexeFactory(logement=logement)
        TypeStationnementFactory(lot=convention.lot)
        PretFactory(convention=convention)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/api-siap/v0/operation/OPE-A/")


# --- POST operation (creation from the SIAP's description) -------------------------------------------------


def _payload(numero="2026DD01300042", *, siret, code="DD013", aides=None):
    return {
        "donneesOperation": {
            "numeroOperation": numero,
            "nomOperation": "Résidence des Mimosas",
            "natureLogement": "LOO",
            "sousNatureOperation": "AAM",
            "sansTravaux": False,
        },
        "donneesLocalisation": {
            "adresse": "3 rue des Mimosas",
            "commune": {"codeInsee": "13201", "codePostal": "13001", "libelle": "Marseille"},
            "departement": {"codeInsee": "13"},
            "region": {"codeInsee": "93"},
            "zonage123": "02",
            "zonageABC": "Abis",
        },
        "donneesMo": {
            "siren": siret[:9],
            "siret": siret,
            "nom": "Bailleur SIAP",
            "codeFamilleMO": "SEM",
            "adresseLigne4": "1 place du Marché",
            "adresseLigne6": "13002 MARSEILLE",
        },
        "gestionnaire": {"code": code, "libelle": "Service instructeur"},
        "detailsOperation": aides
        or [
            {"aide": {"code": "PLUS"}, "logement": {"nbLogementsIndividuels": 0, "nbLogementsCollectifs": 10}},
            {"aide": {"code": "PLAI"}, "logement": {"nbLogementsIndividuels": 2, "nbLogementsCollectifs": 3}},
            {"aide": {"code": "PLAI_ADP"}, "logement": {"nbLogementsIndividuels": 1, "nbLogementsCollectifs": 0}},
            {"aide": {"code": "PALULOS"}, "logement": {"nbLogementsIndividuels": 4}},
        ],
        "plansFinancement": [{"codeAide": "PLUS", "fondsPropres": "120000.50"}],
    }


def test_post_operation_creates_conventions_idempotently(world):
    user = world["personas"]["instructeur"]
    client = jwt_client(user)
    payload = _payload(siret=world["bailleur_a"].siret, code=world["admin_a"].code)
    response = client.post("/api-siap/v0/operation/2026DD01300042/", payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["numero_galion"] == "2026DD01300042"
    assert data["bailleur"]["siret"] == world["bailleur_a"].siret  # found, not duplicated
    assert data["administration"]["code"] == world["admin_a"].code
    # The zones each in its own field (not swapped as in 2022).
    assert data["zone_123_bis"] == "2"
    assert data["zone_abc_bis"] == "Abis"
    assert data["type_operation"] == "ACQUISAMELIORATION"
    lots = {c["financement"]: c for c in data["conventions"]}
    assert set(lots) == {"PLUS", "PLAI"}  # PLAI_ADP merged into PLAI, PALULOS ignored
    assert lots["PLUS"]["lot"] == {"nb_logements": 10, "financement": "PLUS", "type_habitat": "COLLECTIF"}
    assert lots["PLAI"]["lot"] == {"nb_logements": 6, "financement": "PLAI", "type_habitat": "MIXTE"}
    assert lots["PLUS"]["fond_propre"] == "120000.50"
    assert all(c["statut"] == "1. Projet" for c in data["conventions"])

    again = client.post("/api-siap/v0/operation/2026DD01300042/", payload, format="json")
    assert again.status_code == 200
    assert Convention.objects.filter(programme__numero_operation="2026DD01300042").count() == 2


def test_post_operation_creates_bailleur_and_administration(world):
    from users.models import Administration, Bailleur
    from users.validators import complete_siret

    siret = complete_siret("5550000000001")
    user = instructeur_user()
    user.is_superuser = True
    user.save()
    response = jwt_client(user).post(
        "/api-siap/v0/operation/NOUVELLE/", _payload("NOUVELLE", siret=siret, code="DD099"), format="json"
    )
    assert response.status_code == 201, response.content
    bailleur = Bailleur.objects.get(siret=siret)
    assert bailleur.nom == "Bailleur SIAP"
    assert (bailleur.code_postal, bailleur.ville) == ("13002", "MARSEILLE")
    assert bailleur.is_sem()
    assert Administration.objects.get(code="DD099").nom == "Service instructeur"


def test_post_operation_refused_outside_the_callers_organisations(world):
    response = jwt_client(world["personas"]["autre_instructeur"]).post(
        "/api-siap/v0/operation/X1/",
        _payload("X1", siret=world["bailleur_a"].siret, code=world["admin_a"].code),
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["status"] == "ERROR"
    assert not Convention.objects.filter(programme__numero_operation="X1").exists()


def test_post_operation_invalid_payload_is_400_in_french(world):
    client = jwt_client(world["personas"]["instructeur"])
    payload = _payload(siret=world["bailleur_a"].siret)
    del payload["donneesMo"]["siren"], payload["donneesMo"]["siret"]
    response = client.post("/api-siap/v0/operation/Z/", payload, format="json")
    assert response.status_code == 400
    assert "SIREN" in str(response.json())
    only_unknown_aides = _payload("Z", siret=world["bailleur_a"].siret, aides=[{"aide": {"code": "PALULOS"}}])
    response = client.post("/api-siap/v0/operation/Z/", only_unknown_aides, format="json")
    assert response.status_code == 400
    assert response.json()["status"] == "ERROR"


# --- close / cancel ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_close_operation_state(world, method):
    client = jwt_client(world["personas"]["instructeur"])
    data = getattr(client, method)("/api-siap/v0/close_operation/OPE-A/").json()
    assert data["all_conventions_are_signed"] is False
    assert data["last_conventions_state"] == []
    Convention.objects.filter(pk=world["convention_a"].pk).update(
        statut=ConventionStatut.SIGNEE, date_signature=datetime.date(2026, 1, 10)
    )
    data = getattr(client, method)("/api-siap/v0/close_operation/OPE-A/").json()
    assert data["all_conventions_are_signed"] is True
    assert [c["statut"] for c in data["last_conventions_state"]] == ["5. Signée"]
    assert data["numero_galion"] == "OPE-A"


def test_close_operation_404(world):
    assert jwt_client(world["personas"]["bailleur"]).get("/api-siap/v0/close_operation/NON/").status_code == 404


def test_cancel_operation_cancels_every_convention(world):
    programme = world["programme_a"]
    other = ConventionFactory(lot=LotFactory(programme=programme))
    response = jwt_client(world["personas"]["instructeur"]).post("/api-siap/v0/cancel_operation/OPE-A/")
    assert response.status_code == 200
    assert response.json() == {"status": "SUCCESS"}
    for convention in (world["convention_a"], other):
        convention.refresh_from_db()
        assert convention.statut == ConventionStatut.ANNULEE
    assert ConventionHistory.objects.filter(convention=other, action="annuler").exists()


@pytest.mark.parametrize("trait", ["signee", "publication_en_cours", "publiee"])
def test_cancel_operation_refused_while_a_convention_is_signed(world, trait):
    signed = ConventionFactory(lot=LotFactory(programme=world["programme_a"]), signee=True)
    Convention.objects.filter(pk=signed.pk).update(statut=trait)
    response = jwt_client(world["personas"]["instructeur"]).post("/api-siap/v0/cancel_operation/OPE-A/")
    assert response.status_code == 409
    data = response.json()
    assert data["status"] == "ERROR"
    assert "signée" in data["message"]
    world["convention_a"].refresh_from_db()
    assert world["convention_a"].statut == ConventionStatut.INSTRUCTION  # nothing cancelled


def test_cancel_operation_404_out_of_scope(world):
    response = jwt_client(world["personas"]["autre_bailleur"]).post("/api-siap/v0/cancel_operation/OPE-A/")
    assert response.status_code == 404
    world["convention_a"].refresh_from_db()
    assert world["convention_a"].statut == ConventionStatut.INSTRUCTION


def test_bailleur_may_cancel_its_operation(world):
    response = jwt_client(world["personas"]["bailleur"]).post("/api-siap/v0/cancel_operation/OPE-A/")
    assert response.status_code == 200
    assert response.json() == {"status": "SUCCESS"}


SIAP_MATRIX = [
    ("get", "/api-siap/v0/operation/OPE-A/"),
    ("get", "/api-siap/v0/close_operation/OPE-A/"),
    ("post", "/api-siap/v0/close_operation/OPE-A/"),
    ("post", "/api-siap/v0/cancel_operation/OPE-A/"),
]
SIAP_EXPECTED = {"bailleur": 200, "autre_bailleur": 404, "instructeur": 200, "autre_instructeur": 404, "superuser": 200}


@pytest.mark.parametrize("persona", list(SIAP_EXPECTED))
@pytest.mark.parametrize(("method", "path"), SIAP_MATRIX)
def test_siap_permission_matrix(world, method, path, persona):
    response = getattr(jwt_client(world["personas"][persona]), method)(path)
    assert response.status_code == SIAP_EXPECTED[persona], response.content


@pytest.mark.parametrize("persona", list(SIAP_EXPECTED))
@pytest.mark.parametrize("path", ["/api-siap/v0/config/", "/api-siap/v0/convention_kpi/"])
def test_siap_user_level_endpoints_open_to_every_authenticated_persona(world, path, persona):
    assert jwt_client(world["personas"][persona]).get(path).status_code == 200


# --- Mixed roles: the SIAP contract reads the rights on the operation's own organisations (issue 11) --------


@pytest.mark.parametrize("persona", ["lecteur_a_bailleur_b", "lecteur_a_instructeur_b"])
def test_post_operation_refused_to_a_read_only_role_on_its_organisations(world, persona):
    response = jwt_client(world["personas"][persona]).post(
        "/api-siap/v0/operation/RO1/",
        _payload("RO1", siret=world["bailleur_a"].siret, code=world["admin_a"].code),
        format="json",
    )
    assert response.status_code == 403, response.content
    assert not Convention.objects.filter(programme__numero_operation="RO1").exists()


@pytest.mark.parametrize("persona", ["lecteur_a_bailleur_b", "lecteur_a_instructeur_b"])
def test_cancel_operation_refused_to_a_read_only_role(world, persona):
    response = jwt_client(world["personas"][persona]).post("/api-siap/v0/cancel_operation/OPE-A/")
    assert response.status_code == 409, response.content
    world["convention_a"].refresh_from_db()
    assert world["convention_a"].statut == ConventionStatut.INSTRUCTION


def test_full_role_elsewhere_still_creates_there(world):
    response = jwt_client(world["personas"]["lecteur_a_bailleur_b"]).post(
        "/api-siap/v0/operation/B1/",
        _payload("B1", siret=world["bailleur_b"].siret, code=world["admin_b"].code),
        format="json",
    )
    assert response.status_code == 201, response.content
