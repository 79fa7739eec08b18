"""Who is signed in to the werkplek, and the CSRF guard on every state-changing form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import Request

Rol = Literal["medewerker", "teamleider", "beheerder"]


@dataclass(frozen=True, slots=True)
class Medewerker:
    """A signed-in person: name, role and the gemeenten whose work they may see."""

    id: int
    gebruikersnaam: str
    rol: Rol
    gemeenten: frozenset[str]


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
    """Refuse a form whose csrf_token does not match the session's."""
    form = await request.form()
    verwacht = getattr(request.state, "csrf_token", None)
    if not verwacht or form.get("csrf_token") != verwacht:
        raise CsrfOngeldig
