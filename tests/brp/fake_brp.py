"""A local BRP Personen Bevragen 2.x for tests: `POST /personen` and an OAuth2 token endpoint.

It answers in the published shapes: `{"type": "RaadpleegMetBurgerservicenummer", "personen":
[...]}`, problem+json errors (400 for a request that breaks the schema, 401 without the right
credentials, 404 elsewhere, 5xx when told to), and slow answers when told to.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import jsonschema
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.brp.personen_query import RAADPLEEG_MET_BURGERSERVICENUMMER

API_KEY = "brp-test-sleutel"
TOKEN = "brp-test-token"
CLIENT_ID, CLIENT_SECRET = "ijw", "geheim"


@dataclass
class Brp:
    """What the fake knows and how it behaves; tests change it between calls."""

    personen: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Persons by BSN, each with the gemeente it is registered in under `_gemeente`."""
    status: int | None = None
    """Answer every /personen with this error status (None: answer normally)."""
    vertraging: float = 0.0
    auth: str = "api_key"
    """`api_key`, `oauth` or `geen`: which credential /personen demands."""
    verzoeken: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    tokens_uitgegeven: int = 0


def _probleem(status: int, title: str, code: str) -> JSONResponse:
    return JSONResponse(
        {
            "type": f"https://datatracker.ietf.org/doc/html/rfc7231#section-6.{status}",
            "title": title,
            "status": status,
            "detail": title,
            "instance": "/haalcentraal/api/brp/personen",
            "code": code,
        },
        status_code=status,
        media_type="application/problem+json",
    )


def maak_app(brp: Brp) -> FastAPI:
    """The fake's HTTP app over the given state."""
    app = FastAPI()

    @app.post("/token")
    async def token(request: Request) -> JSONResponse:
        form = await request.form()
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if (
            form.get("grant_type") != "client_credentials"
            or request.headers.get("authorization") != f"Basic {expected}"
        ):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        brp.tokens_uitgegeven += 1
        return JSONResponse({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 300})

    @app.post("/haalcentraal/api/brp/personen")
    async def personen(request: Request) -> JSONResponse:
        brp.headers.append(dict(request.headers))
        if brp.vertraging:
            time.sleep(brp.vertraging)
        if brp.auth == "api_key" and request.headers.get("x-api-key") != API_KEY:
            return _probleem(401, "Niet correct geauthenticeerd.", "authentication")
        if brp.auth == "oauth" and request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _probleem(401, "Niet correct geauthenticeerd.", "authentication")
        body = await request.json()
        brp.verzoeken.append(body)
        if brp.status is not None:
            return _probleem(
                brp.status, "Bronservice BRP is tijdelijk niet beschikbaar.", "notAvailable"
            )
        try:
            jsonschema.validate(body, RAADPLEEG_MET_BURGERSERVICENUMMER)
        except jsonschema.ValidationError:
            return _probleem(
                400, "Een of meerdere parameters zijn niet correct.", "paramsValidation"
            )
        gemeente = body.get("gemeenteVanInschrijving")
        gevonden = [
            _velden(persoon, body["fields"])
            for bsn in body["burgerservicenummer"]
            if (persoon := brp.personen.get(bsn)) is not None
            and (gemeente is None or persoon["_gemeente"] == gemeente)
        ]
        return JSONResponse({"type": "RaadpleegMetBurgerservicenummer", "personen": gevonden})

    return app


def _velden(data: Any, paden: list[str]) -> Any:
    """Only the asked fields, as the API's `fields` parameter selects (a path or its parent)."""
    if isinstance(data, list):
        return [_velden(item, paden) for item in data]
    if not isinstance(data, dict):
        return data
    gekozen: dict[str, Any] = {}
    for key, value in data.items():
        if key.startswith("_"):
            continue
        dieper = [pad.split(".", 1)[1] for pad in paden if pad.startswith(f"{key}.")]
        if key in paden:
            gekozen[key] = value
        elif dieper:
            gekozen[key] = _velden(value, dieper)
    return gekozen


@contextmanager
def draaiend(brp: Brp) -> Iterator[str]:
    """Serve the fake on a free loopback port; yields its base URL (…/haalcentraal/api/brp)."""
    config = uvicorn.Config(maak_app(brp), host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake BRP did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/haalcentraal/api/brp"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def persoon(
    bsn: str,
    gemeente: str = "0153",
    *,
    geboorte: dict[str, Any] | None = None,
    verblijfplaats: dict[str, Any] | None = None,
    naam: dict[str, Any] | None = None,
    partners: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A Persoon as the BRP returns it for the fields we ask."""
    data: dict[str, Any] = {
        "_gemeente": gemeente,
        "burgerservicenummer": bsn,
        "naam": naam
        or {
            "voornamen": "Sanne Maria",
            "voorvoegsel": "van",
            "geslachtsnaam": "Dijk",
            "voorletters": "S.M.",
            "aanduidingNaamgebruik": {"code": "E", "omschrijving": "eigen geslachtsnaam"},
        },
        "geboorte": {
            "datum": geboorte
            or {"type": "Datum", "datum": "2014-06-09", "langFormaat": "9 juni 2014"}
        },
        "geslacht": {"code": "V", "omschrijving": "vrouw"},
        "verblijfplaats": verblijfplaats
        or {
            "type": "Adres",
            "functieAdres": {"code": "W", "omschrijving": "woonadres"},
            "verblijfadres": {
                "officieleStraatnaam": "Oude Markt",
                "korteStraatnaam": "Oude Markt",
                "huisnummer": 12,
                "huisletter": "a",
                "postcode": "7511 AB",
                "woonplaats": "Enschede",
            },
        },
    }
    if partners is not None:
        data["partners"] = partners
    return data
