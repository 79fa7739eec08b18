"""Held writes: one statement on PostgreSQL, seen by every later statement, gone on rollback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.exc import IntegrityError

from app.deadlines import repository as signalen
from app.deadlines.policy import Soort
from app.deadlines.signalen import MET
from app.ingest import repository as berichten
from app.persistence.database import make_engine, make_sessionmaker
from app.persistence.deferred import deferred
from app.persistence.models import Ontvangst, Signaal

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
DUE = date(2026, 11, 23)


@pytest.fixture
def engine(database_url) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@contextmanager
def writes(engine: Engine) -> Iterator[list[str]]:
    """The INSERT and UPDATE statements (or CTE chains of them) sent inside the block."""
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "WITH")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _open(session, onderwerp_id: int, soort: str = Soort.RETOUR) -> None:
    signalen.open_signaal(
        session,
        soort,
        "bericht",
        onderwerp_id,
        gemeente="0153",
        aanbieder="87654321",
        due=DUE,
        now=NOW,
    )


def _ontvangst(session) -> None:
    berichten.record_ontvangst(
        session,
        received_at=NOW,
        content_type="application/xml",
        size=3,
        sha256=None,
        body=b"<x/>",
        http_status=200,
        uitkomst="geaccepteerd",
    )


def test_held_writes_go_together_and_a_later_read_sees_them(engine):
    postgres = engine.dialect.name == "postgresql"
    with writes(engine) as seen, make_sessionmaker(engine).begin() as session, deferred(session):
        _open(session, 1)
        _open(session, 2)
        _ontvangst(session)
        assert len(seen) == (0 if postgres else 3)
        found = session.scalars(select(Signaal.onderwerp_id).order_by(Signaal.onderwerp_id))
        assert list(found) == [1, 2]
    assert len(seen) == (1 if postgres else 3)
    if postgres:
        assert seen[0].startswith("WITH w0 AS (INSERT INTO signaal")
    with make_sessionmaker(engine).begin() as session:
        assert session.scalar(select(Ontvangst.uitkomst)) == "geaccepteerd"


def test_a_second_write_of_a_row_follows_the_first(engine):
    with writes(engine) as seen, make_sessionmaker(engine).begin() as session, deferred(session):
        _open(session, 7, Soort.STOP_ZORG)
        signalen.record(
            session,
            Soort.STOP_ZORG,
            "bericht",
            7,
            gemeente="0153",
            aanbieder="87654321",
            due=DUE,
            te_laat=False,
            now=NOW,
        )
    assert len(seen) == 2
    with make_sessionmaker(engine).begin() as session:
        assert session.scalar(select(Signaal.status)) == MET


def test_a_block_that_fails_sends_nothing_and_stores_nothing(engine):
    with (
        writes(engine) as seen,
        pytest.raises(RuntimeError),
        make_sessionmaker(engine).begin() as session,
        deferred(session),
    ):
        _open(session, 3)
        raise RuntimeError("failed mid-message")
    if engine.dialect.name == "postgresql":
        assert seen == []
    with make_sessionmaker(engine).begin() as session:
        assert session.scalar(select(Signaal.id)) is None


def test_a_held_write_that_breaks_a_key_fails_its_transaction(engine):
    claim = ("87654321", "414", "V1", 1)
    with pytest.raises(IntegrityError), make_sessionmaker(engine).begin() as session:
        berichten.insert_bericht(
            session,
            id=1,
            richting="in",
            type="JW315",
            berichtcode="414",
            afzender="87654321",
            ontvanger="0153",
            gemeente="0153",
            identificatie="V1",
            dagtekening_date=date(2026, 11, 16),
            sha256="0" * 64,
            xml=b"<x/>",
            at=NOW,
            uitkomst="geaccepteerd",
            retourcodes=None,
        )
        with deferred(session):
            _open(session, 4)
            berichten.claim(session, claim)
            berichten.claim(session, claim)
    with make_sessionmaker(engine).begin() as session:
        assert session.scalar(select(Signaal.id)) is None


def test_psycopg_still_has_the_cache_limit_the_held_writes_raise():
    """An upgrade of psycopg that drops the limit must fail here, not silently slow ingest."""
    import importlib

    from app.persistence import deferred as module

    limits = vars(importlib.import_module("psycopg._queries"))
    assert isinstance(limits.get("MAX_CACHED_STATEMENT_PARAMS"), int)
    assert module._DRIVER_PARAMETERS >= 90
