"""Every query on the outbox: queue a message, the pages brokers read, and delivery state.

Never commits. Every change of delivery state (claim, record an attempt, acknowledge, revive)
is a conditional UPDATE on the state it expects, so an acknowledgement, an operator or a second
dispatcher that got there first wins and the late writer changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Row, func, insert, select, update
from sqlalchemy.orm import Session

from app.clock import date_of
from app.deadlines import repository as signalen
from app.deadlines.policy import Soort
from app.persistence.deferred import write
from app.persistence.models import Bericht, Outbox

WACHTEND, BEZORGD, DOOD = "wachtend", "bezorgd", "dood"
"""An outbox row's states: owed to the broker, taken by it, given up on (an operator retries)."""

BEZORGING, BERICHT = Soort.BEZORGING, "bericht"
"""The signal a dead-lettered message raises: its kind and its subject."""

_T = Outbox.__table__
_QUEUE = insert(_T)


def queue(
    session: Session,
    *,
    bericht_id: int,
    gemeente: str,
    aanbieder: str,
    bsn: str | None,
    message_type: str,
    now: datetime,
) -> None:
    """Queue a stored outgoing message: owed to the broker from now on."""
    write(
        session,
        _QUEUE,
        {
            "bericht_id": bericht_id,
            "gemeente": gemeente,
            "aanbieder": aanbieder,
            "bsn": bsn,
            "type": message_type,
            "created_at": now,
        },
    )


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


@dataclass(frozen=True, slots=True)
class Zending:
    """A claimed message: what sending it takes. Only the ids and type are fit for logs."""

    outbox_id: int
    bericht_id: int
    type: str
    gemeente: str
    aanbieder: str
    pogingen: int
    xml: bytes


def _due(now: datetime) -> ColumnElement[bool]:
    return (_T.c.status == WACHTEND) & (
        _T.c.volgende_poging_at.is_(None) | (_T.c.volgende_poging_at <= now)
    )


