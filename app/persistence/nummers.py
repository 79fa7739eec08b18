"""Number series per gemeente: ToewijzingNummer and the Identificatie of our own messages."""

from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from app.persistence.models import Nummerreeks, Toewijzing

TOEWIJZING = "toewijzing"
"""The series of ToewijzingNummers: unique per gemeente (TR332), kept through changes."""


def volgend_nummer(session: Session, gemeente: str, reeks: str) -> int:
    """The next number of a series; the row lock serialises concurrent callers until commit."""
    bumped = session.execute(
        update(Nummerreeks)
        .where(Nummerreeks.gemeente == gemeente, Nummerreeks.reeks == reeks)
        .values(laatste=Nummerreeks.laatste + 1)
        .returning(Nummerreeks.laatste)
    ).scalar()
    if bumped is not None:
        return bumped
    first = _eerste(session, gemeente, reeks)
    session.execute(insert(Nummerreeks).values(gemeente=gemeente, reeks=reeks, laatste=first))
    return first


def _eerste(session: Session, gemeente: str, reeks: str) -> int:
    """A new series starts after any number already in use (toewijzingen made before it)."""
    if reeks != TOEWIJZING:
        return 1
    highest = session.scalar(
        select(func.max(Toewijzing.nummer)).where(Toewijzing.gemeente == gemeente)
    )
    return (highest or 0) + 1
