"""The numbered contract tests of reference §16.5 (drop-in compatibility with the SIAP), one test per item.
Unless stated, the SIAP behind APiLos is the mock of reference §16.3.4 (settings_test: SIAP_CLIENT_MOCK)."""

import time

import jwt
import pytest
import yaml
from rest_framework.test import APIClient

from conventions.enums import ConventionStatut as S
from conventions.models import Convention, ConventionHistory
from programmes.models import Programme
from siap.client import mock_data
from siap.client.http import HttpSiapClient
from siap.habilitations import bailleur_from_siap, context_for, siap_user
from siap.models import SiapCall, SiapCallOutcome
from tests.conventions.factories import ConventionFactory
from tests.programmes.factories import LotFactory, ProgrammeFactory
from tests.siap.conftest import AGENT, siap_client, siap_token
from tests.users.factories import AdministrationFactory, BailleurFactory
from users.models import Bailleur, User

pytestmark = pytest.mark.django_db

OPERATION_KEYS = [
    "nom",
    "bailleur",
    "administration",
    "conventions",
    "code_postal",
    "ville",
    "adresse",
    "numero_operation",
    "zone_123",
    "zone_abc",
    "type_operation",
    "anru",
    "date_achevement_previsible",
    "date_achat",
    "date_achevement",
]
VERSION_KEYS = [
    "nom",
    "code_postal",
    "ville",
    "adresse",
    "numero_operation",
    "zone_123",
    "zone_abc",
    "type_operation",
    "anru",
    "date_achevement_previsible",
    "date_achat",
    "date_achevement",
]
NON_CONFIG_ROUTES = [
    ("get", "/api-siap/v0/convention_kpi/"),
    ("get", "/api-siap/v0/operation/20220600005/"),
    ("post", "/api-siap/v0/operation/20220600005/"),
    ("get", "/api-siap/v0/close_operation/20220600005/"),
    ("post", "/api-siap/v0/close_operation/20220600005/"),
    ("post", "/api-siap/v0/cancel_operation/20220600005/"),
    ("get", "/api-siap/v0/dummy/"),
]
CANCEL_MESSAGE = (
    "Au moins une des conventions de l'opération ne peut être supprimée car elle est active. Vous devez dénoncer "
    "ou résilier toutes les conventions de l'opération avant de demander sa suppression."
)
SIAP_ERROR = {
    "error": "Une erreur est survenue lors de la communication avec la plateforme SIAP. "
    "Veuillez réessayer ultérieurement."
}


def _logement(designation, typologie, annexes=()):
    return {
        "designation": designation,
        "typologie": typologie,
        "surface_habitable": "50.00",
        "surface_annexes": "20.00",
        "surface_annexes_retenue": "10.00",
        "surface_utile": "60.00",
        "loyer_par_metre_carre": "5.50",
        "coeficient": "0.9000",
        "loyer": "297.00",
        "annexes": list(annexes),
    }


def _annexe(typologie):
    return {
        "typologie": typologie,
        "surface_hors_surface_retenue": "5.00",
        "loyer_par_metre_carre": "0.10",
        "loyer": "0.50",
    }


W_VERSION = {
    "nom": "Programme 1",
    "code_postal": "75007",
    "ville": "Paris",
    "adresse": "22 rue segur",
    "numero_operation": "20220600005",
    "zone_123": "3",
    "zone_abc": "B1",
    "type_operation": "NEUF",
    "anru": False,
    "date_achevement_previsible": "2024-01-02",
    "date_achat": "2022-01-02",
    "date_achevement": "2024-04-11",
}


def _w_convention(numero, financement, type_habitat, nb, logements, statut="1. Projet"):
    return {
        "date_fin_conventionnement": None,
        "fond_propre": None,
        "lots": [
            {
                "nb_logements": nb,
                "financement": financement,
                "type_habitat": type_habitat,
                "prets": [],
                "logements": logements,
                "type_stationnements": [],
            }
        ],
        "operation_version": W_VERSION,
        "numero": numero,
        "statut": statut,
    }


W_CONVENTIONS = [
    _w_convention("0001", "PLUS", "COLLECTIF", 1, [_logement("PLUS 1", "T1")]),
    _w_convention(
        "0002",
        "PLAI",
        "MIXTE",
        3,
        [
            _logement("PLAI 1", "T1", [_annexe("COUR"), _annexe("JARDIN")]),
            _logement("PLAI 2", "T2"),
            _logement("PLAI 3", "T3"),
        ],
    ),
]


