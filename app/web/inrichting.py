"""What the werkplek adds to the app: the session middleware and its two refusals as pages."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from app.web.sessie import COOKIE, CsrfOngeldig, NietIngelogd, SessieMiddleware, wis_cookie
from app.web.templates import render


async def niet_ingelogd(request: Request, _: Exception) -> Response:
    """No (longer a) session: to the sign-in page, removing a cookie that no longer works."""
    response = RedirectResponse("/werkplek/inloggen", status_code=303)
    if COOKIE in request.cookies:
        wis_cookie(request, response, COOKIE)
    return response


async def csrf_ongeldig(request: Request, _: Exception) -> Response:
    """A form without a valid CSRF token: 403 with a page that says what to do."""
    return render(
        request,
        "fout.html",
        {
            "titel": "Formulier verlopen",
            "uitleg": "Dit formulier is niet (meer) geldig, bijvoorbeeld omdat u intussen "
            "opnieuw bent ingelogd of omdat het formulier van een andere website kwam. "
            "Er is niets opgeslagen. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
            "terug": "/werkplek/",
            "terug_tekst": "Naar de werkplek",
        },
        status_code=403,
    )


def inrichten(app: FastAPI) -> None:
    """Add the werkplek's session middleware and exception handlers to the app."""
    app.add_middleware(SessieMiddleware)
    app.add_exception_handler(NietIngelogd, niet_ingelogd)
    app.add_exception_handler(CsrfOngeldig, csrf_ongeldig)
