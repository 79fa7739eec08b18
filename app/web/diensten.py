"""What the Signalen and Overzicht pages share: the app's services, scope and a transaction."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.services import Services, UnitOfWork
from app.web.sessie import Medewerker, huidige_medewerker

Ingelogd = Annotated[Medewerker, Depends(huidige_medewerker)]
"""The signed-in worker of a page."""


def diensten(request: Request) -> Services:
    """The services of the app serving this request (the same the JSON API uses)."""
    return request.app.state.services


def eigen_gemeenten(services: Services, medewerker: Medewerker) -> frozenset[str]:
    """The gemeenten the worker may see that this deployment serves."""
    return medewerker.gemeenten & frozenset(services.settings.gemeenten)


def transactie(services: Services) -> UnitOfWork:
    """One transaction, committed when its block ends (SQLite's writers queued as the API's)."""
    return services.unit_of_work()
