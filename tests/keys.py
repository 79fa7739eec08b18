"""API keys for tests: one per role, and a client that sends the key its endpoint needs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from fastapi import FastAPI

from app.access import keys
from app.access.toegang import Rol

MADE_AT = datetime(2026, 11, 1, tzinfo=UTC)


def sleutel_met_id(
    app: FastAPI, rol: Rol, *, agb: str | None = None, gemeenten: Iterable[str] = ()
) -> tuple[int, str]:
    """A new key of the role in the (started) app's database: its id and the key itself."""
    gemeenten = tuple(gemeenten)
    with app.state.services.sessionmaker.begin() as session:
        row, key = keys.create(
            session,
            rol,
            naam=f"{rol} {agb or ' '.join(gemeenten)}".strip(),
            now=MADE_AT,
            agb=agb,
            gemeenten=gemeenten,
        )
        return row.id, key


def sleutel(
    app: FastAPI, rol: Rol, *, agb: str | None = None, gemeenten: Iterable[str] = ()
) -> str:
    """A new key of the role, stored in the (started) app's database."""
    return sleutel_met_id(app, rol, agb=agb, gemeenten=gemeenten)[1]


def bearer(key: str) -> dict[str, str]:
    """The header that sends a key."""
    return {"Authorization": f"Bearer {key}"}


def rol_voor(method: str, path: str) -> Rol:
    """The role the existing tests call an endpoint as (the matrix tests every other role)."""
    if path.startswith("/berichten"):
        return Rol.BROKER
    if path.startswith("/outbox"):
        if path.endswith("/retry") or path == "/outbox/dood":
            return Rol.OPERATOR
        return Rol.BROKER
    if path.startswith(("/metrics", "/health")):
        return Rol.OPERATOR
    if path.startswith("/audit"):
        return Rol.BEHEERDER
    return Rol.GEMEENTE


class PerRol:
    """Adds the key of the endpoint's role unless the request names a key itself.

    A plain callable, so both httpx (a live server) and httpx2 (Starlette's TestClient) take it.
    """

    def __init__(self, app: FastAPI) -> None:
        served = app.state.services.settings.gemeenten
        self.keys = {
            Rol.BROKER: sleutel(app, Rol.BROKER),
            Rol.OPERATOR: sleutel(app, Rol.OPERATOR),
            Rol.GEMEENTE: sleutel(app, Rol.GEMEENTE, gemeenten=served),
            Rol.BEHEERDER: sleutel(app, Rol.BEHEERDER, gemeenten=served),
        }

    def __call__(self, request):
        if "authorization" not in request.headers:
            key = self.keys[rol_voor(request.method, request.url.path)]
            request.headers["Authorization"] = f"Bearer {key}"
        return request


def aangemeld(client):
    """The started TestClient, sending each request with its endpoint's key."""
    client.auth = PerRol(client.app)
    return client