def _by_numero(conventions):
    return sorted(conventions, key=lambda c: c["numero"] or "")


def _sorted_logements(conventions):
    for convention in conventions:
        for lot in convention["lots"]:
            lot["logements"].sort(key=lambda lgt: lgt["designation"])
            for logement in lot["logements"]:
                logement["annexes"].sort(key=lambda a: a["typologie"])
    return conventions


# C-1 ------------------------------------------------------------------------------------------------------
def test_c01_config_without_header_is_401():
    response = APIClient().get("/api-siap/v0/config/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Informations d'authentification non fournies."}
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


# C-2 ------------------------------------------------------------------------------------------------------
def test_c02_config_with_any_valid_token_gives_the_8_keys_version_0_0():
    response = siap_client("toto", None).get("/api-siap/v0/config/")
    assert response.status_code == 200
    assert response.json() == {
        "racine_url_acces_web": "http://testserver",
        "url_acces_api_cloture_operation": "/api-siap/v0/close_operation/{NUMERO_OPERATION_SIAP}/",
        "url_acces_api_annulation_operation": "/api-siap/v0/cancel_operation/{NUMERO_OPERATION_SIAP}/",
        "url_acces_api_conventions_operation": "/api-siap/v0/operation/{NUMERO_OPERATION_SIAP}",
        "url_acces_api_kpi": "/api-siap/v0/convention_kpi/",
        "url_acces_web_operation": "/operations/{NUMERO_OPERATION_SIAP}",
        "url_acces_web_recherche": "/conventions",
        "version": "0.0",
    }
    assert not User.objects.filter(cerbere_login="toto").exists()  # config/ looks nothing up


# C-3 ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda: siap_token("toto", None, key="une-autre-cle-0123456789abcdef0123456789"), id="cle"),
        pytest.param(lambda: siap_token("toto", None, exp=int(time.time()) - 10), id="expire"),
        pytest.param(lambda: siap_token("toto", None, token_type="refresh"), id="refresh"),
        pytest.param(lambda: siap_token("toto", None, token_type=None), id="sans-token_type"),
        pytest.param(lambda: siap_token("toto", None, jti=None), id="sans-jti"),
    ],
)
def test_c03_config_refuses_bad_tokens_with_simplejwt_body(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token()}")
    response = client.get("/api-siap/v0/config/")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_not_valid"
    assert body["messages"][0]["token_class"] == "AccessToken" and body["messages"][0]["token_type"] == "access"


# C-4 ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path"), NON_CONFIG_ROUTES)
def test_c04_non_config_routes_need_the_habilitation_claim(world_w, method, path):
    response = getattr(siap_client("toto", None), method)(path)
    assert response.status_code == 401
    assert response.json() == {"detail": "User or Habilitation not found", "code": "user_not_found"}


# C-5 ------------------------------------------------------------------------------------------------------
def test_c05_operation_read_without_local_user(world_w):
    assert not User.objects.filter(cerbere_login=AGENT).exists()
    response = siap_client(AGENT, 5).get("/api-siap/v0/operation/20220600005/")
    assert response.status_code == 200
    assert list(response.json()) == OPERATION_KEYS


# C-6 ------------------------------------------------------------------------------------------------------
def test_c06_operation_payload_of_w(world_w):
    body = siap_client(AGENT, 5).get("/api-siap/v0/operation/20220600005/").json()
    assert body["bailleur"] == {
        "nom": "3F",
        "siren": "123456789",
        "siret": "12345678901234",
        "adresse": "43, boulevard Marianne Gonzalez",
        "code_postal": "13007",
        "ville": "Marseille",
        "capital_social": 123000.5,
        "sous_nature_bailleur": "OFFICE_PUBLIC_HLM",
    }
    assert isinstance(body["bailleur"]["capital_social"], float)
    assert body["administration"] == {
        "nom": "CA d'Arles-Crau-Camargue-Montagnette",
        "code": "12345",
        "ville_signature": "Leclercq",
    }
    assert {k: body[k] for k in VERSION_KEYS} == W_VERSION
    conventions = _sorted_logements(_by_numero(body["conventions"]))
    assert [list(c) for c in conventions] == [
        ["date_fin_conventionnement", "fond_propre", "lots", "operation_version", "numero", "statut"]
    ] * 2
    assert list(conventions[0]["lots"][0]) == [
        "nb_logements",
        "financement",
        "type_habitat",
        "prets",
        "logements",
        "type_stationnements",
    ]
    assert conventions == W_CONVENTIONS


