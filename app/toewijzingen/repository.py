"""Queries and writes on toewijzingen, their versions and the ToewijzingNummer series (TR332)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Row, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from app.ijw.views import Omvang, Product
from app.persistence.models import Base, Bericht, Nummerreeks, Toewijzing, ToewijzingVersie

M = TypeVar("M", bound=Base)

ToewijzingRow = Toewijzing | Row
"""A stored toewijzing: the ORM object, or a row selected with (at least) its columns."""

TOEWIJZING = "toewijzing"
"""The `reeks` of ToewijzingNummers (our own Identificaties are message ids, no series)."""

_TABLE = Nummerreeks.__table__
_BUMP = (
    update(_TABLE)
    .where(_TABLE.c.gemeente == bindparam("in_gemeente"), _TABLE.c.reeks == TOEWIJZING)
    .values(laatste=_TABLE.c.laatste + 1)
    .returning(_TABLE.c.laatste)
)
_START = insert(_TABLE)


def volgend_toewijzingnummer(session: Session, gemeente: str) -> int:
    """The gemeente's next ToewijzingNummer; the row lock serialises callers until commit."""
    connection = session.connection()
    bumped = connection.execute(_BUMP, {"in_gemeente": gemeente}).scalar()
    if bumped is not None:
        return bumped
    # A new series starts after any number already in use (toewijzingen made before it).
    highest = session.scalar(
        select(func.max(Toewijzing.nummer)).where(Toewijzing.gemeente == gemeente)
    )
    first = (highest or 0) + 1
    connection.execute(_START, {"gemeente": gemeente, "reeks": TOEWIJZING, "laatste": first})
    return first


def add(session: Session, row: M) -> M:
    """Insert an ORM row and return it with its id."""
    session.add(row)
    session.flush()
    return row


def create_toewijzing(
    session: Session,
    *,
    gemeente: str,
    nummer: int,
    aanbieder: str,
    bsn: str,
    product: Product | None,
    ingangsdatum: date,
    einddatum: date | None,
    toegewezen_at: datetime,
    omvang: Omvang | None = None,
    budget: int | None = None,
    referentie_aanbieder: str | None = None,
    verzoek_id: int | None = None,
    bericht_id: int | None = None,
    besloten_door: str | None = None,
) -> Toewijzing:
    """A new toewijzing with its first version."""
    fields = dict(
        categorie=product.categorie if product else None,
        code=product.code if product else None,
        ingangsdatum_date=ingangsdatum,
        einddatum_date=einddatum,
        reden_wijziging=None,
        volume=omvang.volume if omvang else None,
        eenheid=omvang.eenheid if omvang else None,
        frequentie=omvang.frequentie if omvang else None,
        budget=budget,
        referentie_aanbieder=referentie_aanbieder,
        toegewezen_at=toegewezen_at,
    )
    row = add(
        session,
        Toewijzing(
            gemeente=gemeente,
            nummer=nummer,
            aanbieder=aanbieder,
            bsn=bsn,
            versie=1,
            verzoek_id=verzoek_id,
            **fields,
        ),
    )
    add(
        session,
        ToewijzingVersie(
            toewijzing_id=row.id,
            versie=1,
            bericht_id=bericht_id,
            besloten_door=besloten_door,
            created_at=toegewezen_at,
            **fields,
        ),
    )
    return row


def change_toewijzing(
    session: Session,
    toewijzing: Toewijzing,
    *,
    toegewezen_at: datetime,
    bericht_id: int | None = None,
    besloten_door: str | None = None,
    **changes: Any,
) -> ToewijzingVersie:
    """Record a new version of a toewijzing (same ToewijzingNummer) with `changes` applied."""
    for name, value in changes.items():
        setattr(toewijzing, name, value)
    toewijzing.toegewezen_at = toegewezen_at
    toewijzing.versie += 1
    copied = {
        name: getattr(toewijzing, name)
        for name in (
            "categorie",
            "code",
            "ingangsdatum_date",
            "einddatum_date",
            "reden_wijziging",
            "volume",
            "eenheid",
            "frequentie",
            "budget",
            "referentie_aanbieder",
        )
    }
    return add(
        session,
        ToewijzingVersie(
            toewijzing_id=toewijzing.id,
            versie=toewijzing.versie,
            bericht_id=bericht_id,
            besloten_door=besloten_door,
            toegewezen_at=toegewezen_at,
            created_at=toegewezen_at,
            **copied,
        ),
    )


