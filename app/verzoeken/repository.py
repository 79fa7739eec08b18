"""Queries the decisions need: requests, recorded agreements and referrals."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import and_, exists, insert, select
from sqlalchemy.orm import Session, aliased

from app.decisions.beslissing import Beslissing
from app.decisions.context import Verwijzing as VerwijzingFeiten
from app.decisions.context import Vooroverleg, VooroverlegKind
from app.ijw.views import Product
from app.persistence.models import Beslissing as BeslissingRow
from app.persistence.models import Verwijzing, Verzoek
from app.persistence.models import Vooroverleg as VooroverlegRow
from app.persistence.state import TOEGEKEND


def verzoeken_van_bericht(session: Session, bericht_id: int) -> list[Verzoek]:
    """The requests one JW315 or JW317 brought, in message order."""
    return list(
        session.scalars(
            select(Verzoek).where(Verzoek.bericht_id == bericht_id).order_by(Verzoek.id)
        )
    )


def vooroverleggen(
    session: Session, gemeente: str, aanbieder: str, bsn: str
) -> tuple[Vooroverleg, ...]:
    """Every vooroverleg recorded for this client at this aanbieder."""
    rows = session.scalars(
        select(VooroverlegRow).where(
            VooroverlegRow.gemeente == gemeente,
            VooroverlegRow.aanbieder == aanbieder,
            VooroverlegRow.bsn == bsn,
        )
    )
    return tuple(
        Vooroverleg(
            gemeente=row.gemeente,
            aanbieder=row.aanbieder,
            bsn=row.bsn,
            product=Product(row.categorie, row.code),
            max_minutes=row.max_minuten,
            end_date=row.einddatum_date,
            kind=VooroverlegKind(row.soort),
        )
        for row in rows
    )


def verwijzing_van(session: Session, verzoek: Verzoek) -> Verwijzing | None:
    """The referral recorded for a request's ReferentieAanbieder, if any."""
    return session.scalar(
        select(Verwijzing).where(
            Verwijzing.gemeente == verzoek.gemeente,
            Verwijzing.aanbieder == verzoek.aanbieder,
            Verwijzing.referentie_aanbieder == verzoek.referentie_aanbieder,
        )
    )


def verwijzing_sleutel(verwijzing: Verwijzing, verzoek: Verzoek) -> tuple:
    """What makes a referral the same one: date, referrer, client and product (rule A7)."""
    referrer = verwijzing.verwijzer_code or verwijzing.verwijzer_naam
    return (
        verwijzing.datum_date,
        verwijzing.verwijzer_type,
        referrer,
        verzoek.bsn,
        verzoek.categorie,
        verzoek.code,
    )


def verwijzing_feiten(
    session: Session, verzoek: Verzoek, granted_here: frozenset[tuple] = frozenset()
) -> tuple[VerwijzingFeiten, tuple | None]:
    """What is known of the request's referral (its date, whether a grant already used it).

    `granted_here` holds the referrals that products of the same message were granted on.
    Also returns the referral's key, None when no referral is recorded.
    """
    verwijzing = verwijzing_van(session, verzoek)
    if verwijzing is None:
        return VerwijzingFeiten(), None
    key = verwijzing_sleutel(verwijzing, verzoek)
    if key in granted_here:
        return VerwijzingFeiten(letter_date=verwijzing.datum_date, used_before=True), key
    other, earlier = aliased(Verzoek), aliased(Verwijzing)
    same_referrer = (
        earlier.verwijzer_code == verwijzing.verwijzer_code
        if verwijzing.verwijzer_code is not None
        else earlier.verwijzer_naam == verwijzing.verwijzer_naam
    )
    used = session.scalar(
        select(
            exists().where(
                and_(
                    other.id != verzoek.id,
                    other.gemeente == verzoek.gemeente,
                    other.bsn == verzoek.bsn,
                    other.status == TOEGEKEND,
                    other.categorie == verzoek.categorie,
                    _same(other.code, verzoek.code),
                    earlier.gemeente == other.gemeente,
                    earlier.aanbieder == other.aanbieder,
                    earlier.referentie_aanbieder == other.referentie_aanbieder,
                    earlier.datum_date == verwijzing.datum_date,
                    earlier.verwijzer_type == verwijzing.verwijzer_type,
                    same_referrer,
                )
            )
        )
    )
    return VerwijzingFeiten(letter_date=verwijzing.datum_date, used_before=bool(used)), key


def _same(column, value):
    return column.is_(None) if value is None else column == value


_INSERT_BESLISSING = insert(BeslissingRow.__table__)


def record_beslissing(
    session: Session,
    verzoek: Verzoek,
    beslissing: Beslissing,
    *,
    at: datetime,
    uitkomst: str | None = None,
    reden_afwijzing: str | None = None,
    bericht_id: int | None = None,
) -> None:
    """Store a decision record for a request."""
    session.connection().execute(
        _INSERT_BESLISSING,
        {
            "verzoek_id": verzoek.id,
            "regelset": beslissing.rule_set,
            "regel": beslissing.rule,
            "uitkomst": uitkomst or beslissing.outcome.value,
            "figuren": _json(asdict(beslissing.figures)),
            "redenen": list(beslissing.reasons),
            "reden_afwijzing": reden_afwijzing,
            "besloten_door": beslissing.besloten_door,
            "besloten_at": at,
            "bericht_id": bericht_id,
        },
    )


def _json(figures: dict) -> dict:
    return {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in figures.items()
    }


def beslissingen(session: Session, verzoek_ids: list[int]) -> dict[int, list[BeslissingRow]]:
    """Decision records per request, oldest first."""
    found: dict[int, list[BeslissingRow]] = {verzoek_id: [] for verzoek_id in verzoek_ids}
    if verzoek_ids:
        rows = session.scalars(
            select(BeslissingRow)
            .where(BeslissingRow.verzoek_id.in_(verzoek_ids))
            .order_by(BeslissingRow.id)
        )
        for row in rows:
            found[row.verzoek_id].append(row)
    return found