# C-7 ------------------------------------------------------------------------------------------------------
def test_c07_unknown_operation_is_200_with_the_empty_object(world_w):
    response = siap_client(AGENT, 5).get("/api-siap/v0/operation/99999999999/")
    assert response.status_code == 200
    assert response.json() == {
        "nom": "",
        "conventions": [],
        "code_postal": "",
        "ville": "",
        "adresse": "",
        "numero_operation": "",
        "zone_123": None,
        "zone_abc": None,
        "type_operation": None,
        "anru": False,
        "date_achevement_previsible": None,
        "date_achat": None,
        "date_achevement": None,
    }


# C-8 / C-9 -------------------------------------------------------------------------------------------------
EXPECTED_C8_VERSION = {
    "nom": "Programme 2",
    "code_postal": "13010",
    "ville": "Marseille",
    "adresse": "Rue Francois Mauriac",
    "numero_operation": "20220600006",
    # Each zone in its own field (decision: the historical swap is not kept; docs/decisions.md).
    "zone_123": "2",
    "zone_abc": "A",
    "type_operation": "NEUF",
    "anru": False,
    "date_achevement_previsible": None,
    "date_achat": None,
    "date_achevement": None,
}
EXPECTED_C8 = {
    **{k: v for k, v in EXPECTED_C8_VERSION.items()},
    "bailleur": {
        "nom": "3F",
        "siren": "782855696",
        "siret": "782855696",
        "adresse": "80 RUE ALBE",
        "code_postal": "13004",
        "ville": "MARSEILLE 4",
        "capital_social": None,
        "sous_nature_bailleur": "OFFICE_PUBLIC_HLM",
    },
    "administration": {"nom": "13055 - Métropole d'Aix-Marseille-Provence", "code": "13055", "ville_signature": None},
    "conventions": [
        {
            "date_fin_conventionnement": None,
            "fond_propre": None,
            "lots": [
                {
                    "nb_logements": 1,
                    "financement": "PLUS",
                    "type_habitat": "COLLECTIF",
                    "prets": [],
                    "logements": [],
                    "type_stationnements": [],
                }
            ],
            "operation_version": EXPECTED_C8_VERSION,
            "numero": None,
            "statut": "1. Projet",
        }
    ],
}


def test_c08_post_operation_without_body_pulls_it_from_the_siap():
    response = siap_client(AGENT, 5).post("/api-siap/v0/operation/20220600006/")
    assert response.status_code == 200
    assert response.json() == EXPECTED_C8
    assert list(response.json()) == OPERATION_KEYS
    programme = Programme.objects.get(numero_operation="20220600006")
    assert programme.nom == "Programme 2"
    bailleur = Bailleur.objects.get(siret="782855696")  # created without any SIRET input
    assert bailleur.siren == "782855696" and bailleur.nom == "3F"  # habilitation's "13 HABITAT" renamed by donneesMo
    convention = Convention.objects.get(programme=programme)
    assert convention.statut == S.PROJET
    assert (convention.lot.financement, convention.lot.type_habitat, convention.lot.nb_logements) == (
        "PLUS",
        "COLLECTIF",
        1,
    )


def test_c09_post_operation_is_idempotent():
    client = siap_client(AGENT, 5)
    first = client.post("/api-siap/v0/operation/20220600006/")
    second = siap_client(AGENT, 5).post("/api-siap/v0/operation/20220600006")  # without the slash too
    assert second.status_code == 200
    assert second.json() == first.json()
    assert Programme.objects.filter(numero_operation="20220600006").count() == 1
    assert Convention.objects.filter(programme__numero_operation="20220600006").count() == 1


# C-10 -----------------------------------------------------------------------------------------------------
def test_c10_post_operation_unknown_to_the_siap_is_200_empty_and_creates_nothing():
    response = siap_client(AGENT, 5).post("/api-siap/v0/operation/20000000000/")
    assert response.status_code == 200
    assert response.json()["numero_operation"] == "" and response.json()["conventions"] == []
    assert "bailleur" not in response.json()
    assert not Programme.objects.filter(numero_operation="20000000000").exists()


