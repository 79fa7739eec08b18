"""Queries on signals and the regional records that answer them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, Row, bindparam, exists, func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import keyset
from app.deadlines.policy import Soort
from app.deadlines.signalen import OPEN, OVERDUE, TOEWIJZING
from app.persistence.models import (
    ApiKey,
    Bericht,
    Beslissing,
    Client,
    Outbox,
    Signaal,
    TermijnVastlegging,
    Toewijzing,
    Verzoek,
)


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
    key_id: int | None,
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


@dataclass(frozen=True, slots=True)
class SignaalFilters:
    """The filters of a list of signals."""

    soort: str | None
    statussen: tuple[str, ...]
    """The states shown; empty: every state."""
    gemeente: str | None
    aanbieder: str | None
    due_voor: date | None
    zichtbaar: bool
    after: str | None
    """`due_date.id` of the last signal of the previous page."""
    verborgen: tuple[str, ...] = ()
    """Kinds left out (an aanbieder never sees the gemeente's own `clientgegevens`)."""


_T = Signaal.__table__
_COLUMNS = (
    _T.c.id,
    _T.c.soort,
    _T.c.onderwerp,
    _T.c.onderwerp_id,
    _T.c.gemeente,
    _T.c.aanbieder,
    _T.c.vanaf_date,
    _T.c.due_date,
    _T.c.status,
    _T.c.te_laat,
    _T.c.detail,
    _T.c.changed_at,
)


def signalen(
    session: Session,
    filters: SignaalFilters,
    gemeenten: frozenset[str] | None,
    today: date,
    limit: int,
) -> list[Row]:
    """Signals by due date, then id: one page and one row more, to tell whether more follow."""
    query = select(*_COLUMNS)
    if gemeenten is not None:
        query = query.where(_T.c.gemeente.in_(sorted(gemeenten)))
    if filters.soort is not None:
        query = query.where(_T.c.soort == filters.soort)
    if filters.verborgen:
        query = query.where(_T.c.soort.not_in(filters.verborgen))
    if filters.statussen:
        query = query.where(_T.c.status.in_(filters.statussen))
    if filters.aanbieder is not None:
        query = query.where(_T.c.aanbieder == filters.aanbieder)
    if filters.due_voor is not None:
        query = query.where(_T.c.due_date < filters.due_voor)
    if filters.zichtbaar:
        query = query.where(_T.c.vanaf_date <= today)
    if filters.after is not None:
        query = query.where(keyset.na(_T.c.due_date, _T.c.id, filters.after))
    return list(session.execute(query.order_by(_T.c.due_date, _T.c.id).limit(limit + 1)))


def signalen_over(session: Session, onderwerp: str, onderwerp_id: int) -> list[Row]:
    """Every signal about one subject, by due date."""
    return list(
        session.execute(
            select(*_COLUMNS)
            .where(_T.c.onderwerp == onderwerp, _T.c.onderwerp_id == onderwerp_id)
            .order_by(_T.c.due_date, _T.c.id)
        )
    )


def verzoeken(session: Session, ids: set[int]) -> dict[int, Row]:
    """What signals about requests show of them, by id."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            Verzoek.id,
            Verzoek.soort,
            Verzoek.gemeente,
            Verzoek.referentie_aanbieder,
            Verzoek.categorie,
            Verzoek.code,
            Verzoek.bsn,
        ).where(Verzoek.id.in_(sorted(ids)))
    )
    return {row.id: row for row in rows}


def toewijzingen(session: Session, ids: set[int]) -> dict[int, Row]:
    """What signals about toewijzingen show of them, by id."""
    if not ids:
        return {}
    rows = session.execute(
        select(
            Toewijzing.id,
            Toewijzing.nummer,
            Toewijzing.gemeente,
            Toewijzing.referentie_aanbieder,
            Toewijzing.categorie,
            Toewijzing.code,
            Toewijzing.bsn,
        ).where(Toewijzing.id.in_(sorted(ids)))
    )
    return {row.id: row for row in rows}


def berichten(session: Session, ids: set[int]) -> dict[int, Row]:
    """Our messages that signals are about: type, Identificatie, client and the request answered."""
    if not ids:
        return {}
    referentie = (
        select(Verzoek.referentie_aanbieder)
        .join(Beslissing, Beslissing.verzoek_id == Verzoek.id)
        .where(Beslissing.bericht_id == Bericht.id)
        .order_by(Verzoek.id)
        .limit(1)
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            Bericht.id,
            Bericht.type,
            Bericht.identificatie,
            Bericht.gemeente,
            Outbox.bsn,
            referentie.label("referentie_aanbieder"),
        )
        .outerjoin(Outbox, Outbox.bericht_id == Bericht.id)
        .where(Bericht.id.in_(sorted(ids)))
    )
    return {row.id: row for row in rows}


def namen(session: Session, clienten: set[tuple[str, str]]) -> dict[tuple[str, str], Row]:
    """The names the gemeente knows of clients, by (gemeente, BSN)."""
    if not clienten:
        return {}
    gemeenten = sorted({gemeente for gemeente, _ in clienten})
    bsns = sorted({bsn for _, bsn in clienten})
    rows = session.execute(
        select(
            Client.gemeente, Client.bsn, Client.voorletters, Client.voorvoegsel, Client.achternaam
        ).where(Client.gemeente.in_(gemeenten), Client.bsn.in_(bsns))
    )
    return {(row.gemeente, row.bsn): row for row in rows}


def signaal(session: Session, signaal_id: int) -> Row | None:
    """One signal by id, with the columns a list shows."""
    return session.execute(select(*_COLUMNS).where(_T.c.id == signaal_id)).first()


_OVERDUE_BY_SOORT = (
    select(Signaal.soort, func.count()).where(Signaal.status == OVERDUE).group_by(Signaal.soort)
)


def overdue_per_soort(engine: Engine) -> dict[str, int] | None:
    """Overdue signals per kind, through the (status, due_date) index; None without a database."""
    try:
        with engine.connect() as connection:
            return {soort: count for soort, count in connection.execute(_OVERDUE_BY_SOORT)}
    except OperationalError:
        # The message counters still matter when the database is down; absent gauges say so.
        return None


_T = Signaal.__table__
SCAN_LOCK = 0x696A77_5343414E
"""The PostgreSQL advisory lock one scan holds at a time, whichever process or host runs it."""
_LOCK = select(func.pg_advisory_xact_lock(SCAN_LOCK))
_OVERDUE = (
    update(_T)
    .where(_T.c.status == OPEN, _T.c.due_date < bindparam("today"))
    .values(status=OVERDUE, changed_at=bindparam("now"))
)
_REOPEN = (
    update(_T)
    .where(_T.c.status == OVERDUE, _T.c.due_date >= bindparam("from_date"))
    .values(status=OPEN, changed_at=bindparam("now"))
)
_WOULD_TURN_OVERDUE = (
    select(Signaal)
    .where(Signaal.status == OPEN, Signaal.due_date < bindparam("today"))
    .order_by(Signaal.due_date, Signaal.id)
)
_ZONDER_SIGNAAL = (
    select(Toewijzing)
    .where(
        ~exists().where(
            Signaal.onderwerp == TOEWIJZING,
            Signaal.onderwerp_id == Toewijzing.id,
            Signaal.soort.in_((Soort.START_ZORG, Soort.STOP_ZORG)),
        )
    )
    .order_by(Toewijzing.id)
)


def scan_lock(session: Session) -> None:
    """On PostgreSQL, wait for and hold the scan lock until the transaction ends."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Scans of several servers queue here instead of contending for the same rows; the
        # next finds nothing left to mark. SQLite serialises writing transactions already.
        connection.execute(_LOCK)


def heropen(session: Session, from_date: date, now: datetime) -> int:
    """Reopen the overdue signals due on or after `from_date`; how many."""
    return session.connection().execute(_REOPEN, {"from_date": from_date, "now": now}).rowcount


def markeer_overdue(session: Session, today: date, now: datetime) -> int:
    """Mark every open signal due before `today` overdue; how many."""
    return session.connection().execute(_OVERDUE, {"today": today, "now": now}).rowcount


def would_turn_overdue(session: Session, today: date) -> list[Signaal]:
    """The open signals due before `today`, by due date."""
    return list(session.scalars(_WOULD_TURN_OVERDUE, {"today": today}))


def zonder_signaal(session: Session, after: int, batch: int) -> list[Toewijzing]:
    """Up to `batch` toewijzingen past id `after` without a start or stop signal, by id."""
    return list(session.scalars(_ZONDER_SIGNAAL.where(Toewijzing.id > after).limit(batch)))
