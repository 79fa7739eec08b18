"""Every query on signals and the regional records that answer them: reads, scan and writes."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import (
    ColumnElement,
    Date,
    Engine,
    Row,
    SQLColumnExpression,
    String,
    Update,
    and_,
    any_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app import keyset
from app.clock import date_of
from app.deadlines.policy import Soort
from app.deadlines.signalen import CLOSED, LOPEND, MET, OPEN, OVERDUE, TOEWIJZING
from app.persistence.deferred import write
from app.persistence.models import (
    ApiKey,
    Bericht,
    Beslissing,
    Client,
    Outbox,
    Signaal,
    SignaalScan,
    TermijnVastlegging,
    Toewijzing,
    Verzoek,
)

# Overdue is derived: a signal stored `open` and due before the scan's watermark `tot` is
# overdue, so a scan moves one date instead of rewriting every signal the calendar passed.
# Nothing stores `overdue` any more; a row an earlier version stored so shows overdue, and
# the next scan stores it back as `open` (the filters below read the derived form only).

_SCAN = SignaalScan.__table__
SCAN_TOT = func.coalesce(
    select(_SCAN.c.tot).where(_SCAN.c.id == 1).scalar_subquery(), literal(date.min, Date)
)
"""The date up to which the calendar has been scanned; the earliest date before any scan."""


def status_van(
    status: SQLColumnExpression[str], due_date: SQLColumnExpression[date]
) -> ColumnElement[str]:
    """A signal's effective state: `open` turns `overdue` once the scan passed its due date."""
    return case((and_(status == OPEN, due_date < SCAN_TOT), OVERDUE), else_=status)


