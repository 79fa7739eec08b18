"""Engine and session factory for one database URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from app.persistence import deferred

SQLITE_BUSY_MS = 10_000


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine tuned for the service: SQLite serialises writers, PostgreSQL pools.

    Statement parameters never appear in errors or logs: they hold BSNs.
    """
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
        )
        _serialise_sqlite(engine)
        return engine
    # No pre-ping: it costs a round trip per transaction. A dropped connection fails one
    # request (503, the broker retries), the pool discards it, and /health/ready reports a
    # database that stays away.
    engine = create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800, hide_parameters=True
    )
    deferred.listen(engine)
    return engine


def _serialise_sqlite(engine: Engine) -> None:
    """Each transaction takes the write lock at BEGIN, so check-then-write cannot interleave."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)
