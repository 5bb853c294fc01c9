"""Local fake servers (127.0.0.1, ephemeral port, a thread each) standing for the SIAP, Cerbère (CAS) and
ProConnect (OIDC) in the tests, so that the real clients are exercised over HTTP."""

import copy
import itertools
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt

from siap.client import mock_data

SIAP_PATH = "/api-int/v0"


class _Server:
    def __init__(self):
        self.requests: list[dict] = []
        handler = self._handler_class()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _dispatch(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parsed = urlparse(self.path)
                request = {
                    "method": method,
                    "path": parsed.path,
                    "query": {k: v[0] for k, v in parse_qs(parsed.query).items()},
                    "headers": dict(self.headers),
                    "body": body,
                }
                server.requests.append(request)
                status, headers, payload = server.handle(request)
                if isinstance(payload, (dict, list)):
                    payload = json.dumps(payload).encode()
                    headers = {"Content-Type": "application/json", **headers}
                elif isinstance(payload, str):
                    payload = payload.encode()
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(payload or b"")))
                    self.end_headers()
                    self.wfile.write(payload or b"")
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                self._dispatch("GET")

            def do_POST(self):
                self._dispatch("POST")

            def do_DELETE(self):
                self._dispatch("DELETE")

        return Handler

    def handle(self, request):
        raise NotImplementedError


class FakeSiap(_Server):
    """The SIAP's internal API (reference §16.3.2), answering with the documented shapes.

    Knobs: `habilitations_by_login`, `operations`, `fusions`, `delay` (seconds before answering),
    `fail_with` (HTTP status for every call), `sign_key` (to verify the siap-Authorization JWT)."""

    def __init__(self, sign_key: str):
        super().__init__()
        self.sign_key = sign_key
        self.habilitations_by_login: dict[str, dict] = {}
        self.operations = copy.deepcopy(mock_data.OPERATIONS)
        self.fusions = copy.deepcopy(mock_data.FUSIONS)
        self.delay = 0.0
        self.fail_with: int | None = None

    def claims_of(self, request) -> dict:
        header = request["headers"].get("siap-Authorization", "")
        return jwt.decode(header.removeprefix("Bearer "), self.sign_key, algorithms=["HS256"])

    def handle(self, request):
        if self.delay:
            time.sleep(self.delay)
        if self.fail_with:
            return self.fail_with, {}, {"message": "erreur simulée"}
        try:
            claims = self.claims_of(request)
        except jwt.PyJWTError:
            return 401, {}, {"message": "jeton refusé"}
        return self.route(request, claims)

    def route(self, request, claims):
        path = request["path"]
        if path == f"{SIAP_PATH}/config":
            return 200, {}, mock_data.config()
        if path == f"/services/habilitation{SIAP_PATH}/habilitations":
            login = claims.get("user-login", "")
            return 200, {}, copy.deepcopy(self.habilitations_by_login.get(login, mock_data.habilitations()))
        if path == f"{SIAP_PATH}/menu":
            return 200, {}, mock_data.menu()
        if path.startswith(f"/services/operation{SIAP_PATH}/operation/"):
            numero = path.rsplit("/", 1)[1]
            if numero not in self.operations:
                return 404, {}, {"message": "Opération introuvable"}
            return 200, {}, copy.deepcopy(self.operations[numero])
        if path == f"/services/operation{SIAP_PATH}/journalisation-fusion":
            siren = request["query"].get("siren", "")
            return 200, {}, [f for f in self.fusions if siren in (f["sirenAbsorbant"], f["sirenAbsorbe"])]
        if path.startswith(f"/services/tableaubord{SIAP_PATH}/alertes"):
            return 200, {}, [] if request["method"] == "GET" else {"id": 1}
        return 404, {}, {"message": "route inconnue"}


