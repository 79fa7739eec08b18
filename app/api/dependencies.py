"""Request dependencies: the app's services and a session whose transaction the request owns."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.access.keys import KeyStore
from app.audit.record import Audit
from app.brp.service import BrpService
from app.clock import Clock
from app.config import Settings
from app.deadlines.service import Termijnbewaking
from app.decisions.ruleset import RuleSets
from app.ijw.schemas import SchemaRegistry
from app.ingest.service import IngestService
from app.metrics import Metrics
from app.oidc.client import OidcClient
from app.outbox.service import OutboxService
from app.toewijzingen.jw301 import Jw301Sender
from app.verzoeken.service import VerzoekService


@dataclass(frozen=True, slots=True)
class Services:
    """What the app factory builds once and every request shares."""

    settings: Settings
    rule_sets: RuleSets
    engine: Engine
    sessionmaker: sessionmaker[Session]
    registry: SchemaRegistry
    ingest: IngestService
    verzoeken: VerzoekService
    outbox: OutboxService
    jw301: Jw301Sender
    termijnen: Termijnbewaking
    metrics: Metrics
    clock: Clock
    transaction_lock: AbstractContextManager
    keys: KeyStore
    audit: Audit
    brp: BrpService | None = None
    """Client data from the BRP; None when IJW_BRP_URL is not set."""
    oidc: OidcClient | None = None
    """The gemeente's identity provider, when the werkplek signs in through it."""


def get_services(request: Request) -> Services:
    """The services of the app serving this request."""
    return request.app.state.services


class UnitOfWork:
    """The request's one transaction, run inside the worker thread that does its work.

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


def get_unit_of_work(request: Request) -> UnitOfWork:
    """The transaction this request owns (opened when its work starts)."""
    services = request.app.state.services
    return UnitOfWork(services.sessionmaker, services.transaction_lock)


ServicesDep = Annotated[Services, Depends(get_services)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work)]