_EERSTE_VERSIE = (
    select(ToewijzingVersie.toegewezen_at)
    .where(ToewijzingVersie.toewijzing_id == Toewijzing.id, ToewijzingVersie.versie == 1)
    .scalar_subquery()
    .label("eerst_toegewezen_at")
)
_EERSTE_JW301 = (
    select(func.min(Bericht.dagtekening_date))
    .join(ToewijzingVersie, ToewijzingVersie.bericht_id == Bericht.id)
    .where(ToewijzingVersie.toewijzing_id == Toewijzing.id)
    .scalar_subquery()
    .label("eerst_verzonden_date")
)
STAND_COLUMNS = (*Toewijzing.__table__.c, _EERSTE_VERSIE, _EERSTE_JW301)
"""A toewijzing's columns with when its first version was decided and sent."""
_TOEWIJZING_MET_EERSTE = select(*STAND_COLUMNS).where(
    Toewijzing.gemeente == bindparam("gemeente"), Toewijzing.nummer == bindparam("nummer")
)


def toewijzing_met_eerste_versie(session: Session, gemeente: str, nummer: int) -> Row | None:
    """A toewijzing's columns, when its first version was decided and sent, in one query."""
    params = {"gemeente": gemeente, "nummer": nummer}
    return session.connection().execute(_TOEWIJZING_MET_EERSTE, params).first()


def voor_wijziging(session: Session, gemeente: str, nummer: int) -> Toewijzing | None:
    """A toewijzing by gemeente and number, locked until commit so two changes cannot race."""
    return session.scalar(
        select(Toewijzing)
        .where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
        .with_for_update()
    )


def van_client(session: Session, gemeente: str, aanbieder: str, bsn: str) -> list[Toewijzing]:
    """Every toewijzing of a client at an aanbieder, by number."""
    return list(
        session.scalars(
            select(Toewijzing)
            .where(
                Toewijzing.gemeente == gemeente,
                Toewijzing.aanbieder == aanbieder,
                Toewijzing.bsn == bsn,
            )
            .order_by(Toewijzing.nummer)
        )
    )


def koppel_bericht(session: Session, toewijzing_id: int, versie: int, bericht_id: int) -> None:
    """Record the JW301 that carried this version of a toewijzing."""
    session.execute(
        update(ToewijzingVersie)
        .where(
            ToewijzingVersie.toewijzing_id == toewijzing_id,
            ToewijzingVersie.versie == versie,
        )
        .values(bericht_id=bericht_id)
    )


def eerste_dagtekening(session: Session, toewijzing_id: int) -> date | None:
    """The Dagtekening of the first JW301 that carried a toewijzing; None before any went out."""
    return session.scalar(
        select(func.min(Bericht.dagtekening_date))
        .join(ToewijzingVersie, ToewijzingVersie.bericht_id == Bericht.id)
        .where(ToewijzingVersie.toewijzing_id == toewijzing_id)
    )


def eerste_toegewezen_at(session: Session, toewijzing_id: int) -> datetime | None:
    """When the first version of a toewijzing was decided."""
    return session.scalar(
        select(ToewijzingVersie.toegewezen_at).where(
            ToewijzingVersie.toewijzing_id == toewijzing_id, ToewijzingVersie.versie == 1
        )
    )


def met_nummer(
    session: Session, nummer: int, gemeente: str | None = None, limit: int = 2
) -> list[Toewijzing]:
    """Up to `limit` toewijzingen with this ToewijzingNummer, in the gemeente if one is given."""
    query = select(Toewijzing).where(Toewijzing.nummer == nummer)
    if gemeente:
        query = query.where(Toewijzing.gemeente == gemeente)
    return list(session.scalars(query.limit(limit)))


def van_verzoek(session: Session, verzoek_id: int) -> Toewijzing:
    """The one toewijzing a verzoek became."""
    return session.scalars(select(Toewijzing).where(Toewijzing.verzoek_id == verzoek_id)).one()


def aantal(session: Session) -> int:
    """The number of toewijzingen, over every gemeente."""
    return session.scalar(select(func.count()).select_from(Toewijzing)) or 0
