"""The dispatcher against httpx.MockTransport: delivery, backoff, dead letters, acks, locks."""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from datetime import date, timedelta

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import select, text

from app import logs
from app.clock import as_utc
from app.config import Settings
from app.outbox import repository
from app.outbox.dispatcher import Backoff, Dispatcher, equal_jitter
from app.persistence.database import make_engine, make_sessionmaker
from app.persistence.models import Bericht, Outbox, Signaal
from tests.conftest import NOW, SERVED

BSN = "999900018"
AGB = "87654321"


def xml_of(n: int) -> bytes:
    return f"<jw319:Bericht><Bsn>{BSN}</Bsn><n>{n}</n></jw319:Bericht>".encode()


@pytest.fixture
def sessions(database_url):
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def queue(sessions, count: int = 1, *, gemeente: str = "0153") -> list[int]:
    """Store `count` outgoing messages with their outbox rows; returns the outbox ids."""
    ids = []
    with sessions.begin() as session:
        for n in range(count):
            xml = xml_of(n)
            bericht = Bericht(
                richting="uit",
                type="JW319",
                berichtcode="449",
                afzender=gemeente,
                ontvanger=AGB,
                gemeente=gemeente,
                identificatie=f"X{n}",
                dagtekening_date=date(2026, 11, 20),
                sha256=hashlib.sha256(xml).hexdigest(),
                xml=xml,
                at=NOW,
                uitkomst="verzonden",
            )
            session.add(bericht)
            session.flush()
            entry = Outbox(
                bericht_id=bericht.id,
                gemeente=gemeente,
                aanbieder=AGB,
                type="JW319",
                created_at=NOW,
            )
            session.add(entry)
            session.flush()
            ids.append(entry.id)
    return ids


def row(sessions, outbox_id: int) -> Outbox:
    with sessions() as session:
        return session.get(Outbox, outbox_id)


class Broker:
    """A MockTransport handler that answers from a script and records every request."""

    def __init__(self, *answers, delay: float = 0.0) -> None:
        self.answers = list(answers) or [200]
        self.requests: list[httpx.Request] = []
        self.delay = delay
        self.guard = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.guard:
            self.requests.append(request)
            answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if self.delay:
            time.sleep(self.delay)
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            return answer
        return httpx.Response(answer)

    @property
    def ids(self) -> list[int]:
        return [int(r.headers["X-Bericht-Id"]) for r in self.requests]


def dispatcher(sessions, broker: Broker, clock, **kwargs) -> Dispatcher:
    client = httpx.Client(transport=httpx.MockTransport(broker))
    kwargs.setdefault("jitter", lambda: 1.0)
    return Dispatcher(sessions, client, clock, broker_url="http://127.0.0.1:9/broker", **kwargs)


def test_delivers_the_stored_bytes_once(sessions, clock):
    [outbox_id] = queue(sessions)
    broker = Broker(202)
    ronde = dispatcher(sessions, broker, clock).dispatch_once()
    assert (ronde.bezorgd, ronde.mislukt, ronde.dood) == (1, 0, 0)
    [request] = broker.requests
    stored = row(sessions, outbox_id)
    assert request.method == "POST" and str(request.url) == "http://127.0.0.1:9/broker"
    assert request.content == xml_of(0)
    assert request.headers["Content-Type"] == "application/xml"
    assert request.headers["X-Bericht-Id"] == str(stored.bericht_id)
    assert (stored.status, stored.pogingen, stored.laatste_fout) == ("bezorgd", 1, None)
    assert as_utc(stored.bezorgd_at) == NOW
    assert dispatcher(sessions, broker, clock).dispatch_once().pogingen == 0
    assert len(broker.requests) == 1


def test_new_rows_start_waiting_with_no_attempts(sessions):
    [outbox_id] = queue(sessions)
    stored = row(sessions, outbox_id)
    assert (stored.status, stored.pogingen, stored.volgende_poging_at) == ("wachtend", 0, None)


def test_failures_back_off_exponentially(sessions, clock):
    [outbox_id] = queue(sessions)
    broker = Broker(503, 503, 500, 200)
    sender = dispatcher(sessions, broker, clock)
    waits = []
    for _ in range(3):
        assert sender.dispatch_once().mislukt == 1
        stored = row(sessions, outbox_id)
        waits.append(as_utc(stored.volgende_poging_at) - clock.moment)
        # Not due yet: a second round sends nothing
        assert sender.dispatch_once().pogingen == 0
        clock.moment = as_utc(stored.volgende_poging_at)
    assert waits == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert (stored.status, stored.pogingen, stored.laatste_fout) == ("wachtend", 3, "HTTP 500")
    assert sender.dispatch_once().bezorgd == 1
    assert row(sessions, outbox_id).status == "bezorgd"
    assert len(broker.requests) == 4