# C-11 / C-12 ----------------------------------------------------------------------------------------------
def test_c11_close_operation_get_and_post(world_w):
    client = siap_client(AGENT, 5)
    got = client.get("/api-siap/v0/close_operation/20220600005/")
    posted = siap_client(AGENT, 5).post("/api-siap/v0/close_operation/20220600005/")
    assert got.status_code == posted.status_code == 200
    assert got.json() == posted.json()
    body = got.json()
    assert list(body) == [*OPERATION_KEYS, "all_conventions_are_signed", "last_conventions_state"]
    assert body["all_conventions_are_signed"] is False
    assert body["last_conventions_state"] == []
    assert _sorted_logements(_by_numero(body["conventions"])) == W_CONVENTIONS


def test_c12_close_operation_once_everything_is_signed(world_w):
    Convention.objects.filter(programme=world_w["programme"]).update(statut=S.SIGNEE)
    body = siap_client(AGENT, 5).get("/api-siap/v0/close_operation/20220600005/").json()
    assert body["all_conventions_are_signed"] is True
    last = body["last_conventions_state"]
    assert sorted((c["lots"][0]["financement"], c["statut"]) for c in last) == [
        ("PLAI", "5. Signée"),
        ("PLUS", "5. Signée"),
    ]


# C-13 / C-14 / C-15 ---------------------------------------------------------------------------------------
def test_c13_cancel_operation_success(world_w):
    response = siap_client(AGENT, 5).post("/api-siap/v0/cancel_operation/20220600005/")
    assert response.status_code == 200
    assert response.json() == {"status": "SUCCESS"}
    assert set(Convention.objects.filter(programme=world_w["programme"]).values_list("statut", flat=True)) == {
        S.ANNULEE
    }
    assert ConventionHistory.objects.filter(action="annuler").count() == 2


def test_c14_cancel_operation_refused_is_200_error(world_w):
    Convention.objects.filter(pk=world_w["conventions"][0].pk).update(statut=S.SIGNEE)
    response = siap_client(AGENT, 5).post("/api-siap/v0/cancel_operation/20220600005/")
    assert response.status_code == 200
    assert response.json() == {"status": "ERROR", "message": CANCEL_MESSAGE}
    assert sorted(Convention.objects.filter(programme=world_w["programme"]).values_list("statut", flat=True)) == [
        S.PROJET,
        S.SIGNEE,
    ]


def test_c15_get_cancel_operation_is_405(world_w):
    response = siap_client(AGENT, 5).get("/api-siap/v0/cancel_operation/20220600005/")
    assert response.status_code == 405
    assert response.json() == {"detail": "Méthode «\u00a0GET\u00a0» non autorisée."}


# C-16 / C-17 ----------------------------------------------------------------------------------------------
@pytest.fixture
def kpi_world(db):
    """Conventions of administration 13055 / bailleur SIREN 782855696, plus others out of those scopes."""
    administration = AdministrationFactory(code="13055", nom="13055 - Métropole d'Aix-Marseille-Provence")
    bailleur = BailleurFactory(siret="78285569600014", nom="13 HABITAT")
    mine = ProgrammeFactory(bailleur=bailleur, administration=administration)
    other = ProgrammeFactory(code_insee_region="11", code_insee_departement="75")
    for statut, n in ((S.PROJET, 1), (S.INSTRUCTION, 2), (S.CORRECTIONS, 1), (S.A_SIGNER, 3), (S.SIGNEE, 1)):
        for _ in range(n):
            ConventionFactory(lot=LotFactory(programme=mine), statut=statut)
    for statut in (S.PROJET, S.INSTRUCTION, S.A_SIGNER):
        ConventionFactory(lot=LotFactory(programme=other), statut=statut)


def _kpi(habilitation_id):
    response = siap_client(AGENT, habilitation_id).get("/api-siap/v0/convention_kpi/")
    assert response.status_code == 200
    return [(k["indicateur_label"], k["indicateur_valeur"], k["indicateur_redirection_url"]) for k in response.json()]


def test_c16_kpi_per_profile(kpi_world):
    assert _kpi(12) == [  # SER_GEST, administration 13055
        ("en instruction", 2, "/conventions/recherche?cstatut=2. Instruction requise"),
        ("en correction", 1, "/conventions/recherche?cstatut=3. Corrections requises"),
        ("à signer", 3, "/conventions/recherche?cstatut=4. A signer"),
    ]
    assert _kpi(5) == [  # MO 782855696
        ("en projet", 1, "/conventions/recherche?cstatut=1. Projet"),
        ("en correction", 1, "/conventions/recherche?cstatut=3. Corrections requises"),
        ("à signer", 3, "/conventions/recherche?cstatut=4. A signer"),
    ]
    assert _kpi(3) == [  # ADM_CENTRALE, national
        (
            "en cours",
            10,
            "/conventions/recherche?cstatut=1. Projet,2. Instruction requise,3. Corrections requises,4. A signer",
        )
    ]


