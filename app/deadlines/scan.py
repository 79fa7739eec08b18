"""The deadline scan: every running signal past its due date becomes overdue.

Signals are opened and met as messages and decisions arrive, with their due dates computed
then; the scan only marks what the calendar has passed. It is idempotent and touches only
signals whose state changes, found through the (status, due_date) index. A signal marked
overdue by a scan as of a later date than the real one goes back to open at the next scan;
`would_turn_overdue` answers such a what-if without changing anything. `aanvullen` creates
the signals of toewijzingen that have none (stored before deadlines were kept, or by another
system): run it once after an upgrade or an import, not on every scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.clock import date_of
from app.deadlines import repository
from app.deadlines.repository import SCAN_LOCK as SCAN_LOCK
from app.deadlines.service import Termijnbewaking
from app.persistence.models import Signaal


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What one scan changed."""

    today: date
    overdue: int
    heropend: int = 0


def scan(session: Session, today: date, now: datetime) -> ScanResult:
    """Mark every open signal due before `today` overdue; reopen those not yet due.

    Reopened are overdue signals due on or after the later of `today` and the real date of
    `now`: a signal the calendar has passed stays overdue whatever `today` a scan was given.
    """
    repository.scan_lock(session)
    heropend = repository.heropen(session, max(today, date_of(now)), now)
    changed = repository.markeer_overdue(session, today, now)
    return ScanResult(today, changed, heropend)


def overdue_per_soort(engine: Engine) -> dict[str, int] | None:
    """Overdue signals per kind, for the metrics; None while the database cannot be reached."""
    return repository.overdue_per_soort(engine)


def would_turn_overdue(session: Session, today: date) -> list[Signaal]:
    """The open signals a scan as of `today` would mark overdue; changes nothing."""
    return repository.would_turn_overdue(session, today)


def aanvullen(
    session: Session, termijnen: Termijnbewaking, now: datetime, batch: int = 1000
) -> int:
    """Open the deadlines of every toewijzing that has no start or stop signal; how many."""
    done = 0
    last = 0
    while True:
        rows = repository.zonder_signaal(session, last, batch)
        for row in rows:
            termijnen.toewijzing_verzonden(session, row, now)
        done += len(rows)
        if len(rows) < batch:
            return done
        last = rows[-1].id
