"""Signing in and out of the werkplek, and its front door /werkplek/."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from app import logs
from app.gebruikers import service
from app.gebruikers.medewerker import Medewerker
from app.services import Services
from app.web.sessie import (
    COOKIE,
    INLOG_COOKIE,
    INLOG_COOKIE_SECONDEN,
    CsrfOngeldig,
    huidige_medewerker,
    inactief,
    vereist_csrf,
    wis_cookie,
    zet_cookie,
)
from app.web.templates import render

router = APIRouter(include_in_schema=False)
log = logs.logger("werkplek")

INLOGGEN = "/werkplek/inloggen"
START = "/werkplek/werkvoorraad"
_GEWEIGERD = "Gebruikersnaam of wachtwoord is onjuist."
_LEEG = "Vul uw gebruikersnaam en uw wachtwoord in."
_UITGESCHAKELD = "Inloggen met een wachtwoord is uitgeschakeld: log in via de gemeente."
_NIET_OPGESLAGEN = {"Cache-Control": "no-store"}


def _geblokkeerd(minuten: int) -> str:
    eenheid = "minuut" if minuten == 1 else "minuten"
    return (
        "Er is te vaak een verkeerd wachtwoord ingevuld voor deze gebruikersnaam. "
        f"Wacht {minuten} {eenheid} en probeer het dan opnieuw."
    )


def _formulier(
    request: Request, *, gebruikersnaam: str = "", fout: str | None = None, status_code: int = 200
) -> Response:
    """The sign-in form with a (new or kept) pre-login CSRF token in its cookie."""
    token = request.cookies.get(INLOG_COOKIE) or secrets.token_urlsafe(32)
    request.state.csrf_token = token
    services: Services = request.app.state.services
    response = render(
        request,
        "inloggen.html",
        {
            "gebruikersnaam": gebruikersnaam,
            "fout": fout,
            "via_gemeente": services.oidc is not None,
            "met_wachtwoord": services.settings.werkplek_lokale_accounts,
        },
        status_code=status_code,
        headers=_NIET_OPGESLAGEN,
    )
    zet_cookie(request, response, INLOG_COOKIE, token, max_age=INLOG_COOKIE_SECONDEN)
    return response


@router.get("/inloggen")
def inloggen_formulier(request: Request) -> Response:
    """The sign-in form; someone already signed in goes on to the werkplek."""
    if getattr(request.state, "medewerker", None) is not None:
        return RedirectResponse("/werkplek/", status_code=303)
    return _formulier(request)


@router.post("/inloggen")
async def inloggen(request: Request) -> Response:
    """Check name and password; start a session, or show the form again with the reason."""
    form = await request.form()
    verwacht = request.cookies.get(INLOG_COOKIE) or ""
    gekregen = form.get("csrf_token")
    if (
        not verwacht
        or not isinstance(gekregen, str)
        or not hmac.compare_digest(gekregen.encode("utf-8"), verwacht.encode("utf-8"))
    ):
        raise CsrfOngeldig
    services: Services = request.app.state.services
    if not services.settings.werkplek_lokale_accounts:
        return _formulier(request, fout=_UITGESCHAKELD, status_code=403)
    naam = form.get("gebruikersnaam")
    wachtwoord = form.get("wachtwoord")
    naam = naam.strip() if isinstance(naam, str) else ""
    wachtwoord = wachtwoord if isinstance(wachtwoord, str) else ""
    if not naam or not wachtwoord:
        return _formulier(request, gebruikersnaam=naam, fout=_LEEG)
    duur = inactief(request)

    def eerst() -> service.Poging | service.Geblokkeerd:
        with services.unit_of_work().begin() as session:
            return service.poging(session, naam, services.clock.now())

    def daarna(
        poging: service.Poging, gelukt: bool
    ) -> tuple[Medewerker | service.Geweigerd, service.NieuweSessie | None]:
        with services.unit_of_work().begin() as session:
            now = services.clock.now()
            uitkomst = service.afronden(session, poging, wachtwoord, gelukt, now)
            if isinstance(uitkomst, Medewerker):
                return uitkomst, service.sessie_starten(session, uitkomst, now, inactief=duur)
            return uitkomst, None

    # The password is checked between two short transactions: argon2 takes its time on
    # purpose, and on SQLite a transaction holds every other request up meanwhile.
    begonnen = await to_thread.run_sync(eerst)
    if isinstance(begonnen, service.Geblokkeerd):
        log.info("inloggen geblokkeerd")
        response = _formulier(
            request, gebruikersnaam=naam, fout=_geblokkeerd(begonnen.minuten), status_code=429
        )
        response.headers["Retry-After"] = str(begonnen.minuten * 60)
        return response
    gelukt = await to_thread.run_sync(service.controleer, begonnen, wachtwoord)
    uitkomst, nieuw = await to_thread.run_sync(daarna, begonnen, gelukt)
    if nieuw is None or not isinstance(uitkomst, Medewerker):
        log.info("inloggen mislukt")
        return _formulier(request, gebruikersnaam=naam, fout=_GEWEIGERD)
    log.info("ingelogd", extra={"gebruiker_id": uitkomst.id})
    response = RedirectResponse("/werkplek/", status_code=303)
    zet_cookie(request, response, COOKIE, nieuw.token)
    wis_cookie(request, response, INLOG_COOKIE)
    return response


@router.post("/uitloggen")
def uitloggen(
    request: Request,
    medewerker: Annotated[Medewerker, Depends(huidige_medewerker)],
    _: Annotated[None, Depends(vereist_csrf)],
) -> Response:
    """End the session: its cookie stops working here and is removed from the browser."""
    services: Services = request.app.state.services
    with services.unit_of_work().begin() as session:
        service.sessie_beeindigen(session, request.state.sessie_id)
    log.info("uitgelogd", extra={"gebruiker_id": medewerker.id})
    response = RedirectResponse(INLOGGEN, status_code=303)
    wis_cookie(request, response, COOKIE)
    return response


@router.get("/")
def start(medewerker: Annotated[Medewerker, Depends(huidige_medewerker)]) -> Response:
    """The werkplek's front door leads to the werkvoorraad."""
    return RedirectResponse(START, status_code=303)
