"""Queries on recorded referrals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.persistence.models import Verwijzing, Verzoek


def verwijzing(
    session: Session, gemeente: str, aanbieder: str, referentie: str
) -> Verwijzing | None:
    """The referral recorded behind one ReferentieAanbieder of an aanbieder, if any."""
    return session.scalar(
        select(Verwijzing).where(
            Verwijzing.gemeente == gemeente,
            Verwijzing.aanbieder == aanbieder,
            Verwijzing.referentie_aanbieder == referentie,
        )
    )


def verzoek_bestaat(session: Session, gemeente: str, aanbieder: str, referentie: str) -> bool:
    """Whether the request with this ReferentieAanbieder has arrived."""
    return bool(
        session.scalar(
            select(
                exists().where(
                    Verzoek.gemeente == gemeente,
                    Verzoek.aanbieder == aanbieder,
                    Verzoek.referentie_aanbieder == referentie,
                )
            )
        )
    )


def verwijzingsdatum(session: Session, verzoek_id: int) -> date | None:
    """The date of the verwijzing a verzoek refers to, if one is recorded."""
    return session.scalar(
        select(Verwijzing.datum_date)
        .join(
            Verzoek,
            (Verzoek.gemeente == Verwijzing.gemeente)
            & (Verzoek.aanbieder == Verwijzing.aanbieder)
            & (Verzoek.referentie_aanbieder == Verwijzing.referentie_aanbieder),
        )
        .where(Verzoek.id == verzoek_id)
    )