def status_in(
    status: SQLColumnExpression[str],
    due_date: SQLColumnExpression[date],
    statussen: Collection[str],
) -> ColumnElement[bool]:
    """Whether the effective state is one of `statussen`, as ranges of the (status, due) index."""
    stored = set(statussen) - {OPEN, OVERDUE}
    conditions = []
    if OPEN in statussen and OVERDUE in statussen:
        stored |= {OPEN, OVERDUE}
    elif OPEN in statussen:
        conditions.append(and_(status == OPEN, due_date >= SCAN_TOT))
    elif OVERDUE in statussen:
        conditions.append(and_(status == OPEN, due_date < SCAN_TOT))
    if stored:
        conditions.insert(0, status.in_(sorted(stored)))
    return or_(*conditions)


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
        select(
            Signaal.vanaf_date,
            Signaal.due_date,
            status_van(Signaal.status, Signaal.due_date).label("status"),
            Signaal.te_laat,
        ).where(
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
_STATUS = status_van(_T.c.status, _T.c.due_date)
COLUMNS = (
    _T.c.id,
    _T.c.soort,
    _T.c.onderwerp,
    _T.c.onderwerp_id,
    _T.c.gemeente,
    _T.c.aanbieder,
    _T.c.vanaf_date,
    _T.c.due_date,
    _STATUS.label("status"),
    _T.c.te_laat,
    _T.c.detail,
    _T.c.changed_at,
)
"""What a list shows of a signal, its state the effective one; `changed_at` is its last write."""


def signalen(
    session: Session,
    filters: SignaalFilters,
    gemeenten: frozenset[str] | None,
    today: date,
    limit: int,
) -> list[Row]:
    """Signals by due date, then id: one page and one row more, to tell whether more follow."""
    query = select(*COLUMNS)
    if gemeenten is not None:
        query = query.where(_T.c.gemeente.in_(sorted(gemeenten)))
    if filters.soort is not None:
        query = query.where(_T.c.soort == filters.soort)
    if filters.verborgen:
        query = query.where(_T.c.soort.not_in(filters.verborgen))
    if filters.statussen:
        query = query.where(status_in(_T.c.status, _T.c.due_date, filters.statussen))
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
            select(*COLUMNS)
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
    return session.execute(select(*COLUMNS).where(_T.c.id == signaal_id)).first()


_OVERDUE_BY_SOORT = (
    select(_T.c.soort, func.count())
    .where(status_in(_T.c.status, _T.c.due_date, (OVERDUE,)))
    .group_by(_T.c.soort)
)


def overdue_per_soort(engine: Engine) -> dict[str, int] | None:
    """Overdue signals per kind, through the (status, due_date) index; None without a database."""
    try:
        with engine.connect() as connection:
            return {soort: count for soort, count in connection.execute(_OVERDUE_BY_SOORT)}
    except OperationalError:
        # The message counters still matter when the database is down; absent gauges say so.
        return None


SCAN_LOCK = 0x696A77_5343414E
"""The PostgreSQL advisory lock one scan holds at a time, whichever process or host runs it."""
_LOCK = select(func.pg_advisory_xact_lock(SCAN_LOCK))
_STORED_TOT = select(_SCAN.c.tot).where(_SCAN.c.id == 1)
_OPEN_DUE_BETWEEN = (
    select(func.count())
    .select_from(_T)
    .where(
        _T.c.status == OPEN,
        _T.c.due_date >= bindparam("vanaf"),
        _T.c.due_date < bindparam("tot"),
    )
)
_REOPEN = (
    update(_T)
    .where(_T.c.status == OVERDUE, _T.c.due_date >= bindparam("from_date"))
    .values(status=OPEN, changed_at=bindparam("now"))
)
_DERIVE = (
    update(_T).where(_T.c.status == OVERDUE, _T.c.due_date < bindparam("tot")).values(status=OPEN)
)
_WOULD_TURN_OVERDUE = (
    select(Signaal)
    .where(
        Signaal.status == OPEN,
        Signaal.due_date >= SCAN_TOT,
        Signaal.due_date < bindparam("today"),
    )
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
        # Scans of several servers queue here instead of racing for the watermark; the next
        # finds the calendar scanned already. SQLite serialises writing transactions already.
        connection.execute(_LOCK)


def scan_tot(session: Session) -> date | None:
    """The date up to which the calendar has been scanned; None before any scan."""
    return session.connection().execute(_STORED_TOT).scalar_one_or_none()


@cache
def _zet_tot(dialect_name: str) -> postgresql.Insert | sqlite.Insert:
    """Store the scan's watermark in its one row, creating the row the first time."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_SCAN)
    return statement.on_conflict_do_update(
        index_elements=["id"],
        set_={"tot": statement.excluded.tot, "gescand_at": statement.excluded.gescand_at},
    )


def zet_scan_tot(session: Session, tot: date, now: datetime) -> None:
    """Record that the calendar has been scanned up to (not including) `tot`."""
    session.connection().execute(
        _zet_tot(session.get_bind().dialect.name), {"id": 1, "tot": tot, "gescand_at": now}
    )


def open_tussen(session: Session, vanaf: date, tot: date) -> int:
    """How many signals stored open are due on or after `vanaf` and before `tot`."""
    return (
        session.connection().execute(_OPEN_DUE_BETWEEN, {"vanaf": vanaf, "tot": tot}).scalar_one()
    )


def heropen(session: Session, from_date: date, now: datetime) -> int:
    """Reopen the signals stored overdue that are due on or after `from_date`; how many."""
    return session.connection().execute(_REOPEN, {"from_date": from_date, "now": now}).rowcount


def leid_af(session: Session, tot: date) -> None:
    """Store back as open the signals stored overdue and due before `tot`: still overdue."""
    session.connection().execute(_DERIVE, {"tot": tot})


def would_turn_overdue(session: Session, today: date) -> list[Signaal]:
    """The signals now open that are due before `today`, by due date."""
    return list(session.scalars(_WOULD_TURN_OVERDUE, {"today": today}))


def zonder_signaal(session: Session, after: int, batch: int) -> list[Toewijzing]:
    """Up to `batch` toewijzingen past id `after` without a start or stop signal, by id."""
    return list(session.scalars(_ZONDER_SIGNAAL.where(Toewijzing.id > after).limit(batch)))


# Writes: signals opened, re-planned, met and closed as messages and decisions come.

_KEY = (
    (_T.c.soort == bindparam("k_soort"))
    & (_T.c.onderwerp == bindparam("k_onderwerp"))
    & (_T.c.onderwerp_id == bindparam("k_id"))
)
_MEET = (
    update(_T)
    .where(_KEY, _T.c.status.in_(LOPEND))
    .values(status=MET, te_laat=bindparam("late"), changed_at=bindparam("now"))
)
_MEET_ON = (
    update(_T)
    .where(_KEY, _T.c.status.in_(LOPEND))
    .values(status=MET, te_laat=_T.c.due_date < bindparam("today"), changed_at=bindparam("now"))
)
_LOPEND = or_(*(_T.c.status == status for status in LOPEND))
"""A running signal, as plain comparisons: held writes are sent in one statement, and an IN
list would make each of them rendered anew for every message."""


@cache
def _close(dialect_name: str) -> Update:
    """Close running signals of some kinds about one subject."""
    soorten = (
        _T.c.soort == any_(bindparam("k_soorten", type_=postgresql.ARRAY(String)))
        if dialect_name == "postgresql"
        else _T.c.soort.in_(bindparam("k_soorten", expanding=True))
    )
    return (
        update(_T)
        .where(
            soorten,
            _T.c.onderwerp == bindparam("k_onderwerp"),
            _T.c.onderwerp_id == bindparam("k_id"),
            _LOPEND,
        )
        .values(status=CLOSED, changed_at=bindparam("now"))
    )


@cache
def _upsert(dialect_name: str, heropen: bool) -> postgresql.Insert | sqlite.Insert:
    """Open a signal, or re-plan one of the same kind and subject, in one statement.

    Without `heropen` only a running signal is re-planned; with it a met or closed one is
    owed again (a new start after a definitive stop owes a new stop).
    """
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_T)
    return statement.on_conflict_do_update(
        index_elements=["soort", "onderwerp", "onderwerp_id"],
        set_={
            "due_date": statement.excluded.due_date,
            "vanaf_date": statement.excluded.vanaf_date,
            "status": OPEN,
            "te_laat": False,
            "changed_at": statement.excluded.changed_at,
        },
        where=None if heropen else _LOPEND,
    )


@cache
def _insert_new(dialect_name: str) -> postgresql.Insert | sqlite.Insert:
    """Open a signal unless one of the same kind and subject exists, whatever its state."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(_T).on_conflict_do_nothing(
        index_elements=["soort", "onderwerp", "onderwerp_id"]
    )


def _signaal(soort: str, onderwerp: str, onderwerp_id: int) -> tuple[str, str, str, int]:
    """The key of a signal row among held writes."""
    return ("signaal", soort, onderwerp, onderwerp_id)


def _key(soort: str, onderwerp: str, onderwerp_id: int) -> dict:
    return {"k_soort": soort, "k_onderwerp": onderwerp, "k_id": onderwerp_id}


def _rij(
    soort: str,
    onderwerp: str,
    onderwerp_id: int,
    gemeente: str,
    aanbieder: str,
    due: date,
    now: datetime,
    *,
    vanaf: date | None = None,
    status: str = OPEN,
    te_laat: bool = False,
    detail: str | None = None,
) -> dict:
    """A signal's row as it is inserted: visible from `vanaf` (today), changed `now`."""
    return {
        "soort": soort,
        "onderwerp": onderwerp,
        "onderwerp_id": onderwerp_id,
        "gemeente": gemeente,
        "aanbieder": aanbieder,
        "vanaf_date": vanaf or date_of(now),
        "due_date": due,
        "status": status,
        "te_laat": te_laat,
        "detail": detail,
        "created_at": now,
        "changed_at": now,
    }


def open_signaal(
    session: Session,
    soort: str,
    onderwerp: str,
    onderwerp_id: int,
    *,
    gemeente: str,
    aanbieder: str,
    due: date,
    now: datetime,
    vanaf: date | None = None,
    detail: str | None = None,
    alleen_nieuw: bool = False,
    heropen: bool = False,
) -> None:
    """Open a signal, or re-plan a running one of the same kind and subject to `due`.

    `alleen_nieuw` leaves an existing signal as it is; `heropen` also re-opens a met one.
    """
    dialect = session.get_bind().dialect.name
    write(
        session,
        _insert_new(dialect) if alleen_nieuw else _upsert(dialect, heropen),
        _rij(
            soort,
            onderwerp,
            onderwerp_id,
            gemeente,
            aanbieder,
            due,
            now,
            vanaf=vanaf,
            detail=detail,
        ),
        keys=[_signaal(soort, onderwerp, onderwerp_id)],
    )


@cache
def _herplan(dialect_name: str) -> postgresql.Insert | sqlite.Insert:
    """Open a signal, or move a running one to another due date (overdue once it passed).

    Stored open: it reads overdue when the scan has passed its due date.
    """
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_T)
    due = statement.excluded.due_date
    return statement.on_conflict_do_update(
        index_elements=["soort", "onderwerp", "onderwerp_id"],
        set_={
            "due_date": due,
            "status": OPEN,
            "changed_at": statement.excluded.changed_at,
        },
        where=_LOPEND & (_T.c.due_date != due),
    )


