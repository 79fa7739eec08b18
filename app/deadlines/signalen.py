"""Signals in the database: opened, re-planned, met and closed as messages and decisions come."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, case, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.clock import date_of
from app.persistence.models import Signaal

OPEN, MET, OVERDUE, CLOSED = "open", "met", "overdue", "closed"
"""A signal's states: due later, met (on time or late), past its due date, no longer due."""
LOPEND = (OPEN, OVERDUE)
VERZOEK, TOEWIJZING, BERICHT = "verzoek", "toewijzing", "bericht"
"""What a signal is about: its `onderwerp`."""

_T = Signaal.__table__
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
_CLOSE = (
    update(_T)
    .where(
        _T.c.soort.in_(bindparam("k_soorten", expanding=True)),
        _T.c.onderwerp == bindparam("k_onderwerp"),
        _T.c.onderwerp_id == bindparam("k_id"),
        _T.c.status.in_(LOPEND),
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
        where=None if heropen else _T.c.status.in_(LOPEND),
    )


@cache
def _insert_new(dialect_name: str) -> postgresql.Insert | sqlite.Insert:
    """Open a signal unless one of the same kind and subject exists, whatever its state."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    return dialect.insert(_T).on_conflict_do_nothing(
        index_elements=["soort", "onderwerp", "onderwerp_id"]
    )


def _key(soort: str, onderwerp: str, onderwerp_id: int) -> dict:
    return {"k_soort": soort, "k_onderwerp": onderwerp, "k_id": onderwerp_id}


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
    session.connection().execute(
        _insert_new(dialect) if alleen_nieuw else _upsert(dialect, heropen),
        {
            "soort": soort,
            "onderwerp": onderwerp,
            "onderwerp_id": onderwerp_id,
            "gemeente": gemeente,
            "aanbieder": aanbieder,
            "vanaf_date": vanaf or date_of(now),
            "due_date": due,
            "status": OPEN,
            "te_laat": False,
            "detail": detail,
            "created_at": now,
            "changed_at": now,
        },
    )


@cache
def _herplan(dialect_name: str) -> postgresql.Insert | sqlite.Insert:
    """Open a signal, or move a running one to another due date (overdue once it passed)."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(_T)
    due = statement.excluded.due_date
    return statement.on_conflict_do_update(
        index_elements=["soort", "onderwerp", "onderwerp_id"],
        set_={
            "due_date": due,
            "status": case((due < bindparam("today"), OVERDUE), else_=OPEN),
            "changed_at": statement.excluded.changed_at,
        },
        where=_T.c.status.in_(LOPEND) & (_T.c.due_date != due),
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

    Unlike a re-plan by `open_signaal`, an overdue signal stays overdue when `due` has passed.
    """
    session.connection().execute(
        _herplan(session.get_bind().dialect.name),
        {
            "soort": soort,
            "onderwerp": onderwerp,
            "onderwerp_id": onderwerp_id,
            "gemeente": gemeente,
            "aanbieder": aanbieder,
            "vanaf_date": date_of(now),
            "due_date": due,
            "status": OPEN,
            "te_laat": False,
            "detail": None,
            "created_at": now,
            "changed_at": now,
            "today": date_of(now),
        },
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
    params = {"k_soorten": list(soorten), "k_onderwerp": onderwerp, "k_id": onderwerp_id}
    session.connection().execute(_CLOSE, params | {"now": now})


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
        where=_T.c.status.in_(LOPEND),
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
    session.connection().execute(
        _afgerond(session.get_bind().dialect.name),
        {
            "soort": soort,
            "onderwerp": onderwerp,
            "onderwerp_id": onderwerp_id,
            "gemeente": gemeente,
            "aanbieder": aanbieder,
            "vanaf_date": date_of(now),
            "due_date": due,
            "status": MET,
            "te_laat": te_laat,
            "detail": detail,
            "created_at": now,
            "changed_at": now,
        },
    )
