"""Several servers on one PostgreSQL: scans and dispatchers at once change every row once."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.clock import FixedClock, date_of
from app.deadlines.repository import status_van
from app.deadlines.scan import scan
from app.deadlines.signalen import OPEN, OVERDUE
from app.outbox.dispatcher import Dispatcher, make_client
from app.persistence.database import make_engine, make_sessionmaker
from app.persistence.models import Bericht, Outbox, Signaal
from tests.conftest import NOW
from tests.outbox.test_end_to_end import Receiver, free_port

SIGNALEN = 400
BERICHTEN = 30
AGB = "87654321"


@pytest.fixture
def hosts(database_url):
    """Two servers' own engines on the same database (PostgreSQL only)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several servers share one PostgreSQL; SQLite is one process's database")
    engines = [make_engine(database_url) for _ in range(2)]
    yield [make_sessionmaker(engine) for engine in engines]
    for engine in engines:
        engine.dispose()


@pytest.fixture
def receiver():
    found = Receiver(free_port())
    found.start()
    yield found
    found.stop()


def _signalen(sessions, count: int) -> None:
    """`count` open signals, all past due, spread over a few weeks and two gemeenten."""
    today = date_of(NOW)
    with sessions.begin() as session:
        session.add_all(
            Signaal(
                soort="start_zorg",
                onderwerp="toewijzing",
                onderwerp_id=n,
                gemeente=("0153", "0164")[n % 2],
                aanbieder=AGB,
                vanaf_date=today - timedelta(days=40),
                due_date=today - timedelta(days=1 + n % 21),
                status=OPEN,
                created_at=NOW,
                changed_at=NOW,
            )
            for n in range(1, count + 1)
        )


def _outbox(sessions, count: int) -> list[int]:
    """`count` outgoing JW319s waiting in the outbox; their bericht ids."""
    ids = []
    with sessions.begin() as session:
        for n in range(count):
            xml = f"<jw319:Bericht><n>{n}</n></jw319:Bericht>".encode()
            bericht = Bericht(
                richting="uit",
                type="JW319",
                berichtcode="449",
                afzender="0153",
                ontvanger=AGB,
                gemeente="0153",
                identificatie=f"S{n}",
                dagtekening_date=date_of(NOW),
                sha256=hashlib.sha256(xml).hexdigest(),
                xml=xml,
                at=NOW,
                uitkomst="verzonden",
            )
            session.add(bericht)
            session.flush()
            session.add(
                Outbox(
                    bericht_id=bericht.id,
                    gemeente="0153",
                    aanbieder=AGB,
                    type="JW319",
                    created_at=NOW,
                )
            )
            ids.append(bericht.id)
    return ids


def _at_once(*work) -> list:
    """Run each callable in a thread of its own, all released at the same moment."""
    start = threading.Barrier(len(work))
    results: list = [None] * len(work)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = work[i]()
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_two_servers_scan_and_dispatch_the_same_rows_once(hosts, receiver):
    _signalen(hosts[0], SIGNALEN)
    bericht_ids = _outbox(hosts[0], BERICHTEN)
    moments = [NOW + timedelta(seconds=1), NOW + timedelta(seconds=2)]

    def scanner(sessions, now):
        def once():
            with sessions.begin() as session:
                return scan(session, date_of(now), now)

        return once

    dispatchers = [
        Dispatcher(
            sessions,
            make_client(5.0),
            FixedClock(NOW),
            broker_url=receiver.url,
            batch=3,
            jitter=lambda: 1.0,
        )
        for sessions in hosts
    ]
    *scans, _, _ = _at_once(
        scanner(hosts[0], moments[0]),
        scanner(hosts[1], moments[1]),
        dispatchers[0].dispatch_once,
        dispatchers[1].dispatch_once,
    )
    for dispatcher in dispatchers:
        dispatcher.client.close()

    # Each signal turned overdue exactly once, by one of the two scans: the other, queued
    # behind the scan lock, found the calendar already scanned to the same day.
    assert sorted(result.overdue for result in scans) == [0, SIGNALEN]
    with hosts[1]() as session:
        status = status_van(Signaal.status, Signaal.due_date)
        statuses = session.execute(select(status, func.count()).group_by(status))
        assert dict(statuses.all()) == {OVERDUE: SIGNALEN}
        # Each message reached the receiver exactly once, and is recorded delivered once.
        assert sorted(receiver.ids()) == sorted(bericht_ids)
        outbox = session.execute(select(Outbox.status, Outbox.pogingen)).all()
        assert sorted(outbox) == [("bezorgd", 1)] * BERICHTEN
