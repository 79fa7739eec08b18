"""Decision records from before the split keep their reasons; their configuration gaps move."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import text

from app.persistence.database import make_engine
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import post
from tests.persistence.migreren import migreer

DAG, START = date(2026, 11, 16), date(2026, 12, 1)
VOOR = "3f1c7a9d2b64"
"""The revision before decision records had a column for the gemeente's own explanations."""

REDENEN = [
    "no rule of rule set 'twente' matches ProductCategorie 45, ProductCode 45A48, "
    "Verwijzer type 02: default outcome onderzoek",
    "product codes for 'Behandeling individueel' are not configured (rule A1): "
    "the operator sets them in the rule set",
    "A7 could not be evaluated: unknown whether this referral was used before",
]
"""A record as earlier versions wrote it: everything among the reasons."""


def _record(database_url: str) -> tuple[list, list | None]:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        row = connection.execute(text("SELECT redenen, beheer FROM beslissing")).one()
    engine.dispose()
    return row.redenen, row.beheer


def test_an_earlier_record_keeps_its_reasons_and_moves_its_gaps_to_beheer(client, database_url):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", START)))
    migreer(database_url, VOOR, omlaag=True)
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE beslissing SET redenen = :r"), {"r": _json(REDENEN)})
    engine.dispose()

    migreer(database_url, "head")

    redenen, beheer = _record(database_url)
    assert _lijst(redenen) == REDENEN[:1]
    assert _lijst(beheer) == REDENEN[1:]


def test_a_downgrade_puts_the_gemeentes_explanations_back_among_the_reasons(client, database_url):
    post(client, vot("VOT-1", DAG, Aangevraagd("R-1", START)))
    redenen, beheer = _record(database_url)

    migreer(database_url, VOOR, omlaag=True)
    try:
        engine = make_engine(database_url)
        with engine.connect() as connection:
            [stored] = connection.execute(text("SELECT redenen FROM beslissing")).scalars()
        engine.dispose()
    finally:
        # The PostgreSQL schema outlives the test: leave it at head for the others.
        migreer(database_url, "head")
    assert beheer and _lijst(stored) == [*_lijst(redenen), *_lijst(beheer)]


def _json(value: list) -> str:
    return json.dumps(value)


def _lijst(value) -> list:
    return json.loads(value) if isinstance(value, str) else value
