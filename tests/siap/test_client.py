"""The outbound SIAP client: the real one against the fake SIAP, the mock, the journal, the French errors."""

import pytest

from siap.client import SiapNotConfigured, SiapNotFound, SiapRefused, SiapUnavailable, get_client, mock_data
from siap.client.http import HttpSiapClient
from siap.client.mock import MockSiapClient
from siap.models import SiapCall, SiapCallOutcome

pytestmark = pytest.mark.django_db

LOGIN = "my.name@beta.gouv.fr"


def test_mock_mode_is_on_in_the_tests_and_serves_the_documented_shapes():
    client = get_client()
    assert isinstance(client, MockSiapClient)
    habilitations = client.habilitations(login="n'importe qui", habilitation_id=0)["habilitations"]
    assert [(h["id"], h["statut"], h["groupe"]["profil"]["code"]) for h in habilitations] == [
        (5, "VALIDEE", "MO_PERS_MORALE"),
        (3, "VALIDEE", "ADM_CENTRALE"),
        (12, "VALIDEE", "SER_GEST"),
        (38, "A_VALIDER", "DIR_REG"),
    ]
    assert set(client.config()) >= {"racineUrlAccesWeb", "urlAccesWeb", "urlAccesWebOperation"}
    assert client.menu(login=LOGIN)["menuItems"][0]["libelle"] == "Tableau de bord"
    assert client.operation(login=LOGIN, habilitation_id=5, numero_operation="20220600006")["donneesMo"]["siren"]
    assert client.fusions(login=LOGIN, habilitation_id=5, siren="426580114") == mock_data.FUSIONS
    with pytest.raises(SiapNotFound) as error:
        client.operation(login=LOGIN, habilitation_id=5, numero_operation="1")
    assert error.value.message == "La plateforme SIAP n'a pas trouvé la ressource demandée."
    assert SiapCall.objects.filter(resultat=SiapCallOutcome.SIMULE).count() == 5


def test_real_client_when_the_mock_is_off(settings):
    settings.SIAP_CLIENT_MOCK = False
    settings.SIAP_CLIENT_HOST = ""
    with pytest.raises(SiapNotConfigured) as error:
        get_client().config()
    assert "n'est pas configurée" in error.value.message


def test_every_call_is_journalled_with_its_duration_and_outcome(fake_siap):
    client = HttpSiapClient()
    client.config()
    client.menu(login=LOGIN, habilitation_id=5)
    call = SiapCall.objects.get(route="/menu")
    assert (call.methode, call.login, call.habilitation_id, call.statut_http, call.resultat, call.tentatives) == (
        "GET",
        LOGIN,
        5,
        200,
        SiapCallOutcome.SUCCES,
        1,
    )
    assert call.duree_ms >= 0
    assert fake_siap.requests[0]["path"] == "/api-int/v0/config"


def test_not_found_and_refusals_are_not_retried(fake_siap):
    with pytest.raises(SiapNotFound):
        HttpSiapClient().operation(login=LOGIN, habilitation_id=5, numero_operation="00000000000")
    assert len(fake_siap.requests) == 1
    fake_siap.fail_with = 400
    with pytest.raises(SiapRefused) as error:
        HttpSiapClient().menu(login=LOGIN, habilitation_id=5)
    assert error.value.status_code == 400 and error.value.message == "La plateforme SIAP a refusé la demande."
    assert len(fake_siap.requests) == 2


def test_unreachable_siap_is_retried_then_explained_in_french(fake_siap, settings):
    fake_siap.stop()
    with pytest.raises(SiapUnavailable) as error:
        HttpSiapClient().habilitations(login=LOGIN, habilitation_id=5)
    assert "ne parvient pas à joindre la plateforme SIAP" in error.value.message
    call = SiapCall.objects.get()
    assert call.resultat == SiapCallOutcome.INJOIGNABLE and call.tentatives == settings.SIAP_CLIENT_ATTEMPTS


def test_timeouts_are_journalled_as_such(fake_siap, settings):
    fake_siap.delay = 0.5
    settings.SIAP_CLIENT_TIMEOUT = 0.1
    settings.SIAP_CLIENT_ATTEMPTS = 1
    with pytest.raises(SiapUnavailable):
        HttpSiapClient().config()
    assert SiapCall.objects.get().resultat == SiapCallOutcome.DELAI_DEPASSE


def test_alertes_calls(fake_siap):
    client = HttpSiapClient()
    assert client.alertes_convention(convention_uuid="3f1c2b7e-8a4d-4c1e-9b0a-2d6e5f7a8b9c") == []
    client.create_alerte(alerte={"module": "APILOS", "etiquette": "CUSTOM"})
    client.delete_alerte(alerte_id=12)
    assert [(r["method"], r["path"]) for r in fake_siap.requests] == [
        ("GET", "/services/tableaubord/api-int/v0/alertes/convention/3f1c2b7e-8a4d-4c1e-9b0a-2d6e5f7a8b9c"),
        ("POST", "/services/tableaubord/api-int/v0/alertes"),
        ("DELETE", "/services/tableaubord/api-int/v0/alertes/12"),
    ]
