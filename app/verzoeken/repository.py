"""Queries the decisions need: requests, recorded agreements and referrals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, datetime

from sqlalchemy import Row, and_, bindparam, exists, insert, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import set_committed_value

from app.decisions.beslissing import Beslissing
from app.decisions.context import Verwijzing as VerwijzingFeiten
from app.decisions.context import Vooroverleg, VooroverlegKind
from app.ijw.views import Product
from app.persistence.models import Beslissing as BeslissingRow
from app.persistence.models import Verwijzing, Verzoek
from app.persistence.models import Vooroverleg as VooroverlegRow
from app.persistence.state import TOEGEKEND

_SET_STATUS = (
    update(Verzoek.__table__)
    .where(Verzoek.__table__.c.id == bindparam("verzoek_id"))
    .values(status=bindparam("status"), beantwoord_at=bindparam("beantwoord_at"))
)


def zet_status(
    session: Session, verzoek: Verzoek, status: str, *, beantwoord_at: datetime | None = None
) -> None:
    """Record a request's new status in one statement, and on the object without a flush."""
    beantwoord_at = beantwoord_at or verzoek.beantwoord_at
    session.connection().execute(
        _SET_STATUS,
        {"verzoek_id": verzoek.id, "status": status, "beantwoord_at": beantwoord_at},
    )
    set_committed_value(verzoek, "status", status)
    set_committed_value(verzoek, "beantwoord_at", beantwoord_at)


_VOOROVERLEGGEN = select(VooroverlegRow.__table__).where(
    VooroverlegRow.__table__.c.gemeente == bindparam("gemeente"),
    VooroverlegRow.__table__.c.aanbieder == bindparam("aanbieder"),
    VooroverlegRow.__table__.c.bsn == bindparam("bsn"),
)


class Vooroverleggen:
    """The client's recorded vooroverleggen, read only when a rule asks for them."""

    def __init__(self, session: Session, gemeente: str, aanbieder: str, bsn: str) -> None:
        self._load = lambda: session.connection().execute(
            _VOOROVERLEGGEN, {"gemeente": gemeente, "aanbieder": aanbieder, "bsn": bsn}
        )
        self._found: tuple[Vooroverleg, ...] | None = None

    def __iter__(self) -> Iterator[Vooroverleg]:
        if self._found is None:
            self._found = tuple(_vooroverleg(row) for row in self._load())
        return iter(self._found)


def _vooroverleg(row) -> Vooroverleg:
    return Vooroverleg(
        gemeente=row.gemeente,
        aanbieder=row.aanbieder,
        bsn=row.bsn,
        product=Product(row.categorie, row.code),
        max_minutes=row.max_minuten,
        end_date=row.einddatum_date,
        kind=VooroverlegKind(row.soort),
    )


_VERWIJZING = select(Verwijzing.__table__).where(
    Verwijzing.__table__.c.gemeente == bindparam("gemeente"),
    Verwijzing.__table__.c.aanbieder == bindparam("aanbieder"),
    Verwijzing.__table__.c.referentie_aanbieder == bindparam("referentie"),
)


def verwijzing_van(session: Session, verzoek: Verzoek) -> Row | None:
    """The referral recorded for a request's ReferentieAanbieder, if any (a `verwijzing` row)."""
    params = {
        "gemeente": verzoek.gemeente,
        "aanbieder": verzoek.aanbieder,
        "referentie": verzoek.referentie_aanbieder,
    }
    return session.connection().execute(_VERWIJZING, params).first()


def verwijzing_sleutel(verwijzing: Row, verzoek: Verzoek) -> tuple:
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
