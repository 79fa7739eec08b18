"""Queries and writes on messages (in and out), their claims, receipts, and starts and stops."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Executable,
    Insert,
    Row,
    bindparam,
    func,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.orm import Session

from app.persistence.deferred import write
from app.persistence.models import Base, Bericht, BerichtSleutel, Ontvangst, StartZorg, StopZorg

IN = "in"
UIT = "uit"

ACTIEF = "actief"
VERWIJDERD = "verwijderd"
"""The status of a stored start or stop: active, or deleted by a later message."""


STORED = (
    Bericht.id,
    Bericht.type,
    Bericht.afzender,
    Bericht.ontvanger,
    Bericht.sha256,
    Bericht.uitkomst,
    Bericht.retourcodes,
    Bericht.beantwoordt_id,
)
"""The columns the ingest flow needs of a stored message (no XML)."""

# Built once: the ingest flow runs these for every message.
_CLAIMED_BY = (
    select(*STORED)
    .join(BerichtSleutel, BerichtSleutel.bericht_id == Bericht.id)
    .where(
        BerichtSleutel.afzender == bindparam("afzender"),
        BerichtSleutel.berichtcode == bindparam("berichtcode"),
        BerichtSleutel.identificatie == bindparam("identificatie"),
    )
)
_LOCK = select(func.pg_advisory_xact_lock(bindparam("lock")).label("locked")).subquery()
_CLAIM = _CLAIMED_BY.subquery()
_LOCKED_CLAIMED_BY = select(*_CLAIM.c).select_from(_LOCK.outerjoin(_CLAIM, true()))
"""The lock's one-row FROM makes it run whatever the lookup finds; the claim joins onto it."""
_SAME_MESSAGE = (
    select(*STORED)
    .where(
        Bericht.gemeente == bindparam("gemeente"),
        Bericht.type == bindparam("type"),
        Bericht.identificatie == bindparam("identificatie"),
        Bericht.richting == IN,
        Bericht.sha256 == bindparam("sha256"),
    )
    .order_by(Bericht.id)
    .limit(1)
)
_ANSWER_XML = select(Bericht.xml).where(
    Bericht.beantwoordt_id == bindparam("bericht_id"), Bericht.richting == UIT
)
_INSERT_BERICHT = insert(Bericht.__table__).returning(Bericht.__table__.c.id)
_STORE_BERICHT = insert(Bericht.__table__)
_NEXT = func.nextval(func.pg_get_serial_sequence("bericht", "id"))
_INSERT_BERICHT_RESERVING = insert(Bericht.__table__).returning(
    Bericht.__table__.c.id, _NEXT.label("reserved")
)
"""On PostgreSQL an insert also reserves the id of the answer to come, in the same round trip."""
_INSERT_SLEUTEL = insert(BerichtSleutel.__table__)
_INSERT_ONTVANGST = insert(Ontvangst.__table__)


def claimed_by(
    session: Session,
    afzender: str,
    berichtcode: str,
    identificatie: str,
    *,
    lock: int | None = None,
) -> Row | None:
    """The message that claimed this identification, if any (columns of `STORED`).

    With `lock`, first take that PostgreSQL transaction-level advisory lock in the same round
    trip. The lookup may then miss a claim committed while it waited; the claim's primary key
    still refuses the twin, and the caller retries.
    """
    params = {"afzender": afzender, "berichtcode": berichtcode, "identificatie": identificatie}
    if lock is None:
        return session.connection().execute(_CLAIMED_BY, params).first()
    row = session.connection().execute(_LOCKED_CLAIMED_BY, params | {"lock": lock}).first()
    return row if row is not None and row.id is not None else None


def claim(session: Session, *claims: tuple[str, str, str, int]) -> None:
    """Claim identifications (afzender, berichtcode, identificatie, bericht id) in one statement.

    The primary key refuses a second claim of the same identification: that, not a prior
    lookup, decides between concurrent twins.
    """
    write(
        session,
        _INSERT_SLEUTEL,
        [
            {"afzender": a, "berichtcode": c, "identificatie": i, "bericht_id": b}
            for a, c, i, b in claims
        ],
    )


_NEXT_ID: dict[str, Executable] = {
    "postgresql": text("SELECT nextval(pg_get_serial_sequence('bericht', 'id'))"),
    # SQLite runs one writing transaction at a time (BEGIN IMMEDIATE): the next id is free.
    "sqlite": select(func.coalesce(func.max(Bericht.id), 0) + 1),
}