def test_c17_non_validated_habilitation_falls_back_to_the_first_valid_one(kpi_world):
    assert _kpi(38) == _kpi(5)


# C-18 -----------------------------------------------------------------------------------------------------
def test_c18_habilitations_timeout_is_500_json(fake_siap, settings, world_w):
    # The SIAP answers after a minute: without the client's timeout, two attempts would keep the request two
    # minutes. With a 0.2 s timeout it gives up long before; the margin (30 s) holds on a loaded CI machine.
    fake_siap.delay = 60.0
    settings.SIAP_CLIENT_TIMEOUT = 0.2
    settings.SIAP_CLIENT_ATTEMPTS = 2
    started = time.monotonic()
    response = siap_client(AGENT, 5).get("/api-siap/v0/operation/20220600005/")
    assert time.monotonic() - started < 30
    assert response.status_code == 500
    assert response.json() == SIAP_ERROR
    call = SiapCall.objects.get(route__endswith="/habilitations")
    assert (call.resultat, call.tentatives) == (SiapCallOutcome.DELAI_DEPASSE, 2)
    assert call.duree_ms < 30_000


# C-19 -----------------------------------------------------------------------------------------------------
def test_c19_documentation_routes_are_public():
    schema = APIClient().get("/api-siap/v0/schema/")
    assert schema.status_code == 200
    document = yaml.safe_load(schema.content)
    assert document["openapi"].startswith("3.")
    assert document["info"] == {
        "title": "API APiLos",
        "version": "0.0.1",
        "description": "Documentation de l'API APiLos consommée par SIAP",
    }
    assert "/api-siap/v0/operation/{numero_operation}" in str(list(document["paths"]))
    assert {t["name"] for t in document["tags"]} == {"config-resource", "statistics", "operation", "info_siap"}
    as_json = APIClient().get("/api-siap/v0/schema/?format=json")
    assert as_json.status_code == 200 and as_json.json()["info"]["version"] == "0.0.1"
    for path in ("/api-siap/v0/schema-ui/", "/api-siap/v0/schema-redoc/"):
        page = APIClient().get(path)
        assert page.status_code == 200 and page["Content-Type"].startswith("text/html")


# C-20 -----------------------------------------------------------------------------------------------------
def test_c20_outbound_habilitations_call(fake_siap, settings):
    HttpSiapClient().habilitations(login=AGENT, habilitation_id=5)
    request = fake_siap.requests[-1]
    assert request["path"] == "/services/habilitation/api-int/v0/habilitations"
    assert "Authorization" not in request["headers"]
    claims = jwt.decode(
        request["headers"]["siap-Authorization"].removeprefix("Bearer "),
        settings.SIAP_CLIENT_JWT_SIGN_KEY,
        algorithms=["HS256"],
    )
    assert claims["user-login"] == AGENT and claims["habilitation-id"] == 5
    assert claims["token_type"] == "access" and claims["exp"] - claims["iat"] == 300 and claims["jti"]
    HttpSiapClient().habilitations(login=AGENT, habilitation_id=0)
    claims = fake_siap.claims_of(fake_siap.requests[-1])
    assert "habilitation-id" not in claims
    assert settings.SIAP_CLIENT_TIMEOUT <= 3


@pytest.mark.parametrize("status", [401, 503])
def test_c20_three_attempts_on_401_and_503(fake_siap, settings, status):
    from siap.client import SiapError

    fake_siap.fail_with = status
    settings.SIAP_CLIENT_ATTEMPTS = 3
    with pytest.raises(SiapError):
        HttpSiapClient().habilitations(login=AGENT, habilitation_id=5)
    assert len(fake_siap.requests) == 3


def test_c20_three_attempts_on_timeout(fake_siap, settings):
    from siap.client import SiapUnavailable

    fake_siap.delay = 0.5
    settings.SIAP_CLIENT_TIMEOUT = 0.1
    with pytest.raises(SiapUnavailable):
        HttpSiapClient().habilitations(login=AGENT, habilitation_id=5)
    assert len(fake_siap.requests) == 3


