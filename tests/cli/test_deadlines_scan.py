"""A what-if scan never changes the database; a real scan puts back what is not yet due."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from app.cli import main
from app.clock import SystemClock, date_of
from app.deadlines.repository import open_signaal, status_van
from app.deadlines.signalen import OVERDUE
from app.persistence.database import make_engine, make_sessionmaker
from app.persistence.models import Signaal

TODAY = date_of(SystemClock().now())
LATER = TODAY + timedelta(days=90)


@pytest.fixture
def sessions(monkeypatch, database_url):
    monkeypatch.setenv("IJW_DATABASE_URL", database_url)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _signal(sessions, subject: int, due: date) -> int:
    with sessions.begin() as session:
        open_signaal(
            session,
            "start_zorg",
            "toewijzing",
            subject,
            gemeente="0153",
            aanbieder="87654321",
            due=due,
            now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        )
        return session.scalar(select(Signaal.id).where(Signaal.onderwerp_id == subject))


def _statuses(sessions) -> dict[int, str]:
    with sessions() as session:
        status = status_van(Signaal.status, Signaal.due_date)
        return dict(session.execute(select(Signaal.onderwerp_id, status)).all())


def _scan(capsys, *args) -> tuple[int, dict, str]:
    capsys.readouterr()
    status = main(["deadlines", "scan", *args])
    out, err = capsys.readouterr()
    return status, json.loads(out), err


def test_a_future_today_is_a_dry_run_that_lists_what_would_turn_overdue(capsys, sessions):
    due = _signal(sessions, 1, LATER - timedelta(days=1))
    _signal(sessions, 2, LATER)
    status, summary, err = _scan(capsys, "--today", LATER.isoformat())
    assert status == 0
    assert f"{LATER} is after today ({TODAY}): a dry run, nothing is changed" in err
    assert summary["dry_run"] is True and summary["overdue"] == 1
    assert summary["signalen"] == [
        {
            "id": due,
            "soort": "start_zorg",
            "onderwerp": "toewijzing",
            "onderwerp_id": 1,
            "gemeente": "0153",
            "aanbieder": "87654321",
            "due_date": (LATER - timedelta(days=1)).isoformat(),
        }
    ]
    assert _statuses(sessions) == {1: "open", 2: "open"}


def test_dry_run_changes_nothing_on_any_date(capsys, sessions):
    _signal(sessions, 1, TODAY - timedelta(days=3))
    status, summary, _ = _scan(capsys, "--dry-run")
    assert (status, summary["dry_run"], summary["overdue"]) == (0, True, 1)
    assert _statuses(sessions) == {1: "open"}
    status, summary, _ = _scan(capsys)
    assert (status, summary) == (0, {"today": TODAY.isoformat(), "overdue": 1, "heropend": 0})
    assert _statuses(sessions) == {1: "overdue"}


def test_a_real_scan_puts_back_signals_marked_overdue_before_they_were_due(capsys, sessions):
    _signal(sessions, 1, LATER)  # wrongly marked by a scan as of a later date (older versions)
    _signal(sessions, 2, TODAY - timedelta(days=1))
    with sessions.begin() as session:
        session.execute(update(Signaal).values(status=OVERDUE))
    status, summary, _ = _scan(capsys)
    assert (status, summary) == (0, {"today": TODAY.isoformat(), "overdue": 0, "heropend": 1})
    assert _statuses(sessions) == {1: "open", 2: "overdue"}
    # An earlier --today does not put back what the real calendar has passed.
    status, summary, _ = _scan(capsys, "--today", (TODAY - timedelta(days=30)).isoformat())
    assert (status, summary["heropend"]) == (0, 0)
    assert _statuses(sessions) == {1: "open", 2: "overdue"}


def test_the_overdue_gauge_shows_no_what_if(capsys, sessions, client):
    _signal(sessions, 1, LATER - timedelta(days=1))
    _scan(capsys, "--today", LATER.isoformat())
    metrics = client.get("/metrics").text
    assert 'ijw_signalen_overdue{soort="start_zorg"} 0.0' in metrics
