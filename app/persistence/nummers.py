"""Number series per gemeente: ToewijzingNummer and the Identificatie of our own messages."""

from __future__ import annotations

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.persistence.models import Nummerreeks, Toewijzing

TOEWIJZING = "toewijzing"
"""The series of ToewijzingNummers: unique per gemeente (TR332), kept through changes."""


_TABLE = Nummerreeks.__table__
_BUMP = (
    update(_TABLE)
    .where(_TABLE.c.gemeente == bindparam("in_gemeente"), _TABLE.c.reeks == bindparam("in_reeks"))
    .values(laatste=_TABLE.c.laatste + 1)
    .returning(_TABLE.c.laatste)
)
_START = insert(_TABLE)


def volgend_nummer(session: Session, gemeente: str, reeks: str) -> int:
    """The next number of a series; the row lock serialises concurrent callers until commit."""
    connection = session.connection()
    bumped = connection.execute(_BUMP, {"in_gemeente": gemeente, "in_reeks": reeks}).scalar()
    if bumped is not None:
        return bumped
    first = _eerste(session, gemeente, reeks)
    connection.execute(_START, {"gemeente": gemeente, "reeks": reeks, "laatste": first})
    return first


def _eerste(session: Session, gemeente: str, reeks: str) -> int:
    """A new series starts after any number already in use (toewijzingen made before it)."""
    if reeks != TOEWIJZING:
        return 1
    highest = session.scalar(
        select(func.max(Toewijzing.nummer)).where(Toewijzing.gemeente == gemeente)
    )
    return (highest or 0) + 1