# C-21 -----------------------------------------------------------------------------------------------------
def test_c21_mo_habilitation_applies_the_fusions(fake_siap):
    absorbant = BailleurFactory(siret="42658011400013", nom="Absorbant")
    absorbe = BailleurFactory(siret="27120002400019", nom="Absorbé")
    ancien = BailleurFactory(parent=absorbant)
    habilitation = dict(mock_data.HABILITATIONS["habilitations"][0])
    habilitation["entiteMorale"] = {**habilitation["entiteMorale"], "siren": "426580114", "nom": "Absorbant"}
    user = siap_user(login=AGENT)
    context = context_for(user=user, habilitation=habilitation, login=AGENT, persist=True)
    assert any(
        r["path"] == "/services/operation/api-int/v0/journalisation-fusion" and r["query"] == {"siren": "426580114"}
        for r in fake_siap.requests
    )
    absorbe.refresh_from_db()
    ancien.refresh_from_db()
    assert absorbe.parent == absorbant and ancien.parent is None
    assert context.extra_bailleur_ids == (absorbe.pk,)


# C-22 -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("famille", "nature"), [(None, "Autres bailleurs sociaux non HLM"), ("HLM", "HLM")])
def test_c22_siren_only_bailleur_from_an_entite_morale(famille, nature):
    entite = {
        "siren": "782855696",
        "nom": "13 HABITAT",
        "adresseLigne4": "80 RUE ALBE",
        "adresseLigne6": "13004 MARSEILLE 4",
    }
    if famille:
        entite["codeFamilleMO"] = famille
    bailleur = bailleur_from_siap(entite)
    assert (bailleur.siret, bailleur.siren, bailleur.code_postal, bailleur.ville, bailleur.adresse) == (
        "782855696",
        "782855696",
        "13004",
        "MARSEILLE 4",
        "80 RUE ALBE",
    )
    assert bailleur.nature == nature
    bailleur.full_clean()  # a SIREN-only bailleur is valid


# C-23 -----------------------------------------------------------------------------------------------------
def _operation(numero, **overrides):
    dto = mock_data.operation("20221200002")
    dto["donneesOperation"]["numeroOperation"] = numero
    dto.update(overrides)
    return dto


def test_c23_plus_plai_plai_adp_gives_two_conventions(fake_siap):
    from tests.siap.fakes import FakeSiap  # noqa: F401  (the fake serves the operations below)

    dto = _operation("20230100001")
    dto["detailsOperation"].append(
        {"aide": {"code": "PLAI_ADP"}, "logement": {"nbLogementsIndividuels": None, "nbLogementsCollectifs": 2}}
    )
    fake_siap.operations["20230100001"] = dto
    response = siap_client(AGENT, 12).post("/api-siap/v0/operation/20230100001/")
    assert response.status_code == 200
    lots = sorted((c["lots"][0]["financement"], c["lots"][0]["nb_logements"]) for c in response.json()["conventions"])
    assert lots == [("PLAI", 6), ("PLUS", 12)]


def test_c23_sans_travaux_gives_one_sans_financement_convention(fake_siap):
    dto = _operation("20230100002", detailsOperation=None)
    dto["donneesOperation"]["sansTravaux"] = True
    fake_siap.operations["20230100002"] = dto
    body = siap_client(AGENT, 12).post("/api-siap/v0/operation/20230100002/").json()
    assert [(c["lots"][0]["financement"], c["lots"][0]["type_habitat"]) for c in body["conventions"]] == [
        ("SANS_FINANCEMENT", "MIXTE")
    ]
    assert body["type_operation"] == "SANSTRAVAUX"


def test_c23_no_conventionable_aide_is_an_error(fake_siap):
    dto = _operation("20230100003")
    # PALULOS is conventionable since the full financement list (issue 15, reference §16.2.6): an aide that is no
    # APiLos financement at all (the SIAP also manages such aides, e.g. a local grant).
    dto["detailsOperation"] = [{"aide": {"code": "SUBVENTION_LOCALE"}, "logement": {}}]
    fake_siap.operations["20230100003"] = dto
    response = siap_client(AGENT, 12).post("/api-siap/v0/operation/20230100003/")
    assert response.status_code == 500
    assert response.json() == {"error": "Aucune aide ne nécessite un conventionnement pour cette opération."}
    assert not Programme.objects.filter(numero_operation="20230100003").exists()
