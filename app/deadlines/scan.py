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

from sqlalchemy import Engine, bindparam, exists, func, select, update
from sqlalchemy.orm import Session

from app.clock import date_of
from app.deadlines import repository
from app.deadlines.policy import Soort
from app.deadlines.service import TOEWIJZING, Termijnbewaking
from app.deadlines.signalen import OPEN, OVERDUE
from app.persistence.models import Signaal, Toewijzing

_T = Signaal.__table__
SCAN_LOCK = 0x696A77_5343414E
"""The PostgreSQL advisory lock one scan holds at a time, whichever process or host runs it."""
_LOCK = select(func.pg_advisory_xact_lock(SCAN_LOCK))
_OVERDUE = (
    update(_T)
    .where(_T.c.status == OPEN, _T.c.due_date < bindparam("today"))
    .values(status=OVERDUE, changed_at=bindparam("now"))
)
_REOPEN = (
    update(_T)
    .where(_T.c.status == OVERDUE, _T.c.due_date >= bindparam("from_date"))
    .values(status=OPEN, changed_at=bindparam("now"))
)
_WOULD_TURN_OVERDUE = (
    select(Signaal)
    .where(Signaal.status == OPEN, Signaal.due_date < bindparam("today"))
    .order_by(Signaal.due_date, Signaal.id)
)


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
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Scans of several servers queue here instead of contending for the same rows; the
        # next finds nothing left to mark. SQLite serialises writing transactions already.
        connection.execute(_LOCK)
    reopen_from = max(today, date_of(now))
    heropend = connection.execute(_REOPEN, {"from_date": reopen_from, "now": now}).rowcount
    changed = connection.execute(_OVERDUE, {"today": today, "now": now}).rowcount
    return ScanResult(today, changed, heropend)


def overdue_per_soort(engine: Engine) -> dict[str, int] | None:
    """Overdue signals per kind, for the metrics; None while the database cannot be reached."""
    return repository.overdue_per_soort(engine)


def would_turn_overdue(session: Session, today: date) -> list[Signaal]:
    """The open signals a scan as of `today` would mark overdue; changes nothing."""
    return list(session.scalars(_WOULD_TURN_OVERDUE, {"today": today}))


_ZONDER_SIGNAAL = (
    select(Toewijzing)
    .where(
        ~exists().where(
            Signaal.onderwerp == TOEWIJZING,
            Signaal.onderwerp_id == Toewijzing.id,
            Signaal.soort.in_((Soort.START_ZORG, Soort.STOP_ZORG)),
        )
    )
    .order_by(Toewijzing.id)
)


def aanvullen(
    session: Session, termijnen: Termijnbewaking, now: datetime, batch: int = 1000
) -> int:
    """Open the deadlines of every toewijzing that has no start or stop signal; how many."""
    done = 0
    last = 0
    while True:
        rows = session.scalars(_ZONDER_SIGNAAL.where(Toewijzing.id > last).limit(batch)).all()
        for row in rows:
            termijnen.toewijzing_verzonden(session, row, now)
        done += len(rows)
        if len(rows) < batch:
            return done
        last = rows[-1].id
