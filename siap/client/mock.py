"""The mock SIAP (SIAP_CLIENT_MOCK=1): fixed payloads of the documented shapes, whatever the login
(reference §16.3.4). Calls are journalled as "simulé"."""

from urllib.parse import unquote

from siap.client import mock_data
from siap.client.base import HABILITATION, OPERATION, TABLEAU_BORD, BaseSiapClient
from siap.client.errors import SiapNotFound


class MockSiapClient(BaseSiapClient):
    mocked = True

    def send(self, method, prefix, route, *, login, habilitation_id, params=None, json=None, **kwargs):
        path = prefix + route
        if method == "GET" and path == "/config":
            return mock_data.config(), 200, 1
        if method == "GET" and path == f"{HABILITATION}/habilitations":
            return mock_data.habilitations(), 200, 1
        if method == "GET" and path == "/menu":
            return mock_data.menu(), 200, 1
        if method == "GET" and path.startswith(f"{OPERATION}/operation/"):
            payload = mock_data.operation(unquote(path.rsplit("/", 1)[1]))
            if payload is None:
                raise SiapNotFound(status_code=404)
            return payload, 200, 1
        if method == "GET" and path == f"{OPERATION}/journalisation-fusion":
            return mock_data.fusions((params or {}).get("siren", "")), 200, 1
        if path.startswith(f"{TABLEAU_BORD}/alertes"):
            if method == "POST":
                return "alerte créée avec succès", 200, 1
            return ([] if method == "GET" else None), 200, 1
        raise SiapNotFound(status_code=404, detail=f"route inconnue du bouchon : {method} {path}")
