"""The deadline scan: every running signal past its due date becomes overdue.

Signals are opened and met as messages and decisions arrive, with their due dates computed
then; the scan only moves the date up to which the calendar has been scanned, and every read
derives overdue from it (an open signal due before that date). So the first scan over a
backlog writes one row, not the backlog; it counts the signals it turned overdue through the
(status, due_date) index, and a repeat counts none. The date never passes the real date: a
signal overdue by an earlier what-if, or stored overdue before it was due, goes back to open
at the next scan. `would_turn_overdue` answers such a what-if without changing anything.
`aanvullen` creates the signals of toewijzingen that have none (stored before deadlines were
kept, or by another system): run it once after an upgrade or an import, not on every scan.
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
    """Turn every open signal due before `today` overdue; reopen those not yet due.

    The watermark moves to `today`, but never past the real date of `now` (one left later is
    pulled back to it) and never back otherwise: a signal the calendar has passed stays
    overdue whatever `today` a scan was given. Reopened are the signals overdue, stored or
    derived, that are due on or after the real date.
    """
    repository.scan_lock(session)
    real = date_of(now)
    # A write first: on SQLite it takes the write lock before the watermark is read.
    heropend = repository.heropen(session, real, now)
    stored = repository.scan_tot(session)
    old = date.min if stored is None else stored
    new = min(max(today, old), real)
    if new < old:
        heropend += repository.open_tussen(session, new, old)
    overdue = repository.open_tussen(session, old, new) if new > old else 0
    if new != stored:
        repository.zet_scan_tot(session, new, now)
    # Rows an earlier version stored overdue read so from the watermark from now on.
    repository.leid_af(session, new)
    return ScanResult(today, overdue, heropend)


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
