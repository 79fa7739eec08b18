"""A toewijzing keeps every version: same ToewijzingNummer, a new row per change."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.ijw.views import Omvang, Product
from app.ingest.stand import SqlState
from app.persistence.database import make_engine, make_sessionmaker
from app.persistence.models import ToewijzingVersie
from app.toewijzingen import repository

GRANTED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
CHANGED = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)


@pytest.fixture
def sessions(database_url):
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _grant(session, nummer=5001):
    return repository.create_toewijzing(
        session,
        gemeente="0153",
        nummer=nummer,
        aanbieder="87654321",
        bsn="999900018",
        product=Product("45", "45A48"),
        ingangsdatum=date(2026, 10, 1),
        einddatum=date(2027, 3, 31),
        omvang=Omvang(90, "01", "2"),
        toegewezen_at=GRANTED,
    )


def test_a_change_adds_a_version_and_the_checks_see_the_latest(sessions):
    with sessions.begin() as session:
        toewijzing = _grant(session)
        repository.change_toewijzing(
            session,
            toewijzing,
            toegewezen_at=CHANGED,
            einddatum_date=date(2026, 12, 31),
            reden_wijziging="05",
        )
    with sessions() as session:
        versies = session.scalars(select(ToewijzingVersie).order_by(ToewijzingVersie.versie)).all()
        assert [(v.versie, v.einddatum_date, v.reden_wijziging) for v in versies] == [
            (1, date(2027, 3, 31), None),
            (2, date(2026, 12, 31), "05"),
        ]
        assert versies[1].toegewezen_at.astimezone(UTC) == CHANGED
        stand = SqlState(session).toewijzing("0153", 5001)
        assert (stand.einddatum, stand.reden_wijziging) == (date(2026, 12, 31), "05")


def test_deleting_with_reden_13_makes_it_no_longer_current(sessions):
    with sessions.begin() as session:
        toewijzing = _grant(session)
        repository.change_toewijzing(
            session,
            toewijzing,
            toegewezen_at=CHANGED,
            einddatum_date=date(2026, 10, 1),
            reden_wijziging="13",
        )
    with sessions() as session:
        stand = SqlState(session).toewijzing("0153", 5001)
        assert stand.verwijderd
        assert not stand.actueel(date(2026, 11, 20))


def test_a_toewijzingnummer_is_unique_per_gemeente(sessions):
    with sessions.begin() as session:
        _grant(session)
    with pytest.raises(IntegrityError), sessions.begin() as session:
        _grant(session)
