"""Who is signed in to the werkplek, and the CSRF guard on every state-changing form.

`SessieMiddleware` reads the session cookie of every /werkplek request and fills
`request.state.medewerker` and `request.state.csrf_token`; pages depend on
`huidige_medewerker`, and every POST route on `vereist_csrf`. Without a session the CSRF
token is the one of the short-lived sign-in cookie (double submit), so the sign-in form is
protected too.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from http.cookies import SimpleCookie
from typing import Any

from anyio import to_thread
from fastapi import Request, Response
from sqlalchemy.exc import OperationalError
from starlette.types import ASGIApp, Receive, Scope, Send

from app import logs
from app.gebruikers import service
from app.gebruikers.medewerker import Medewerker, Rol
from app.web.statisch import URL_PREFIX

__all__ = [
    "COOKIE",
    "INLOG_COOKIE",
    "CsrfOngeldig",
    "Medewerker",
    "NietIngelogd",
    "Rol",
    "SessieMiddleware",
    "huidige_medewerker",
    "vereist_csrf",
]

COOKIE = "ijw_sessie"
"""The session cookie: the session's token, valid only together with its row in the database."""
INLOG_COOKIE = "ijw_inlog_csrf"
"""The sign-in form's CSRF token before there is a session."""
INLOG_COOKIE_SECONDEN = 3600
PAD = "/werkplek"
ZONDER_SESSIE = (URL_PREFIX + "/",)
"""Paths under /werkplek that need no session looked up: stylesheets, fonts, scripts."""

log = logs.logger("werkplek")


class NietIngelogd(Exception):
    """No valid session: the werkplek answers with a redirect to the login page."""


class CsrfOngeldig(Exception):
    """A state-changing form without a valid CSRF token: the werkplek answers 403."""


def huidige_medewerker(request: Request) -> Medewerker:
    """The person whose session this request carries; raises NietIngelogd without one."""
    medewerker = getattr(request.state, "medewerker", None)
    if medewerker is None:
        raise NietIngelogd
    return medewerker


async def vereist_csrf(request: Request) -> None:
    """Refuse a form whose csrf_token does not match the session's (or the sign-in cookie's)."""
    form = await request.form()
    verwacht = getattr(request.state, "csrf_token", None)
    gekregen = form.get("csrf_token")
    if (
        not verwacht
        or not isinstance(gekregen, str)
        or not hmac.compare_digest(gekregen.encode("utf-8"), verwacht.encode("utf-8"))
    ):
        raise CsrfOngeldig


def inactief(request: Request) -> timedelta:
    """How long a session may go without a request."""
    return timedelta(minutes=request.app.state.services.settings.werkplek_sessie_minuten)


def zet_cookie(
    request: Request, response: Response, naam: str, waarde: str, *, max_age: int | None = None
) -> None:
    """Set a werkplek cookie: HttpOnly, SameSite=Lax, Secure over https, path /werkplek."""
    response.set_cookie(
        naam,
        waarde,
        max_age=max_age,
        path=PAD,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def wis_cookie(request: Request, response: Response, naam: str) -> None:
    """Remove a werkplek cookie from the browser."""
    response.delete_cookie(
        naam, path=PAD, httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def _cookies(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed Cookie header is no session
                return {}
            return {key: morsel.value for key, morsel in jar.items()}
    return {}


class SessieMiddleware:
    """Fills request.state.medewerker, csrf_token and sessie_id on every /werkplek request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Look the session up (in a worker thread) before the page runs."""
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not (path == PAD or path.startswith(PAD + "/"))
            or path.startswith(ZONDER_SESSIE)
        ):
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        state["medewerker"] = None
        state["sessie_id"] = None
        cookies = _cookies(scope)
        state["csrf_token"] = cookies.get(INLOG_COOKIE) or None
        token = cookies.get(COOKIE)
        if token:
            services = scope["app"].state.services
            try:
                actief = await to_thread.run_sync(_opzoeken, services, token)
            except OperationalError as error:
                log.error("database unavailable", extra={"error": type(error.orig).__name__})
                await _onbereikbaar(scope, receive, send)
                return
            if actief is not None:
                state["medewerker"] = actief.medewerker
                state["sessie_id"] = actief.id
                state["csrf_token"] = actief.csrf_token
        await self.app(scope, receive, send)


def _opzoeken(services: Any, token: str) -> service.ActieveSessie | None:
    """The session of a token, in its own short transaction."""
    minuten = timedelta(minutes=services.settings.werkplek_sessie_minuten)
    with services.unit_of_work().begin() as session:
        return service.sessie_van(session, token, services.clock.now(), inactief=minuten)


async def _onbereikbaar(scope: Scope, receive: Receive, send: Send) -> None:
    """503 in plain Dutch when the session cannot be looked up."""
    response = Response(
        "De werkplek is tijdelijk niet beschikbaar: de database is niet bereikbaar. "
        "Probeer het over een paar minuten opnieuw.",
        status_code=503,
        media_type="text/plain; charset=utf-8",
    )
    await response(scope, receive, send)
