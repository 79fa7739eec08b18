"""The scan moves one date; every read derives overdue from it, as if each signal were marked.

The clock stands at Friday 2026-11-20 09:30 UTC (tests/deadlines/conftest.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from app.deadlines import repository
from app.deadlines.repository import COLUMNS, SignaalFilters, open_signaal
from app.deadlines.scan import scan, would_turn_overdue
from app.deadlines.signalen import OPEN, OVERDUE
from app.persistence.models import Signaal, SignaalScan

D = date
TODAY = D(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
OPENED = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
DUES = {
    1: D(2026, 10, 1),
    2: D(2026, 11, 2),
    3: D(2026, 11, 19),  # yesterday: overdue today
    4: TODAY,  # due today: still open
    5: D(2026, 11, 21),
    6: D(2027, 1, 4),
}


@pytest.fixture
def sessions(app, client):
    services = app.state.services
    with services.sessionmaker.begin() as session:
        for subject, due in DUES.items():
            open_signaal(
                session,
                "start_zorg" if subject % 2 else "retour",
                "toewijzing",
                subject,
                gemeente="0153",
                aanbieder="87654321",
                due=due,
                now=OPENED,
            )
    return services.sessionmaker


def _scan(sessions, today: date, now: datetime = NOW):
    with sessions.begin() as session:
        return scan(session, today, now)


def _statuses(sessions) -> dict[int, str]:
    """Every signal's state as the reads show it, by subject."""
    with sessions() as session:
        return {row.onderwerp_id: row.status for row in session.execute(select(*COLUMNS))}


def _listed(sessions, *statussen: str) -> list[int]:
    """The subjects a list filtered on `statussen` shows, by due date."""
    filters = SignaalFilters(None, statussen, None, None, None, False, None)
    with sessions() as session:
        rows = repository.signalen(session, filters, None, TODAY, 100)
    return [row.onderwerp_id for row in rows]


def _tot(sessions) -> date | None:
    with sessions() as session:
        return session.scalar(select(SignaalScan.tot))


def _stored(sessions) -> dict[int, tuple[str, datetime]]:
    with sessions() as session:
        rows = session.execute(select(Signaal.onderwerp_id, Signaal.status, Signaal.changed_at))
        return {subject: (status, changed_at) for subject, status, changed_at in rows}


def test_a_backlog_turns_overdue_in_one_scan_that_writes_no_signal(app, sessions):
    before = _stored(sessions)
    assert _statuses(sessions) == dict.fromkeys(DUES, OPEN)
    result = _scan(sessions, TODAY)
    assert (result.overdue, result.heropend) == (3, 0)
    assert _statuses(sessions) == {1: OVERDUE, 2: OVERDUE, 3: OVERDUE, 4: OPEN, 5: OPEN, 6: OPEN}
    assert _listed(sessions, OVERDUE) == [1, 2, 3]
    assert _listed(sessions, OPEN) == [4, 5, 6]
    assert _listed(sessions, OPEN, OVERDUE) == [1, 2, 3, 4, 5, 6]
    assert repository.overdue_per_soort(app.state.services.engine) == {
        "start_zorg": 2,
        "retour": 1,
    }
    # One row holds the scan's date; the signals keep what was stored when they were opened.
    assert _tot(sessions) == TODAY
    assert _stored(sessions) == before


def test_a_repeat_scan_counts_none_and_the_next_day_counts_the_days_signals(sessions):
    assert _scan(sessions, TODAY).overdue == 3
    assert _scan(sessions, TODAY).overdue == 0
    # An earlier date does not put back what a later scan passed.
    assert _scan(sessions, TODAY - timedelta(days=30)).overdue == 0
    assert _tot(sessions) == TODAY
    tomorrow = NOW + timedelta(days=1)
    assert _scan(sessions, TODAY + timedelta(days=1), tomorrow).overdue == 1
    assert _listed(sessions, OVERDUE) == [1, 2, 3, 4]


def test_a_scan_as_of_a_later_date_goes_no_further_than_the_real_date(sessions):
    later = D(2026, 12, 1)
    with sessions() as session:
        assert [s.onderwerp_id for s in would_turn_overdue(session, later)] == [1, 2, 3, 4, 5]
    assert _scan(sessions, later).overdue == 3
    assert _tot(sessions) == TODAY
    assert _listed(sessions, OPEN) == [4, 5, 6]
    with sessions() as session:
        assert [s.onderwerp_id for s in would_turn_overdue(session, later)] == [4, 5]


def test_a_watermark_past_the_real_date_is_pulled_back_and_counted_as_reopened(sessions):
    with sessions.begin() as session:  # as a scan of a later date left it
        repository.zet_scan_tot(session, D(2026, 12, 1), NOW)
    assert _listed(sessions, OVERDUE) == [1, 2, 3, 4, 5]
    result = _scan(sessions, TODAY)
    assert (result.overdue, result.heropend) == (0, 2)
    assert _tot(sessions) == TODAY
    assert _listed(sessions, OVERDUE) == [1, 2, 3]
    assert _listed(sessions, OPEN) == [4, 5, 6]


def test_signals_an_earlier_version_stored_overdue_read_overdue_until_found_not_yet_due(sessions):
    with sessions.begin() as session:  # as earlier versions' scans left them
        session.execute(
            update(Signaal).where(Signaal.onderwerp_id.in_((2, 5))).values(status=OVERDUE)
        )
    assert _statuses(sessions) == {1: OPEN, 2: OVERDUE, 3: OPEN, 4: OPEN, 5: OVERDUE, 6: OPEN}
    before = _stored(sessions)
    result = _scan(sessions, TODAY)
    # Signal 2 was overdue already; 1 and 3 turn overdue now; 5 is not due yet.
    assert (result.overdue, result.heropend) == (2, 1)
    assert _statuses(sessions) == {1: OVERDUE, 2: OVERDUE, 3: OVERDUE, 4: OPEN, 5: OPEN, 6: OPEN}
    assert _listed(sessions, OVERDUE) == [1, 2, 3]
    assert _listed(sessions, OPEN) == [4, 5, 6]
    # Both are stored open again: 2 reads overdue from the watermark, keeping when it was marked.
    after = _stored(sessions)
    assert (after[2], after[5][0]) == ((OPEN, before[2][1]), OPEN)
    assert after[5][1] != before[5][1]
