"""The SQL statements one POST /berichten costs, per message type of the bench's mix.

Every statement is a round trip to the database, and round trips are most of a message's time
on PostgreSQL: a change that adds one to the hot path fails here. Run with `-s` to see them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from tests.api.berichten import Aangevraagd, Regie, start, stop, vot
from tests.api.flow import accepted, post, toewijzing

DAG = date(2026, 11, 16)
NR = 1001
BEGIN = date(2026, 10, 5)

EXPECTED = {
    "postgresql": {"vot": 8, "start": 4, "stop": 4, "herhaald": 3},
    "sqlite": {"vot": 18, "start": 10, "stop": 10, "herhaald": 4},
}
"""Statements per POST; SQLite's count includes its BEGIN IMMEDIATE."""


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """The SQL the app's engine runs inside the block, in order."""
    engine = app.state.services.engine
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def granted(app):
    toewijzing(app, NR, date(2026, 10, 1), date(2027, 3, 31))


def test_statements_per_message_type(client, app, granted):
    messages = {
        "vot": vot("V1", DAG, Aangevraagd("R1", date(2026, 12, 1)), bsn="999900031"),
        "start": start("S1", DAG, Regie(NR, BEGIN)),
        "stop": stop("P1", DAG, Regie(NR, BEGIN, reden="31", einddatum=date(2026, 11, 13))),
    }
    messages["herhaald"] = messages["vot"]
    # The first POST with a key also looks the key up; the counts are those of every later one.
    post(client, vot("V0", DAG, Aangevraagd("R0", date(2026, 12, 1)), bsn="999900043"))
    counted: dict[str, int] = {}
    for kind, body in messages.items():
        with statements(app) as seen:
            response = post(client, body)
        assert accepted(response)
        print(f"\n{kind}: {len(seen)} statements")
        for sql in seen:
            print(f"    {sql[:160]}")
        counted[kind] = len(seen)
    dialect = app.state.services.engine.dialect.name
    assert counted == EXPECTED[dialect]
