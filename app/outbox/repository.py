"""Queries on the outbox: the pages brokers read and who a message is addressed to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.persistence.models import Bericht, Outbox


def page(
    session: Session, after: int, limit: int, gemeente: str | None, aanbieder: str | None
) -> list[tuple[Outbox, Bericht]]:
    """Outbox entries with an id above `after`, oldest first, each with its message."""
    query = (
        select(Outbox, Bericht)
        .join(Bericht, Bericht.id == Outbox.bericht_id)
        .where(Outbox.id > after)
        .order_by(Outbox.id)
        .limit(limit)
    )
    if gemeente is not None:
        query = query.where(Outbox.gemeente == gemeente)
    if aanbieder is not None:
        query = query.where(Outbox.aanbieder == aanbieder)
    return [(entry, bericht) for entry, bericht in session.execute(query)]


def aanbieder(session: Session, outbox_id: int) -> str | None:
    """The AGB code an outbox message is addressed to; None when there is no such message."""
    return session.scalar(select(Outbox.aanbieder).where(Outbox.id == outbox_id))


def aan_client(
    session: Session, bericht_ids: list[int], gemeente: str, bsn: str
) -> list[tuple[Bericht, str]]:
    """These outbox messages with their delivery status, only those about the client."""
    rows = session.execute(
        select(Bericht, Outbox.status)
        .join(Outbox, Outbox.bericht_id == Bericht.id)
        .where(Bericht.id.in_(bericht_ids), Outbox.gemeente == gemeente, Outbox.bsn == bsn)
        .order_by(Bericht.id)
    )
    return [(bericht, status) for bericht, status in rows]