def herplan(
    session: Session,
    soort: str,
    onderwerp: str,
    onderwerp_id: int,
    *,
    gemeente: str,
    aanbieder: str,
    due: date,
    now: datetime,
) -> None:
    """Open a signal due on `due`, or move a running one there; a met one stays met.

    Unlike a re-plan by `open_signaal`, it keeps the window's start; an overdue signal stays
    overdue when the scan has passed `due`, as any open signal reads then.
    """
    write(
        session,
        _herplan(session.get_bind().dialect.name),
        _rij(soort, onderwerp, onderwerp_id, gemeente, aanbieder, due, now),
        keys=[_signaal(soort, onderwerp, onderwerp_id)],
    )


def meet(
    session: Session,
    soort: str,
    onderwerp: str,
    onderwerp_id: int,
    *,
    te_laat: bool,
    now: datetime,
) -> bool:
    """Mark a running signal met (late or not); False when none was running."""
    params = _key(soort, onderwerp, onderwerp_id) | {"late": te_laat, "now": now}
    return session.connection().execute(_MEET, params).rowcount > 0


def meet_op(
    session: Session, soort: str, onderwerp: str, onderwerp_id: int, *, today: date, now: datetime
) -> bool:
    """Mark a running signal met on `today`: late when its due date has passed."""
    params = _key(soort, onderwerp, onderwerp_id) | {"today": today, "now": now}
    return session.connection().execute(_MEET_ON, params).rowcount > 0


