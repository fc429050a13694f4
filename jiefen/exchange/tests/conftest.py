import http.server
import threading

import pytest

from jiefen.api.tests.conftest import api  # noqa: F401  (the API client fixture, shared)
from jiefen.exchange.models import Sender

SECRET = "court-shared-secret-for-tests"


class Receiver:
    """A real HTTP endpoint on 127.0.0.1 standing in for the sender's system: it records every request and
    answers with the next status of ``statuses`` (the last one repeats)."""

    def __init__(self):
        self.requests: list[tuple[dict, bytes]] = []
        self.statuses = [200]
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append((self.headers, body))
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/jiefen"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def bodies(self) -> list[bytes]:
        return [body for _headers, body in self.requests]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def court(network, receiver):
    """海州区人民法院, whose referrals the 朐阳街道 centre receives."""
    return Sender.objects.create(
        code="hzfy", name="海州区人民法院", kind=Sender.Kind.COURT, organisation=network.orgs["320706001"],
        webhook_url=receiver.url, secret=SECRET,
    )
