"""HTTP client of the BRP Personen Bevragen API v2: `POST /personen` with one BSN.

Request and response shapes follow the published OpenAPI specification of Haal Centraal BRP
Personen Bevragen 2.x (BRP-API/Haal-Centraal-BRP-bevragen, `specificatie/openapi.yaml`). A BSN
goes only in the JSON body, never in a URL, a log line or an error text.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from app import logs
from app.config import Settings
from app.metrics import Metrics

log = logs.logger("brp")

RAADPLEEG = "RaadpleegMetBurgerservicenummer"
VELDEN = (
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "naam.voorletters",
    "naam.aanduidingNaamgebruik",
    "partners.naam.voorvoegsel",
    "partners.naam.geslachtsnaam",
    "geboorte.datum",
    "geslacht",
    "verblijfplaats",
)
"""Only what a JW301's Client and Contactgegevens carry; the BRP gateway must allow these."""


class BrpOnbereikbaar(Exception):
    """The BRP did not answer usefully now (timeout, connection, 5xx, 429): try again later."""

    def __init__(self, soort: str, reden: str) -> None:
        super().__init__(reden)
        self.soort = soort
        self.reden = reden


class BrpGeweigerd(Exception):
    """The BRP refused the question (401, 403, 400, 404): no retry helps until configured."""

    def __init__(self, soort: str, reden: str) -> None:
        super().__init__(reden)
        self.soort = soort
        self.reden = reden


@dataclass(frozen=True, slots=True)
class BrpAntwoord:
    """The persons the BRP returned for one BSN (empty: not known, or not in the gemeente)."""

    personen: tuple[dict[str, Any], ...]


def verzoek(bsn: str, gemeente: str) -> dict[str, Any]:
    """The JSON body of a RaadpleegMetBurgerservicenummer for one client of one gemeente."""
    return {
        "type": RAADPLEEG,
        "burgerservicenummer": [bsn],
        "fields": list(VELDEN),
        "gemeenteVanInschrijving": gemeente,
    }


class _Token:
    """An OAuth2 client-credentials access token, fetched when needed and kept until it ends."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._token: str | None = None
        self._until = 0.0

    def get(self, http: httpx.Client) -> str:
        """A valid access token; fetches a new one shortly before the old one expires."""
        with self._lock:
            if self._token is not None and time.monotonic() < self._until:
                return self._token
            settings = self.settings
            assert settings.brp_token_url and settings.brp_client_id and settings.brp_client_secret
            data = {"grant_type": "client_credentials"}
            if settings.brp_scope:
                data["scope"] = settings.brp_scope
            response = http.post(
                settings.brp_token_url,
                data=data,
                auth=(settings.brp_client_id, settings.brp_client_secret.get_secret_value()),
            )
            if response.status_code >= 500:
                raise BrpOnbereikbaar("token", f"tokendienst antwoordt {response.status_code}")
            if response.status_code != 200:
                raise BrpGeweigerd("token", f"tokendienst weigert ({response.status_code})")
            body = response.json()
            self._token = str(body["access_token"])
            self._until = time.monotonic() + max(float(body.get("expires_in", 300)) - 30, 1)
            return self._token

    def vergeet(self) -> None:
        """Drop the token (after a 401), so the next call fetches a new one."""
        with self._lock:
            self._token = None


class BrpClient:
    """Asks the BRP for one client at a time; counts calls, latency and failures by kind."""

    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        assert settings.brp_url is not None
        self.settings = settings
        self.metrics = metrics
        self.url = settings.brp_url.rstrip("/") + "/personen"
        cert = (
            (str(settings.brp_client_cert), str(settings.brp_client_key))
            if settings.brp_client_cert and settings.brp_client_key
            else None
        )
        self.http = httpx.Client(timeout=settings.brp_timeout_seconds, cert=cert)
        self._token = _Token(settings) if settings.brp_token_url else None

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self.settings.brp_api_key is not None:
            headers[self.settings.brp_api_key_header] = self.settings.brp_api_key.get_secret_value()
        if self._token is not None:
            headers["Authorization"] = f"Bearer {self._token.get(self.http)}"
        return headers

    def raadpleeg(self, bsn: str, gemeente: str) -> BrpAntwoord:
        """The client's data; raises BrpOnbereikbaar (retry later) or BrpGeweigerd."""
        start = time.perf_counter()
        try:
            antwoord = self._raadpleeg(bsn, gemeente)
        except (BrpOnbereikbaar, BrpGeweigerd) as error:
            self.metrics.brp_fouten.labels(error.soort).inc()
            self.metrics.brp_bevragingen.labels("fout").inc()
            log.warning("BRP-bevraging mislukt", extra={"soort": error.soort, "gemeente": gemeente})
            raise
        finally:
            self.metrics.brp_latency.observe(time.perf_counter() - start)
        self.metrics.brp_bevragingen.labels("gevonden" if antwoord.personen else "leeg").inc()
        return antwoord

    def _raadpleeg(self, bsn: str, gemeente: str) -> BrpAntwoord:
        try:
            response = self.http.post(
                self.url, json=verzoek(bsn, gemeente), headers=self._headers()
            )
            if response.status_code == 401 and self._token is not None:
                # An expired or revoked token: one new token, one more try.
                self._token.vergeet()
                response = self.http.post(
                    self.url, json=verzoek(bsn, gemeente), headers=self._headers()
                )
        except httpx.TimeoutException as error:
            raise BrpOnbereikbaar("timeout", "de BRP antwoordde niet op tijd") from error
        except httpx.HTTPError as error:
            raise BrpOnbereikbaar("verbinding", "de BRP is niet bereikbaar") from error
        status = response.status_code
        if status >= 500 or status == 429:
            raise BrpOnbereikbaar(f"http_{status}", f"de BRP antwoordt met fout {status}")
        if status != 200:
            soort = {401: "niet_geauthenticeerd", 403: "niet_geautoriseerd"}.get(
                status, f"http_{status}"
            )
            raise BrpGeweigerd(soort, _weigering(status, response))
        try:
            body = response.json()
            personen = body.get("personen") or []
            if body.get("type") != RAADPLEEG or not isinstance(personen, list):
                raise ValueError("unexpected answer")
        except ValueError as error:
            raise BrpOnbereikbaar(
                "ongeldig_antwoord", "de BRP gaf een onleesbaar antwoord"
            ) from error
        return BrpAntwoord(tuple(p for p in personen if isinstance(p, dict)))


def _weigering(status: int, response: httpx.Response) -> str:
    """A Dutch reason for a refusal; the BRP's problem code when it gives one (never a BSN)."""
    code = None
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        try:
            code = response.json().get("code")
        except ValueError:
            code = None
    grond = {
        400: "de BRP weigert de vraag als ongeldig",
        401: "de BRP weigert onze inloggegevens",
        403: "de BRP-gateway staat deze vraag niet toe",
        404: "de BRP kent het endpoint /personen niet (controleer IJW_BRP_URL)",
    }.get(status, f"de BRP weigert de vraag ({status})")
    return f"{grond} (code {code})" if isinstance(code, str) and code.isalnum() else grond
