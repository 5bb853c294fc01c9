"""A real HTTP receiver on 127.0.0.1 for webhook deliveries."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Receiver:
    def __init__(self):
        self.requests: list[dict] = []
        self.codes: list[int] = []  # answered in order; the last one repeats
        self.server = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hook"

    def answer(self) -> int:
        return self.codes.pop(0) if len(self.codes) > 1 else (self.codes[0] if self.codes else 200)


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
            code = receiver.answer()
            payload = json.dumps({"recu": True, "code": code}).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver():
    # This engineer's ports: one per xdist worker so that two workers never collide.
    port = 8108 if os.environ.get("PYTEST_XDIST_WORKER") == "gw1" else 8118
    receiver = Receiver()
    ThreadingHTTPServer.allow_reuse_address = True
    receiver.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(receiver))
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
    thread.join(timeout=5)
