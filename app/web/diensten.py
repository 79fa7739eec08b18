"""What every werkplek page needs: the app's services, a transaction, and rendering."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse

from app.api.dependencies import Services, UnitOfWork
from app.web.sessie import Medewerker, huidige_medewerker
from app.web.templates import templates

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
    return UnitOfWork(services.sessionmaker, services.transaction_lock)


def render(
    request: Request,
    medewerker: Medewerker,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """A werkplek page with the signed-in worker and the session's CSRF token."""
    context = {
        "medewerker": medewerker,
        "csrf_token": getattr(request.state, "csrf_token", ""),
        **context,
    }
    return templates.TemplateResponse(request, template, context, status_code=status_code)
