"""Queries on recorded vooroverleggen."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.persistence.models import Vooroverleg


def voeg_toe(session: Session, row: Vooroverleg) -> Vooroverleg:
    """Store a new vooroverleg and give it its id."""
    session.add(row)
    session.flush()
    return row


def lijst(
    session: Session,
    gemeenten: Iterable[str],
    *,
    aanbieder: str | None = None,
    bsn: str | None = None,
) -> list[Vooroverleg]:
    """Vooroverleggen of these gemeenten, oldest first, optionally of one aanbieder or client."""
    query = (
        select(Vooroverleg)
        .where(Vooroverleg.gemeente.in_(sorted(gemeenten)))
        .order_by(Vooroverleg.id)
    )
    if aanbieder is not None:
        query = query.where(Vooroverleg.aanbieder == aanbieder)
    if bsn is not None:
        query = query.where(Vooroverleg.bsn == bsn)
    return list(session.scalars(query))
