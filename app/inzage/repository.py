"""Queries of the look-ups: toewijzingen with their history, requests, referrals."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from app.persistence.models import (
    ApiKey,
    Bericht,
    Client,
    StartZorg,
    StopZorg,
    Toewijzing,
    ToewijzingVersie,
    Verwijzing,
    Verzoek,
)


def toewijzing(session: Session, gemeente: str, nummer: int) -> Toewijzing | None:
    """A toewijzing by gemeente and ToewijzingNummer."""
    return session.scalar(
        select(Toewijzing).where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
    )


def toewijzing_op_id(session: Session, toewijzing_id: int) -> Toewijzing | None:
    """A toewijzing by its row id."""
    return session.get(Toewijzing, toewijzing_id)


def versies(session: Session, toewijzing_id: int) -> list[Row]:
    """Every version of a toewijzing, oldest first, with the JW301 that carried it."""
    return list(
        session.execute(
            select(ToewijzingVersie, Bericht.identificatie)
            .outerjoin(Bericht, Bericht.id == ToewijzingVersie.bericht_id)
            .where(ToewijzingVersie.toewijzing_id == toewijzing_id)
            .order_by(ToewijzingVersie.versie)
        )
    )


def starts(session: Session, gemeente: str, nummer: int) -> list[Row]:
    """The JW305 StartProducts on a toewijzing, oldest first, deleted ones included."""
    return list(
        session.execute(
            select(StartZorg, Bericht.identificatie)
            .join(Bericht, Bericht.id == StartZorg.bericht_id)
            .where(StartZorg.gemeente == gemeente, StartZorg.toewijzing_nummer == nummer)
            .order_by(StartZorg.id)
        )
    )


def stops(session: Session, gemeente: str, nummer: int) -> list[Row]:
    """The JW307 StopProducts on a toewijzing, oldest first, deleted ones included."""
    return list(
        session.execute(
            select(StopZorg, Bericht.identificatie)
            .join(Bericht, Bericht.id == StopZorg.bericht_id)
            .where(StopZorg.gemeente == gemeente, StopZorg.toewijzing_nummer == nummer)
            .order_by(StopZorg.id)
        )
    )


def verzoek(session: Session, verzoek_id: int) -> Verzoek | None:
    """A request by id."""
    return session.get(Verzoek, verzoek_id)


def verwijzing(session: Session, gemeente: str, aanbieder: str, referentie: str) -> Row | None:
    """The referral recorded behind a ReferentieAanbieder, with the name of the key that did."""
    return session.execute(
        select(Verwijzing, ApiKey.naam.label("key_naam"))
        .outerjoin(ApiKey, ApiKey.id == Verwijzing.key_id)
        .where(
            Verwijzing.gemeente == gemeente,
            Verwijzing.aanbieder == aanbieder,
            Verwijzing.referentie_aanbieder == referentie,
        )
    ).first()


def client(session: Session, gemeente: str, bsn: str) -> Client | None:
    """The client data the gemeente holds."""
    return session.scalar(select(Client).where(Client.gemeente == gemeente, Client.bsn == bsn))


def verzoeken_van_client(session: Session, gemeenten: Iterable[str], bsn: str) -> list[Verzoek]:
    """A client's requests in these gemeenten, newest first."""
    return list(
        session.scalars(
            select(Verzoek)
            .where(Verzoek.gemeente.in_(sorted(gemeenten)), Verzoek.bsn == bsn)
            .order_by(Verzoek.id.desc())
        )
    )


def toewijzingen_van_client(
    session: Session, gemeenten: Iterable[str], bsn: str
) -> list[Toewijzing]:
    """A client's toewijzingen in these gemeenten, by gemeente and number."""
    return list(
        session.scalars(
            select(Toewijzing)
            .where(Toewijzing.gemeente.in_(sorted(gemeenten)), Toewijzing.bsn == bsn)
            .order_by(Toewijzing.gemeente, Toewijzing.nummer)
        )
    )


