"""The deadline scan: every running signal past its due date becomes overdue.

Signals are opened and met as messages and decisions arrive, with their due dates computed
then; the scan only moves time forward. It is idempotent and touches only signals whose state
changes, found through the (status, due_date) index. `aanvullen` creates the signals of
toewijzingen that have none (stored before deadlines were kept, or by another system): run
it once after an upgrade or an import, not on every scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.orm import Session

from app.deadlines.policy import Soort
from app.deadlines.service import TOEWIJZING, Termijnbewaking
from app.deadlines.signalen import OPEN, OVERDUE
from app.persistence.models import Signaal, Toewijzing

_T = Signaal.__table__
_OVERDUE = (
    update(_T)
    .where(_T.c.status == OPEN, _T.c.due_date < bindparam("today"))
    .values(status=OVERDUE, changed_at=bindparam("now"))
)


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What one scan changed."""

    today: date
    overdue: int


def scan(session: Session, today: date, now: datetime) -> ScanResult:
    """Mark every open signal due before `today` overdue."""
    changed = session.connection().execute(_OVERDUE, {"today": today, "now": now}).rowcount
    return ScanResult(today, changed)


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