def reserve_bericht_id(session: Session) -> int:
    """An id for a message to insert later with it (its XML must name it before the insert)."""
    statement = _NEXT_ID[session.get_bind().dialect.name]
    return session.connection().execute(statement).scalar_one()


def insert_bericht(session: Session, **values: Any) -> int:
    """Store a message and return its id (a reserved one given as `id` needs no answer)."""
    if values.get("id") is not None:
        write(session, _STORE_BERICHT, values)
        return values["id"]
    return session.connection().execute(_INSERT_BERICHT, values).scalar_one()


def insert_bericht_reserving(session: Session, **values: Any) -> tuple[int, int | None]:
    """Store a message; its id, and on PostgreSQL an id reserved for the next one (else None)."""
    if session.get_bind().dialect.name != "postgresql":
        return insert_bericht(session, **values), None
    row = session.connection().execute(_INSERT_BERICHT_RESERVING, values).one()
    return row.id, row.reserved


def insert_rows(session: Session, table: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert rows into a table in one statement."""
    write(session, _insert(table), rows)


@cache
def _insert(table: type[Base]) -> Insert:
    return insert(table.__table__)


def same_message(
    session: Session, gemeente: str, type_: str, identificatie: str, sha256: str
) -> Row | None:
    """An earlier received message with exactly these bytes (e.g. a rejected duplicate)."""
    params = {"gemeente": gemeente, "type": type_, "identificatie": identificatie, "sha256": sha256}
    return session.connection().execute(_SAME_MESSAGE, params).first()


def answer_xml(session: Session, bericht_id: int) -> bytes | None:
    """The XML of the retour we sent in answer to a received message."""
    return session.connection().execute(_ANSWER_XML, {"bericht_id": bericht_id}).scalar()


def sent_message(
    session: Session, gemeente: str, aanbieder: str, berichtcode: str, identificatie: str
) -> Bericht | None:
    """One of our own outgoing heenberichten (JW301, JW319) to this aanbieder, by identification."""
    return session.scalar(
        select(Bericht).where(
            Bericht.richting == UIT,
            Bericht.gemeente == gemeente,
            Bericht.ontvanger == aanbieder,
            Bericht.berichtcode == berichtcode,
            Bericht.identificatie == identificatie,
        )
    )


def record_ontvangst(session: Session, **values: Any) -> None:
    """Write the record of one POST."""
    values.setdefault("detail", None)
    values.setdefault("bericht_id", None)
    values.setdefault("key_id", None)
    write(session, _INSERT_ONTVANGST, values)


def delete_regie(
    session: Session, table: type[StartZorg | StopZorg], where: dict[str, Any], door: int
) -> int:
    """Mark matching active starts or stops deleted; returns how many."""
    conditions = [
        getattr(table, name).is_(None) if value is None else getattr(table, name) == value
        for name, value in where.items()
    ]
    # An UPDATE's result is a CursorResult (with rowcount); Session.execute declares only Result.
    result = cast(
        CursorResult,
        session.execute(
            update(table)
            .where(table.status == ACTIEF, *conditions)
            .values(status=VERWIJDERD, verwijderd_door_id=door)
        ),
    )
    return result.rowcount


def actieve_start(session: Session, gemeente: str, toewijzing_nummer: int) -> int | None:
    """The id of an active start of care on a toewijzing, if any."""
    return session.scalar(
        select(StartZorg.id)
        .where(
            StartZorg.gemeente == gemeente,
            StartZorg.toewijzing_nummer == toewijzing_nummer,
            StartZorg.status == ACTIEF,
        )
        .limit(1)
    )


def actieve_stop(
    session: Session, gemeente: str, toewijzing_nummer: int, *, reden: str | None = None
) -> int | None:
    """The id of an active stop of care on a toewijzing, with this reason if given; if any."""
    query = select(StopZorg.id).where(
        StopZorg.gemeente == gemeente,
        StopZorg.toewijzing_nummer == toewijzing_nummer,
        StopZorg.status == ACTIEF,
    )
    if reden is not None:
        query = query.where(StopZorg.reden_beeindiging == reden)
    return session.scalar(query.limit(1))


def laatste_start(session: Session, gemeente: str, toewijzing_nummer: int) -> StartZorg | None:
    """The toewijzing's start (JW305) not withdrawn with the latest begindatum."""
    return session.scalars(
        select(StartZorg)
        .where(
            StartZorg.gemeente == gemeente,
            StartZorg.toewijzing_nummer == toewijzing_nummer,
            StartZorg.verwijderd_door_id.is_(None),
        )
        .order_by(StartZorg.begindatum_date.desc())
    ).first()
