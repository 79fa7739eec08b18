"""The app's services (built once by the app factory) and the request dependencies on them.

The JSON API and the werkplek take the same services and the request's unit of work from here.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
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
from app.persistence.unit_of_work import UnitOfWork
from app.toewijzingen.jw301 import Jw301Sender
from app.verzoeken.service import VerzoekService

__all__ = [
    "Services",
    "ServicesDep",
    "UnitOfWork",
    "UnitOfWorkDep",
    "get_services",
    "get_unit_of_work",
]


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

    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work on this app's database."""
        return UnitOfWork(self.sessionmaker, self.transaction_lock)


async def get_services(request: Request) -> Services:
    """The services of the app serving this request."""
    return request.app.state.services


async def get_unit_of_work(request: Request) -> UnitOfWork:
    """The transaction this request owns (opened when its work starts)."""
    services: Services = request.app.state.services
    return services.unit_of_work()


ServicesDep = Annotated[Services, Depends(get_services)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(get_unit_of_work)]
