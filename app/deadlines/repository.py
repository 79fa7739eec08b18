"""Queries on signals and the regional records that answer them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from app.deadlines.service import TOEWIJZING
from app.persistence.models import ApiKey, Signaal, TermijnVastlegging, Toewijzing


def toewijzing(
    session: Session, gemeente: str, nummer: int, *, aanbieder: str | None = None
) -> Toewijzing | None:
    """A toewijzing by gemeente and number; with `aanbieder`, only if it is that aanbieder's."""
    query = select(Toewijzing).where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
    if aanbieder is not None:
        query = query.where(Toewijzing.aanbieder == aanbieder)
    return session.scalar(query)


def toewijzing_signaal(session: Session, soort: str, toewijzing_id: int) -> Row | None:
    """The signal of this kind about a toewijzing: its window, due date, state and lateness."""
    return session.execute(
        select(Signaal.vanaf_date, Signaal.due_date, Signaal.status, Signaal.te_laat).where(
            Signaal.soort == soort,
            Signaal.onderwerp == TOEWIJZING,
            Signaal.onderwerp_id == toewijzing_id,
        )
    ).first()


def voeg_toe(
    session: Session,
    *,
    toewijzing_id: int,
    soort: str,
    datum: date,
    details: dict,
    vastgelegd_door: str,
    vastgelegd_rol: str,
    key_id: int,
    now: datetime,
) -> TermijnVastlegging:
    """Store one regional record (its id flushed)."""
    record = TermijnVastlegging(
        toewijzing_id=toewijzing_id,
        soort=soort,
        datum_date=datum,
        details=details,
        vastgelegd_door=vastgelegd_door,
        vastgelegd_rol=vastgelegd_rol,
        key_id=key_id,
        vastgelegd_at=now,
    )
    session.add(record)
    session.flush()
    return record


def vastleggingen(session: Session, toewijzing_id: int) -> list[Row]:
    """A toewijzing's regional records, oldest first, with the name of the key that made them."""
    return list(
        session.execute(
            select(
                TermijnVastlegging.id,
                TermijnVastlegging.soort,
                TermijnVastlegging.datum_date,
                TermijnVastlegging.details,
                TermijnVastlegging.vastgelegd_door,
                TermijnVastlegging.vastgelegd_rol,
                TermijnVastlegging.key_id,
                TermijnVastlegging.vastgelegd_at,
                ApiKey.naam.label("key_naam"),
            )
            .outerjoin(ApiKey, ApiKey.id == TermijnVastlegging.key_id)
            .where(TermijnVastlegging.toewijzing_id == toewijzing_id)
            .order_by(TermijnVastlegging.id)
        )
    )
