"""What the werkplek adds to the app: sessions and their refusals, static files, headers, /docs."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from app.web import docs
from app.web.beveiliging import Beveiligingsheaders
from app.web.sessie import COOKIE, CsrfOngeldig, NietIngelogd, SessieMiddleware, wis_cookie
from app.web.statisch import ROUTE_NAME, STATIC, URL_PREFIX
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


_HTTP_FOUTEN = {
    404: ("Pagina niet gevonden", "Deze pagina bestaat niet in de werkplek."),
    405: ("Dit kan hier niet", "Deze pagina kan zo niet worden gebruikt."),
}


def http_fout(request: Request, status_code: int) -> Response | None:
    """A werkplek page for an unknown path or method; None outside the werkplek."""
    path = request.url.path
    if not (path == "/werkplek" or path.startswith("/werkplek/")) or path.startswith(
        URL_PREFIX + "/"
    ):
        return None
    if getattr(request.state, "medewerker", None) is None:
        return RedirectResponse("/werkplek/inloggen", status_code=303)
    titel, uitleg = _HTTP_FOUTEN.get(
        status_code, ("Er ging iets mis", "Deze pagina kan nu niet worden getoond.")
    )
    return render(
        request,
        "fout.html",
        {
            "titel": titel,
            "uitleg": uitleg,
            "terug": "/werkplek/",
            "terug_tekst": "Naar de werkplek",
        },
        status_code=status_code,
    )


def inrichten(app: FastAPI) -> None:
    """Add the werkplek's middleware, exception handlers, static files (no session) and /docs."""
    app.add_middleware(SessieMiddleware)
    # Added last, so outermost: the headers reach every answer, the session layer's included.
    app.add_middleware(Beveiligingsheaders)
    app.add_exception_handler(NietIngelogd, niet_ingelogd)
    app.add_exception_handler(CsrfOngeldig, csrf_ongeldig)
    app.mount(URL_PREFIX, StaticFiles(directory=STATIC), name=ROUTE_NAME)
    app.include_router(docs.router)
