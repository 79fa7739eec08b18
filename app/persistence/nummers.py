"""ToewijzingNummers: one series per gemeente (TR332), handed out under a row lock."""

from __future__ import annotations

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.persistence.models import Nummerreeks, Toewijzing

TOEWIJZING = "toewijzing"
"""The `reeks` of ToewijzingNummers (our own Identificaties are message ids, no series)."""

_TABLE = Nummerreeks.__table__
_BUMP = (
    update(_TABLE)
    .where(_TABLE.c.gemeente == bindparam("in_gemeente"), _TABLE.c.reeks == TOEWIJZING)
    .values(laatste=_TABLE.c.laatste + 1)
    .returning(_TABLE.c.laatste)
)
_START = insert(_TABLE)


def volgend_toewijzingnummer(session: Session, gemeente: str) -> int:
    """The gemeente's next ToewijzingNummer; the row lock serialises callers until commit."""
    connection = session.connection()
    bumped = connection.execute(_BUMP, {"in_gemeente": gemeente}).scalar()
    if bumped is not None:
        return bumped
    # A new series starts after any number already in use (toewijzingen made before it).
    highest = session.scalar(
        select(func.max(Toewijzing.nummer)).where(Toewijzing.gemeente == gemeente)
    )
    first = (highest or 0) + 1
    connection.execute(_START, {"gemeente": gemeente, "reeks": TOEWIJZING, "laatste": first})
    return first