def claim(session: Session, now: datetime, lease_until: datetime, limit: int) -> list[Zending]:
    """Lease up to `limit` due messages until `lease_until`, oldest first.

    On PostgreSQL the rows are locked with SKIP LOCKED, so concurrent dispatchers pick
    different rows without waiting; the lease (a later `volgende_poging_at`) then keeps them
    apart once this transaction commits. The UPDATE repeats the due test: on SQLite, which
    has no row locks, that alone keeps a row from being leased twice.
    """
    ids = (
        session.execute(
            select(_T.c.id)
            .where(_due(now))
            .order_by(_T.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        .scalars()
        .all()
    )
    if not ids:
        return []
    leased = (
        session.connection()
        .execute(
            update(_T)
            .where(_T.c.id.in_(ids), _due(now))
            .values(volgende_poging_at=lease_until)
            .returning(_T.c.id)
        )
        .scalars()
        .all()
    )
    if not leased:
        return []
    rows = session.execute(
        select(
            _T.c.id,
            _T.c.bericht_id,
            _T.c.type,
            _T.c.gemeente,
            _T.c.aanbieder,
            _T.c.pogingen,
            Bericht.xml,
        )
        .join(Bericht, Bericht.id == _T.c.bericht_id)
        .where(_T.c.id.in_(leased))
        .order_by(_T.c.id)
    )
    return [Zending(*row) for row in rows]


def delivered(session: Session, zending: Zending, now: datetime) -> bool:
    """Record that the broker took the message; False when it was no longer owed (acked)."""
    done = session.connection().execute(
        update(_T)
        .where(_T.c.id == zending.outbox_id, _T.c.status == WACHTEND)
        .values(
            status=BEZORGD,
            pogingen=_T.c.pogingen + 1,
            bezorgd_at=now,
            volgende_poging_at=None,
        )
    )
    if done.rowcount:
        _meet_signaal(session, zending.bericht_id, now)
    return bool(done.rowcount)


def failed(
    session: Session,
    zending: Zending,
    *,
    fout: str,
    now: datetime,
    next_at: datetime,
    max_pogingen: int,
) -> str | None:
    """Record a failed attempt: due again at `next_at`, or dead after `max_pogingen`.

    Returns the new status, or None when the row moved on meanwhile (acknowledged, or
    attempted by a dispatcher whose lease outlived ours). A dead message opens a signal.
    """
    pogingen = zending.pogingen + 1
    dood = pogingen >= max_pogingen
    status = DOOD if dood else WACHTEND
    done = session.connection().execute(
        update(_T)
        .where(
            _T.c.id == zending.outbox_id,
            _T.c.status == WACHTEND,
            _T.c.pogingen == zending.pogingen,
        )
        .values(
            status=status,
            pogingen=pogingen,
            laatste_fout=fout[:100],
            volgende_poging_at=None if dood else next_at,
        )
    )
    if not done.rowcount:
        return None
    if dood:
        signalen.open_signaal(
            session,
            BEZORGING,
            BERICHT,
            zending.bericht_id,
            gemeente=zending.gemeente,
            aanbieder=zending.aanbieder,
            due=date_of(now),
            now=now,
            detail=f"{zending.type} not delivered to the broker after {pogingen} attempts"
            f" (last: {fout[:100]})",
            heropen=True,
        )
    return status


def acknowledge(session: Session, outbox_id: int, now: datetime) -> Row | None:
    """A fetching broker has the message: never send it again. Idempotent; None if unknown."""
    done = session.connection().execute(
        update(_T)
        .where(_T.c.id == outbox_id, _T.c.bevestigd_at.is_(None))
        .values(
            status=BEZORGD,
            bevestigd_at=now,
            bezorgd_at=func.coalesce(_T.c.bezorgd_at, now),
            volgende_poging_at=None,
        )
    )
    row = state(session, outbox_id)
    if done.rowcount and row is not None:
        _meet_signaal(session, row.bericht_id, now)
    return row


def revive(session: Session, outbox_id: int) -> Row | None:
    """An operator's retry: a dead message is owed again now, with a fresh count of attempts.

    Its signal stays open until the message is delivered. None when the id is unknown.
    """
    session.connection().execute(
        update(_T)
        .where(_T.c.id == outbox_id, _T.c.status == DOOD)
        .values(status=WACHTEND, pogingen=0, volgende_poging_at=None)
    )
    return state(session, outbox_id)


_STATE = (
    _T.c.id,
    _T.c.bericht_id,
    _T.c.type,
    _T.c.status,
    _T.c.pogingen,
    _T.c.volgende_poging_at,
    _T.c.laatste_fout,
    _T.c.bezorgd_at,
    _T.c.bevestigd_at,
)


def state(session: Session, outbox_id: int) -> Row | None:
    """An outbox row's delivery state (no message content)."""
    return session.execute(select(*_STATE).where(_T.c.id == outbox_id)).first()


def dead(session: Session, limit: int) -> list[Row]:
    """The delivery state of dead-lettered messages, oldest first."""
    query = select(*_STATE).where(_T.c.status == DOOD).order_by(_T.c.id).limit(limit)
    return list(session.execute(query))


def _meet_signaal(session: Session, bericht_id: int, now: datetime) -> None:
    """A dead-lettered message that got through after all meets its signal."""
    signalen.meet_op(session, BEZORGING, BERICHT, bericht_id, today=date_of(now), now=now)


def onbeantwoord(session: Session, soorten: tuple[str, ...]) -> list[Row]:
    """Outbox id, type and XML of queued messages of these types no answer refers to yet."""
    beantwoord = select(Bericht.beantwoordt_id).where(Bericht.beantwoordt_id.is_not(None))
    return list(
        session.execute(
            select(Outbox.id, Bericht.type, Bericht.xml)
            .join(Bericht, Bericht.id == Outbox.bericht_id)
            .where(Bericht.type.in_(soorten), Bericht.id.not_in(beantwoord))
            .order_by(Outbox.id)
        ).all()
    )