def verzoeken(
    session: Session,
    gemeenten: Iterable[str],
    *,
    referentie_aanbieder: str | None,
    status: str | None,
    aanbieder: str | None,
    after: int | None,
    limit: int,
) -> list[Verzoek]:
    """Requests newest first, after the cursor id: one page and one more, to tell if more follow."""
    query = select(Verzoek).where(Verzoek.gemeente.in_(sorted(gemeenten)))
    if referentie_aanbieder is not None:
        query = query.where(Verzoek.referentie_aanbieder == referentie_aanbieder)
    if status is not None:
        query = query.where(Verzoek.status == status)
    if aanbieder is not None:
        query = query.where(Verzoek.aanbieder == aanbieder)
    if after is not None:
        query = query.where(Verzoek.id < after)
    return list(session.scalars(query.order_by(Verzoek.id.desc()).limit(limit + 1)))


def toewijzing_nummers(session: Session, verzoek: Verzoek) -> dict[int | None, list[int]]:
    """The ToewijzingNummers that honour a request, per JW301 that carried them (by bericht id).

    A version honours the request when it carries its ReferentieAanbieder or its toewijzing was
    made on it; a toewijzing not yet sent (waiting for client data) is listed under None.
    """
    rows = session.execute(
        select(ToewijzingVersie.bericht_id, Toewijzing.nummer)
        .join(Toewijzing, Toewijzing.id == ToewijzingVersie.toewijzing_id)
        .where(
            Toewijzing.gemeente == verzoek.gemeente,
            Toewijzing.aanbieder == verzoek.aanbieder,
            or_(
                Toewijzing.verzoek_id == verzoek.id,
                ToewijzingVersie.referentie_aanbieder == verzoek.referentie_aanbieder,
            ),
        )
        .order_by(Toewijzing.nummer)
    )
    found: dict[int | None, list[int]] = {}
    for bericht_id, nummer in rows:
        nummers = found.setdefault(bericht_id, [])
        if nummer not in nummers:
            nummers.append(nummer)
    return found


def berichten(session: Session, ids: Iterable[int]) -> dict[int, Bericht]:
    """Stored messages by id (the answers the decisions sent)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {row.id: row for row in session.scalars(select(Bericht).where(Bericht.id.in_(wanted)))}


def verzoeken_met_referentie(
    session: Session, aanbieder: str | None, referentie: str, gemeente: str | None
) -> list[Verzoek]:
    """An aanbieder's requests with this ReferentieAanbieder, one per gemeente, by gemeente."""
    query = select(Verzoek).where(
        Verzoek.aanbieder == aanbieder, Verzoek.referentie_aanbieder == referentie
    )
    if gemeente is not None:
        query = query.where(Verzoek.gemeente == gemeente)
    return list(session.scalars(query.order_by(Verzoek.gemeente)))


def nummers_van_verzoek(session: Session, verzoek_id: int) -> list[int]:
    """The numbers of the toewijzingen granted on a request, ascending."""
    return list(
        session.scalars(
            select(Toewijzing.nummer)
            .where(Toewijzing.verzoek_id == verzoek_id)
            .order_by(Toewijzing.nummer)
        )
    )


def toewijzingen_bij_aanbieder(
    session: Session, aanbieder: str | None, bsn: str, gemeenten: Iterable[str], vandaag: date
) -> list[Toewijzing]:
    """A client's toewijzingen at an aanbieder not ended before today, by gemeente and number."""
    return list(
        session.scalars(
            select(Toewijzing)
            .where(
                Toewijzing.aanbieder == aanbieder,
                Toewijzing.bsn == bsn,
                Toewijzing.gemeente.in_(sorted(gemeenten)),
                or_(Toewijzing.einddatum_date.is_(None), Toewijzing.einddatum_date >= vandaag),
            )
            .order_by(Toewijzing.gemeente, Toewijzing.nummer)
        )
    )
