"""Identical messages posted at the same moment over real HTTP: exactly one is processed."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.ingest import repository
from app.main import create_app
from app.persistence.models import Bericht, Verzoek
from tests.api.berichten import Aangevraagd, vot
from tests.keys import PerRol

XML = {"Content-Type": "application/xml"}
DAG = date(2026, 11, 16)
CONCURRENT = 8


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(settings, clock):
    """The app under uvicorn on a free port, in a thread."""
    yield from _serve(settings, clock)


def _serve(settings, clock):
    app = create_app(settings, clock=clock)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    yield app, f"http://127.0.0.1:{port}", PerRol(app)
    instance.should_exit = True
    thread.join(10)


def test_identical_concurrent_posts_are_processed_once(server):
    app, base, auth = server
    body = vot("VOT-C1", DAG, Aangevraagd("R-C1", date(2026, 12, 1), date(2027, 5, 31)))
    barrier = threading.Barrier(CONCURRENT)

    def post(_):
        with httpx.Client(base_url=base, timeout=30, auth=auth) as http:
            barrier.wait()
            return http.post("/berichten", content=body, headers=XML)

    with ThreadPoolExecutor(CONCURRENT) as pool:
        responses = list(pool.map(post, range(CONCURRENT)))

    assert {r.status_code for r in responses} == {200}
    assert len({r.content for r in responses}) == 1
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Verzoek)) == 1
        # the VOT, its JW316 and one JW319 (in onderzoek: no rule covers it)
        assert session.scalar(select(func.count()).select_from(Bericht)) == 3


def test_many_concurrent_requests_on_a_narrow_thread_pool_all_succeed(settings, clock):
    """Two worker threads and two connections serve two dozen simultaneous requests."""
    narrow = settings.model_copy(update={"threads": 2})
    serving = _serve(narrow, clock)
    app, base, auth = next(serving)
    bsns = ("999900018", "999900031", "999900043", "999900055", "999900067", "999900079")
    bodies = [
        vot(
            f"VOT-N{n}",
            DAG,
            Aangevraagd(f"R-N{n}", date(2026, 12, 1)),
            bsn=bsns[n % 6],
            aanbieder=f"8765432{n // 6}",
        )
        for n in range(24)
    ]

    def post(body):
        with httpx.Client(base_url=base, timeout=20, auth=auth) as http:
            return http.post("/berichten", content=body, headers=XML).status_code

    with ThreadPoolExecutor(len(bodies)) as pool:
        statuses = list(pool.map(post, bodies))
    next(serving, None)
    assert statuses == [200] * len(bodies)


def test_the_database_refuses_a_second_claim_of_one_identificatie(app, client):
    with app.state.services.sessionmaker() as session:
        row_id = repository.insert_bericht(
            session,
            richting="in",
            type="JW315",
            berichtcode="446",
            afzender="87654321",
            ontvanger="0153",
            gemeente="0153",
            identificatie="X",
            dagtekening_date=DAG,
            sha256="0" * 64,
            xml=b"<x/>",
            at=app.state.services.clock.now(),
            uitkomst="geaccepteerd",
        )
        repository.claim(session, ("87654321", "446", "X", row_id))
        with pytest.raises(IntegrityError):
            repository.claim(session, ("87654321", "446", "X", row_id))


def test_the_constraint_decides_when_the_prior_lookup_missed_a_twin(client, app, monkeypatch):
    """A lookup that misses a concurrent twin's claim ends in the twin's retour, not a copy."""
    body = vot("VOT-C2", DAG, Aangevraagd("R-C2", date(2026, 12, 1), date(2027, 5, 31)))
    first = client.post("/berichten", content=body, headers=XML)
    real = repository.claimed_by
    calls = []

    def stale_once(*args, **kwargs):
        calls.append(args)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(repository, "claimed_by", stale_once)
    again = client.post("/berichten", content=body, headers=XML)
    assert len(calls) == 2
    assert again.content == first.content
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Verzoek)) == 1
        # the VOT, its JW316 and one JW319 (in onderzoek: no rule covers it)
        assert session.scalar(select(func.count()).select_from(Bericht)) == 3
