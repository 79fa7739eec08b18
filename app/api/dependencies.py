"""Request dependencies: the app's services and a session whose transaction the request owns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.clock import Clock
from app.config import Settings
from app.ijw.schemas import SchemaRegistry
from app.ingest.service import IngestService
from app.metrics import Metrics


@dataclass(frozen=True, slots=True)
class Services:
    """What the app factory builds once and every request shares."""

    settings: Settings
    engine: Engine
    sessionmaker: sessionmaker[Session]
    registry: SchemaRegistry
    ingest: IngestService
    metrics: Metrics
    clock: Clock


def get_services(request: Request) -> Services:
    """The services of the app serving this request."""
    return request.app.state.services


def get_session(request: Request) -> Iterator[Session]:
    """A session committed when the endpoint returns, rolled back when it raises."""
    with request.app.state.services.sessionmaker() as session:
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        session.commit()


ServicesDep = Annotated[Services, Depends(get_services)]
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
