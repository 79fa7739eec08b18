"""On PostgreSQL the claim lookup takes the client's advisory lock, found claim or not."""

from __future__ import annotations

import threading
import time

import pytest

from app.ingest import repository
from app.persistence.database import make_engine, make_sessionmaker


@pytest.fixture
def sessions(postgres_url):
    engine = make_engine(postgres_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def test_a_second_lookup_for_the_same_client_waits_for_the_first_transaction(sessions):
    first = sessions()
    assert repository.claimed_by(first, "87654321", "446", "NIEUW", lock=42) is None
    waited: list[float] = []

    def second() -> None:
        with sessions() as session:
            started = time.monotonic()
            repository.claimed_by(session, "87654321", "446", "NIEUW", lock=42)
            waited.append(time.monotonic() - started)
            session.rollback()

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.3)
    assert waited == []  # still blocked on the lock
    first.rollback()
    thread.join(5)
    assert waited and waited[0] >= 0.25
    first.close()


def test_another_client_is_not_held_up(sessions):
    with sessions() as first, sessions() as second:
        repository.claimed_by(first, "87654321", "446", "A", lock=1)
        started = time.monotonic()
        repository.claimed_by(second, "87654321", "446", "B", lock=2)
        assert time.monotonic() - started < 0.2