def test_jitter_from_a_seeded_random_is_reproducible(sessions, clock):
    [outbox_id] = queue(sessions)
    factor = equal_jitter(random.Random(42))()
    assert 0.5 <= factor < 1
    sender = dispatcher(sessions, Broker(503), clock, jitter=equal_jitter(random.Random(42)))
    sender.dispatch_once()
    expected = NOW + timedelta(seconds=30) * factor
    assert as_utc(row(sessions, outbox_id).volgende_poging_at) == expected


def test_backoff_doubles_up_to_its_cap():
    backoff = Backoff(base=timedelta(seconds=10), cap=timedelta(minutes=5))
    assert [backoff.delay(n, 1.0).total_seconds() for n in range(1, 8)] == [
        10,
        20,
        40,
        80,
        160,
        300,
        300,
    ]
    assert backoff.delay(3, 0.5) == timedelta(seconds=20)


def test_client_errors_are_retried_and_counted_retry_after_is_honoured(sessions, clock):
    [outbox_id] = queue(sessions)
    broker = Broker(400, httpx.Response(429, headers={"Retry-After": "600"}))
    sender = dispatcher(sessions, broker, clock)
    sender.dispatch_once()
    stored = row(sessions, outbox_id)
    assert (stored.status, stored.pogingen, stored.laatste_fout) == ("wachtend", 1, "HTTP 400")
    clock.moment = as_utc(stored.volgende_poging_at)
    sender.dispatch_once()
    stored = row(sessions, outbox_id)
    assert (stored.pogingen, stored.laatste_fout) == (2, "HTTP 429")
    assert as_utc(stored.volgende_poging_at) == clock.moment + timedelta(seconds=600)


def test_a_transport_error_is_recorded_by_class_and_logged_without_content(sessions, clock, capsys):
    logs.configure("INFO")
    [outbox_id] = queue(sessions)
    capsys.readouterr()
    broker = Broker(httpx.ConnectError(f"refused while sending {BSN}"))
    dispatcher(sessions, broker, clock).dispatch_once()
    stored = row(sessions, outbox_id)
    assert (stored.status, stored.laatste_fout) == ("wachtend", "ConnectError")
    err = capsys.readouterr().err
    [line] = [json.loads(x) for x in err.splitlines() if '"ijw.bezorging"' in x]
    assert line["outbox_id"] == outbox_id and line["bericht_id"] == stored.bericht_id
    assert (line["uitkomst"], line["fout"], line["poging"]) == ("opnieuw", "ConnectError", 1)
    assert line["volgende_poging_at"] == (NOW + timedelta(seconds=30)).isoformat()
    assert BSN not in err and "<n>" not in err


def test_dead_letter_raises_a_signal_and_an_operator_revives_it(app, client, clock):
    sessions = app.state.services.sessionmaker
    [outbox_id] = queue(sessions)
    bericht_id = row(sessions, outbox_id).bericht_id
    broker = Broker(500, 500, 500, 204)
    sender = dispatcher(sessions, broker, clock, max_pogingen=3)
    for _ in range(3):
        sender.dispatch_once()
        if row(sessions, outbox_id).volgende_poging_at is not None:
            clock.moment = as_utc(row(sessions, outbox_id).volgende_poging_at)
    stored = row(sessions, outbox_id)
    assert (stored.status, stored.pogingen, stored.volgende_poging_at) == ("dood", 3, None)
    with sessions() as session:
        [signaal] = session.scalars(select(Signaal)).all()
    assert (signaal.soort, signaal.onderwerp, signaal.onderwerp_id) == (
        "bezorging",
        "bericht",
        bericht_id,
    )
    assert (signaal.status, signaal.due_date, signaal.aanbieder) == (
        "open",
        date(2026, 11, 20),
        AGB,
    )
    assert "3 attempts" in signaal.detail and BSN not in signaal.detail
    # Dead: a later round does not send it
    clock.moment += timedelta(days=1)
    assert sender.dispatch_once().pogingen == 0

    revived = client.post(f"/outbox/{outbox_id}/retry")
    assert revived.status_code == 200
    assert (revived.json()["status"], revived.json()["pogingen"]) == ("wachtend", 0)
    assert revived.json()["laatste_fout"] == "HTTP 500"
    assert sender.dispatch_once().bezorgd == 1
    assert len(broker.requests) == 4
    with sessions() as session:
        signaal = session.get(Signaal, signaal.id)
    assert (signaal.status, signaal.te_laat) == ("met", True)
    again = client.post(f"/outbox/{outbox_id}/retry")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert client.post("/outbox/999/retry").status_code == 404


def test_retry_leaves_a_waiting_message_as_it_is(app, client, clock):
    sessions = app.state.services.sessionmaker
    [outbox_id] = queue(sessions)
    dispatcher(sessions, Broker(503), clock).dispatch_once()
    before = row(sessions, outbox_id)
    response = client.post(f"/outbox/{outbox_id}/retry")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["pogingen"]) == ("wachtend", 1)
    assert row(sessions, outbox_id).volgende_poging_at == before.volgende_poging_at


