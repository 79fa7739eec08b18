"""API keys on requests: who is calling, and whether the role and scope reach what is asked."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.access.toegang import Rol, Toegang
from app.problem import Problem

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An API key made with `ijw keys create`, sent as `Authorization: Bearer <key>`.",
)


class AccessRefused(Problem):
    """A request without a valid key, or with one whose role or scope does not reach."""


class NoKey(AccessRefused):
    """No key, an unknown key or a revoked key."""

    status_code = 401
    slug = "unauthorized"
    title = "API-sleutel ontbreekt of is ongeldig"


class WrongRole(AccessRefused):
    """A valid key of a role this endpoint does not serve."""

    status_code = 403
    slug = "forbidden-role"
    title = "Niet toegestaan voor deze rol"


class OutOfScope(AccessRefused):
    """A valid key asking for another gemeente's or aanbieder's data."""

    status_code = 403
    slug = "forbidden-scope"
    title = "Buiten het bereik van deze sleutel"


def vereist(*rollen: Rol) -> Callable[..., Coroutine[Any, Any, Toegang]]:
    """A dependency admitting valid keys of the given roles; others get 401 or 403."""
    toegestaan = frozenset(rollen)
    namen = " of ".join(rol.value for rol in rollen)

    async def toegang(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    ) -> Toegang:
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise NoKey("stuur een API-sleutel als 'Authorization: Bearer <sleutel>'")
        keys = request.app.state.services.keys
        found = keys.cached(credentials.credentials)
        if found is None:
            found = await run_in_threadpool(keys.find, credentials.credentials)
        if found is None:
            raise NoKey("de API-sleutel is onbekend of ingetrokken")
        if found.rol not in toegestaan:
            raise WrongRole(
                f"een sleutel met rol {found.rol} kan dit endpoint niet gebruiken; nodig: {namen}"
            )
        return found

    return toegang


def eigen_gemeenten(toegang: Toegang, gevraagd: str | None) -> frozenset[str]:
    """The gemeenten a list may show: the one asked for, if in scope, else the whole scope."""
    if gevraagd is None:
        return toegang.gemeenten
    if not toegang.ziet_gemeente(gevraagd):
        raise OutOfScope(f"deze sleutel is niet gebonden aan gemeente {gevraagd}")
    return frozenset({gevraagd})


def eigen_gemeente(toegang: Toegang, gemeente: str) -> None:
    """Refuse an action for a gemeente outside the key's scope."""
    if not toegang.ziet_gemeente(gemeente):
        raise OutOfScope(f"deze sleutel is niet gebonden aan gemeente {gemeente}")


Broker = Annotated[Toegang, Depends(vereist(Rol.BROKER))]
Afzender = Annotated[Toegang, Depends(vereist(Rol.BROKER, Rol.AANBIEDER))]
"""Who may post messages: a broker, or an aanbieder for its own AGB."""
OutboxLezer = Annotated[Toegang, Depends(vereist(Rol.BROKER, Rol.AANBIEDER))]
"""Who may fetch and acknowledge outbox messages: a broker, or an aanbieder its own."""
Aanbieder = Annotated[Toegang, Depends(vereist(Rol.AANBIEDER))]
Gemeentewerker = Annotated[Toegang, Depends(vereist(Rol.GEMEENTE))]
Operator = Annotated[Toegang, Depends(vereist(Rol.OPERATOR))]
Beheerder = Annotated[Toegang, Depends(vereist(Rol.BEHEERDER))]