def close(
    session: Session, soorten: Iterable[str], onderwerp: str, onderwerp_id: int, now: datetime
) -> None:
    """Close running signals of these kinds in one statement: their subject no longer owes them."""
    kinds = list(soorten)
    params = {"k_soorten": kinds, "k_onderwerp": onderwerp, "k_id": onderwerp_id}
    keys = [_signaal(soort, onderwerp, onderwerp_id) for soort in kinds]
    write(session, _close(session.get_bind().dialect.name), params | {"now": now}, keys=keys)


@cache
def _afgerond(dialect_name: str) -> postgresql.Insert | sqlite.Insert:
    """Meet a running signal, or record one already met: one statement."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_T)
    return statement.on_conflict_do_update(
        index_elements=["soort", "onderwerp", "onderwerp_id"],
        set_={
            "status": MET,
            "te_laat": statement.excluded.te_laat,
            "changed_at": statement.excluded.changed_at,
        },
        where=_LOPEND,
    )


def record(
    session: Session,
    soort: str,
    onderwerp: str,
    onderwerp_id: int,
    *,
    gemeente: str,
    aanbieder: str,
    due: date,
    te_laat: bool,
    now: datetime,
    detail: str | None = None,
) -> None:
    """Meet a running signal, or record one met now when none was running (a late message)."""
    write(
        session,
        _afgerond(session.get_bind().dialect.name),
        _rij(
            soort,
            onderwerp,
            onderwerp_id,
            gemeente,
            aanbieder,
            due,
            now,
            status=MET,
            te_laat=te_laat,
            detail=detail,
        ),
        keys=[_signaal(soort, onderwerp, onderwerp_id)],
    )