def test_an_acknowledged_message_is_never_sent(app, client, clock):
    sessions = app.state.services.sessionmaker
    first, second = queue(sessions, 2)
    listed = client.get("/outbox").json()["items"]
    assert [(i["id"], i["status"], i["bevestigd_at"]) for i in listed] == [
        (first, "wachtend", None),
        (second, "wachtend", None),
    ]
    acked = client.post(f"/outbox/{first}/ack")
    assert acked.status_code == 200
    body = acked.json()
    assert (body["status"], body["bevestigd_at"]) == ("bezorgd", "2026-11-20T09:30:00Z")
    clock.moment += timedelta(minutes=5)
    # Idempotent: the first acknowledgement stands
    assert client.post(f"/outbox/{first}/ack").json() == body
    assert client.post("/outbox/4242/ack").status_code == 404
    broker = Broker(200)
    assert dispatcher(sessions, broker, clock).dispatch_once().bezorgd == 1
    assert broker.ids == [row(sessions, second).bericht_id]
    assert client.get("/outbox").json()["items"][0]["status"] == "bezorgd"


def test_an_ack_during_a_failing_attempt_wins(app, client, clock):
    sessions = app.state.services.sessionmaker
    [outbox_id] = queue(sessions)

    def fetched_and_acked_meanwhile(request: httpx.Request) -> httpx.Response:
        assert client.post(f"/outbox/{outbox_id}/ack").status_code == 200
        return httpx.Response(503)

    broker = Broker(httpx.Response(503))
    broker.answers = [fetched_and_acked_meanwhile]
    sender = Dispatcher(
        sessions,
        httpx.Client(transport=httpx.MockTransport(lambda r: broker.answers[0](r))),
        clock,
        broker_url="http://127.0.0.1:9/",
    )
    sender.dispatch_once()
    stored = row(sessions, outbox_id)
    assert (stored.status, stored.pogingen, stored.laatste_fout) == ("bezorgd", 0, None)
    assert as_utc(stored.bevestigd_at) == NOW


def test_a_crashed_dispatchers_lease_runs_out(sessions, clock):
    first, second = queue(sessions, 2)
    with sessions.begin() as session:
        # A dispatcher leased the first message and died before it recorded anything
        [zending] = repository.claim(session, NOW, NOW + timedelta(minutes=2), 1)
    assert zending.outbox_id == first
    broker = Broker(200)
    sender = dispatcher(sessions, broker, clock)
    sender.dispatch_once()
    assert broker.ids == [row(sessions, second).bericht_id]
    clock.moment = NOW + timedelta(minutes=2)
    sender.dispatch_once()
    assert broker.ids[1:] == [row(sessions, first).bericht_id]
    assert row(sessions, first).status == "bezorgd"


def test_claims_skip_rows_another_transaction_has_locked(database_url, sessions):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    first, second = queue(sessions, 2)
    holder = sessions()
    other = sessions()
    try:
        [held] = repository.claim(holder, NOW, NOW + timedelta(minutes=1), 1)
        other.execute(text("SET LOCAL lock_timeout = '2s'"))
        [skipped_to] = repository.claim(other, NOW, NOW + timedelta(minutes=1), 2)
        assert (held.outbox_id, skipped_to.outbox_id) == (first, second)
    finally:
        holder.rollback()
        other.rollback()
        holder.close()
        other.close()


def test_two_dispatchers_at_once_never_send_a_message_twice(sessions, clock):
    ids = queue(sessions, 24)
    broker = Broker(200, delay=0.01)
    start = threading.Barrier(2)
    errors = []

    def run() -> None:
        try:
            sender = dispatcher(sessions, broker, clock, batch=3)
            start.wait()
            sender.dispatch_once()
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    expected = sorted(row(sessions, i).bericht_id for i in ids)
    assert sorted(broker.ids) == expected  # each exactly once
    assert {row(sessions, i).status for i in ids} == {"bezorgd"}
    assert len({r.headers.get("X-Bericht-Id") for r in broker.requests}) == 24


def test_broker_url_must_be_http(database_url):
    base = {"database_url": database_url, "gemeenten": SERVED}
    assert Settings(**base).broker_url is None
    assert Settings(**base, broker_url="").broker_url is None
    url = "https://broker.example.nl/ijw"
    assert Settings(**base, broker_url=url).broker_url == url
    for bad in ("ftp://broker.example.nl", "broker.example.nl", "http://"):
        with pytest.raises(ValidationError):
            Settings(**base, broker_url=bad)
    assert Settings(**base).bezorg_max_pogingen == 8
    with pytest.raises(ValidationError):
        Settings(**base, bezorg_max_pogingen=0)


def test_a_dead_letter_signal_is_listed(app, client, clock):
    sessions = app.state.services.sessionmaker
    queue(sessions)
    dispatcher(sessions, Broker(500), clock, max_pogingen=1).dispatch_once()
    listed = client.get("/signalen", params={"soort": "bezorging"})
    assert listed.status_code == 200
    assert [item["soort"] for item in listed.json()["items"]] == ["bezorging"]