SAML_SUCCESS = """<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>
<Response xmlns="urn:oasis:names:tc:SAML:1.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion"
 IssueInstant="2026-01-01T00:00:00Z" MajorVersion="1" MinorVersion="1" ResponseID="_r1">
<Status><StatusCode Value="samlp:Success"/></Status>
<saml:Assertion AssertionID="_a1" IssueInstant="2026-01-01T00:00:00Z" Issuer="fake-cerbere" MajorVersion="1"
 MinorVersion="1"><saml:AttributeStatement><saml:Subject><saml:NameIdentifier>{id}</saml:NameIdentifier>
</saml:Subject>{attributes}</saml:AttributeStatement></saml:Assertion></Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"""
SAML_FAILURE = """<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body>
<Response xmlns="urn:oasis:names:tc:SAML:1.0:protocol"><Status><StatusCode Value="samlp:RequestDenied"/></Status>
</Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"""


class FakeCerbere(_Server):
    """A CAS server with SAML 1.0 validation: /cas/login redirects back with a ticket for `agent`, and
    /cas/samlValidate answers the Cerbère attributes of that agent."""

    def __init__(self, agent: dict):
        super().__init__()
        self.agent = agent  # {"UTILISATEUR.ID": …, "UTILISATEUR.LOGIN": …, "UTILISATEUR.NOM": …, …}
        self.tickets: dict[str, dict] = {}
        self._counter = itertools.count(1)

    @property
    def cas_url(self) -> str:
        return f"{self.url}/cas/"

    def handle(self, request):
        if request["path"] == "/cas/login":
            ticket = f"ST-{next(self._counter)}-fake"
            self.tickets[ticket] = dict(self.agent)
            service = request["query"]["service"]
            separator = "&" if "?" in service else "?"
            return 302, {"Location": f"{service}{separator}{urlencode({'ticket': ticket})}"}, b""
        if request["path"] == "/cas/samlValidate":
            body = request["body"].decode()
            ticket = body.split("<samlp:AssertionArtifact>")[1].split("<")[0].strip()
            agent = self.tickets.pop(ticket, None)
            if agent is None:
                return 200, {"Content-Type": "text/xml"}, SAML_FAILURE
            attributes = "".join(
                f'<saml:Attribute AttributeName="{k}" AttributeNamespace="http://www.ja-sig.org/products/cas/">'
                f"<saml:AttributeValue>{v}</saml:AttributeValue></saml:Attribute>"
                for k, v in agent.items()
            )
            xml = SAML_SUCCESS.format(id=agent.get("UTILISATEUR.ID", ""), attributes=attributes)
            return 200, {"Content-Type": "text/xml"}, xml
        if request["path"] == "/cas/logout":
            return 200, {}, "déconnecté"
        return 404, {}, b""


class FakeProConnect(_Server):
    """An OpenID Connect provider signing its ID tokens with HS256 (the client secret)."""

    def __init__(self, client_id: str, client_secret: str, claims: dict):
        super().__init__()
        self.client_id, self.client_secret, self.claims = client_id, client_secret, claims
        self.codes: dict[str, str] = {}

    def handle(self, request):
        path = request["path"]
        if path == "/api/v2/authorize":
            code = uuid.uuid4().hex
            self.codes[code] = request["query"].get("nonce", "")
            query = urlencode({"code": code, "state": request["query"]["state"]})
            return 302, {"Location": f"{request['query']['redirect_uri']}?{query}"}, b""
        if path == "/api/v2/token":
            form = {k: v[0] for k, v in parse_qs(request["body"].decode()).items()}
            nonce = self.codes.pop(form.get("code", ""), None)
            if nonce is None:
                return 400, {}, {"error": "invalid_grant"}
            now = int(time.time())
            id_token = jwt.encode(
                {
                    "iss": self.url,
                    "sub": self.claims["sub"],
                    "aud": self.client_id,
                    "iat": now,
                    "exp": now + 60,
                    "nonce": nonce,
                },
                self.client_secret,
                algorithm="HS256",
            )
            return 200, {}, {"access_token": "at-" + uuid.uuid4().hex, "token_type": "Bearer", "id_token": id_token}
        if path == "/api/v2/userinfo":
            return 200, {}, dict(self.claims)
        return 404, {}, b""
