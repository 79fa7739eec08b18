"""Signing in through the gemeente's identity provider (OpenID Connect, code flow with PKCE)."""

from __future__ import annotations

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app import logs
from app.gebruikers import service
from app.gebruikers.medewerker import Medewerker
from app.oidc import aanvragen
from app.oidc.client import OidcClient, OidcFout
from app.oidc.rollen import Groepsrecht, rechten, uit_instellingen
from app.services import Services
from app.web.sessie import COOKIE, INLOG_COOKIE, inactief, wis_cookie, zet_cookie
from app.web.templates import render

router = APIRouter(include_in_schema=False)
log = logs.logger("werkplek")

_NIET_OPGESLAGEN = {"Cache-Control": "no-store"}


def _client(request: Request) -> OidcClient | None:
    services: Services = request.app.state.services
    return services.oidc


def _mislukt(request: Request, reden: str, *, status_code: int = 400) -> Response:
    return render(
        request,
        "aanmelden_mislukt.html",
        {"reden": reden},
        status_code=status_code,
        headers=_NIET_OPGESLAGEN,
    )


@router.get("/inloggen/oidc")
def naar_identity_provider(request: Request) -> Response:
    """Send the browser to the identity provider with a fresh state, nonce and PKCE challenge."""
    client = _client(request)
    if client is None:
        return RedirectResponse("/werkplek/inloggen", status_code=303)
    services: Services = request.app.state.services
    try:
        aanvraag = client.aanvraag(str(request.url_for("oidc_terug")))
    except OidcFout as fout:
        log.warning("identity provider onbereikbaar", extra={"reden": str(fout)})
        return _mislukt(
            request, "De aanmeldvoorziening van de gemeente is nu niet bereikbaar.", status_code=503
        )
    with services.unit_of_work().begin() as session:
        aanvragen.bewaar(session, aanvraag, services.clock.now())
    return RedirectResponse(aanvraag.url, status_code=303, headers=_NIET_OPGESLAGEN)


@router.get("/oidc/terug", name="oidc_terug")
async def terug_van_identity_provider(request: Request) -> Response:
    """Check the answer, map the groups to our rights and start a session, or say why not."""
    client = _client(request)
    if client is None:
        return RedirectResponse("/werkplek/inloggen", status_code=303)
    services: Services = request.app.state.services
    state = request.query_params.get("state", "")
    code = request.query_params.get("code", "")
    fout = request.query_params.get("error")
    uow = services.unit_of_work()

    def neem() -> aanvragen.Aanvraag | None:
        with uow.begin() as session:
            return aanvragen.neem(session, state, services.clock.now()) if state else None

    aanvraag = await to_thread.run_sync(neem)
    if aanvraag is None:
        log.info("aanmelding via identity provider: onbekende state")
        return _mislukt(
            request, "Deze aanmelding is onbekend of verlopen. Begin opnieuw bij Inloggen."
        )
    if fout or not code:
        log.info("aanmelding via identity provider afgebroken", extra={"fout": fout})
        return _mislukt(request, "De aanmelding bij de gemeente is afgebroken of geweigerd.")
    redirect_uri = str(request.url_for("oidc_terug"))
    try:
        identiteit = await to_thread.run_sync(client.inwisselen, code, redirect_uri, aanvraag)
    except OidcFout as weigering:
        log.warning("aanmelding via identity provider geweigerd", extra={"reden": str(weigering)})
        return _mislukt(request, f"De aanmelding is niet vertrouwd: {weigering}.")
    recht = rechten(identiteit.groepen, uit_instellingen(services.settings.oidc_groepen))
    if recht is None:
        log.info("aanmelding zonder toegang: geen bekende groep")
        return _geen_toegang(request)
    gegeven: Groepsrecht = recht
    duur = inactief(request)

    def aanmelden() -> service.NieuweSessie | None:
        with uow.begin() as session:
            now = services.clock.now()
            medewerker: Medewerker | None = service.via_identity_provider(
                session,
                subject=identiteit.subject,
                naam=identiteit.naam,
                rol=gegeven.rol,
                gemeenten=gegeven.gemeenten,
                now=now,
            )
            if medewerker is None:
                return None
            log.info("ingelogd via identity provider", extra={"gebruiker_id": medewerker.id})
            return service.sessie_starten(session, medewerker, now, inactief=duur)

    nieuw = await to_thread.run_sync(aanmelden)
    if nieuw is None:
        return _geen_toegang(request)
    response = RedirectResponse("/werkplek/", status_code=303)
    zet_cookie(request, response, COOKIE, nieuw.token)
    wis_cookie(request, response, INLOG_COOKIE)
    return response


def _geen_toegang(request: Request) -> Response:
    return render(request, "geen_toegang.html", status_code=403, headers=_NIET_OPGESLAGEN)
