"""The deadline scan: every running signal past its due date becomes overdue.

Signals are opened and met as messages and decisions arrive, with their due dates computed
then; the scan only moves time forward. It is idempotent and touches only signals whose state
changes, found through the (status, due_date) index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from app.deadlines.signalen import OPEN, OVERDUE
from app.persistence.models import Signaal

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
