"""The one unit of work: a session committed when its work ends, rolled back when it fails."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """One transaction, run inside the worker thread that does its work.

    Connection, work and commit stay in one thread: a connection is never held by a request
    that waits for a free thread (with as many connections as threads, none can starve).
    """

    def __init__(self, factory: sessionmaker[Session], lock: AbstractContextManager) -> None:
        self._factory = factory
        self._lock = lock

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A session committed when the block ends, rolled back when it raises."""
        with self._lock, self._factory() as session:
            try:
                yield session
            except BaseException:
                session.rollback()
                raise
            session.commit()
