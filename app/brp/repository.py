"""Queries on the BRP request table, and on the clients still waiting for a first request."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.persistence.models import BrpOpvraging, Verzoek


def opvraging(session: Session, gemeente: str, bsn: str) -> BrpOpvraging | None:
    """The BRP request record of a client of a gemeente."""
    return session.scalar(
        select(BrpOpvraging).where(BrpOpvraging.gemeente == gemeente, BrpOpvraging.bsn == bsn)
    )


def onbereikbaar_te_herhalen(
    session: Session, uitkomst: str, now: datetime, limit: int
) -> list[tuple[str, str]]:
    """(gemeente, BSN) of requests with this outcome whose retry is due, earliest first."""
    rows = session.execute(
        select(BrpOpvraging.gemeente, BrpOpvraging.bsn)
        .where(BrpOpvraging.uitkomst == uitkomst, BrpOpvraging.volgende_poging_at <= now)
        .order_by(BrpOpvraging.volgende_poging_at, BrpOpvraging.id)
        .limit(limit)
    )
    return [(row.gemeente, row.bsn) for row in rows]


def nooit_gevraagd(session: Session, status: str, limit: int) -> list[tuple[str, str]]:
    """(gemeente, BSN) of clients with a verzoek in `status` and no BRP request, oldest first."""
    rows = session.execute(
        select(Verzoek.gemeente, Verzoek.bsn)
        .outerjoin(
            BrpOpvraging,
            (BrpOpvraging.gemeente == Verzoek.gemeente) & (BrpOpvraging.bsn == Verzoek.bsn),
        )
        .where(Verzoek.status == status, BrpOpvraging.id.is_(None))
        .group_by(Verzoek.gemeente, Verzoek.bsn)
        .order_by(func.min(Verzoek.id))
        .limit(limit)
    )
    return [(row.gemeente, row.bsn) for row in rows]
