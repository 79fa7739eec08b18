"""Delivery to a real receiver on 127.0.0.1: down, then up; nothing lost, nothing twice."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from app.cli import main
from app.clock import as_utc
from app.config import Settings
from app.main import create_app
from app.outbox.dispatcher import Dispatcher, make_client
from app.persistence.models import Bericht, Outbox
from tests.api.berichten import BSN, Aangevraagd, vot
from tests.api.flow import accepted, post, rows
from tests.conftest import SERVED
from tests.keys import aangemeld

DAG = date(2026, 11, 16)


def free_port() -> int:
    """A loopback port nobody listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Receiver:
    """A broker stand-in: an HTTP server on 127.0.0.1 that records what it is sent."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[tuple[str, str, bytes]] = []
        self.server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ijw/berichten"

    def start(self) -> None:
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.headers["X-Bericht-Id"], self.headers["Content-Type"], body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def ids(self) -> list[int]:
        return [int(bericht_id) for bericht_id, _, _ in self.received]


@pytest.fixture
def receiver():
    found = Receiver(free_port())
    yield found
    found.stop()


def request_jw319(client, app, identificatie: str, referentie: str, bsn=BSN) -> Outbox:
    """A VOT the bundled rules leave to a worker: its JW319 lands in the outbox."""
    before = {entry.id for entry in rows(app, Outbox)}
    body = vot(identificatie, DAG, Aangevraagd(referentie, date(2026, 12, 1)), bsn=bsn)
    assert accepted(post(client, body))
    [entry] = [entry for entry in rows(app, Outbox) if entry.id not in before]
    assert entry.type == "JW319"
    return entry


def stored(app, outbox_id: int) -> Outbox:
    [entry] = rows(app, Outbox, Outbox.id == outbox_id)
    return entry


def test_a_receiver_down_then_up_gets_each_message_once(client, app, clock, receiver):
    sessions = app.state.services.sessionmaker
    first = request_jw319(client, app, "VOT-1", "R-1")
    [xml] = [b.xml for b in rows(app, Bericht, Bericht.id == first.bericht_id)]

    def dispatcher() -> Dispatcher:
        # A new dispatcher each round: all it knows comes from the database, as after a restart
        return Dispatcher(
            sessions, make_client(2.0), clock, broker_url=receiver.url, jitter=lambda: 1.0
        )

    ronde = dispatcher().dispatch_once()
    assert (ronde.bezorgd, ronde.mislukt) == (0, 1)
    down = stored(app, first.id)
    assert (down.status, down.pogingen, down.laatste_fout) == ("wachtend", 1, "ConnectError")

    receiver.start()
    assert dispatcher().dispatch_once().pogingen == 0  # backing off: not due yet
    clock.moment += timedelta(seconds=30)
    assert dispatcher().dispatch_once().bezorgd == 1
    assert receiver.received == [(str(first.bericht_id), "application/xml", xml)]
    up = stored(app, first.id)
    assert (up.status, up.pogingen, as_utc(up.bezorgd_at)) == ("bezorgd", 2, clock.moment)

    # A broker that fetches the next message and acknowledges it: the dispatcher leaves it be
    second = request_jw319(client, app, "VOT-2", "R-2", bsn="999900031")
    page = client.get("/outbox", params={"after": first.id}).json()
    assert [item["id"] for item in page["items"]] == [second.id]
    assert client.post(f"/outbox/{second.id}/ack").status_code == 200
    assert client.post(f"/outbox/{first.id}/ack").json()["status"] == "bezorgd"
    clock.moment += timedelta(hours=1)
    assert dispatcher().dispatch_once().pogingen == 0
    assert receiver.ids() == [first.bericht_id]


def test_serve_dispatches_in_the_background(database_url, clock, receiver):
    receiver.start()
    settings = Settings(
        database_url=database_url,
        gemeenten=SERVED,
        broker_url=receiver.url,
        bezorg_interval_seconds=1,
        bezorg_timeout_seconds=2,
    )
    app = create_app(settings, clock=clock)
    with TestClient(app) as client:
        aangemeld(client)
        entry = request_jw319(client, app, "VOT-1", "R-1")
        deadline = time.monotonic() + 15
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # another round or so: it must not send the message again
        assert receiver.ids() == [entry.bericht_id]
        assert stored(app, entry.id).status == "bezorgd"


def test_serve_without_a_broker_url_leaves_the_outbox_to_fetching(client, app):
    entry = request_jw319(client, app, "VOT-1", "R-1")
    assert app.state.services.settings.broker_url is None
    assert stored(app, entry.id).status == "wachtend"


def test_cli_dispatches_once(client, app, database_url, receiver, monkeypatch, capsys):
    entry = request_jw319(client, app, "VOT-1", "R-1")
    monkeypatch.setenv("IJW_DATABASE_URL", database_url)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    monkeypatch.delenv("IJW_BROKER_URL", raising=False)
    capsys.readouterr()
    assert main(["outbox", "dispatch", "--once"]) == 2
    assert "IJW_BROKER_URL" in capsys.readouterr().err

    monkeypatch.setenv("IJW_BROKER_URL", receiver.url)
    assert main(["outbox", "dispatch", "--once"]) == 0
    assert json.loads(capsys.readouterr().out) == {"bezorgd": 0, "mislukt": 1, "dood": 0}
    receiver.start()
    with app.state.services.sessionmaker.begin() as session:
        session.get(Outbox, entry.id).volgende_poging_at = None  # due now, not in 30 s
    assert main(["outbox", "dispatch", "--once"]) == 0
    assert json.loads(capsys.readouterr().out) == {"bezorgd": 1, "mislukt": 0, "dood": 0}
    assert receiver.ids() == [entry.bericht_id]
    assert main(["outbox", "dispatch", "--once"]) == 0
    assert json.loads(capsys.readouterr().out)["bezorgd"] == 0
    assert receiver.ids() == [entry.bericht_id]
