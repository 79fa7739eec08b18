"""Signing in to the werkplek in TestClient tests: a Medewerker, its CSRF token, its reads.

The worker's audit records are collected on the app (`gelezen`) rather than stored: the
audit log's storage of people is tested with the sign-in; keys' reads are stored as ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Request

from app.web.sessie import CsrfOngeldig, Medewerker, huidige_medewerker, vereist_csrf

TOKEN = "csrf-token-van-de-sessie"


def als(
    app: FastAPI,
    rol: str = "medewerker",
    gemeenten: Iterable[str] = ("0153",),
    *,
    naam: str = "j.devries",
) -> Medewerker:
    """Sign a worker in for every following request of the app; forms must carry TOKEN."""
    medewerker = Medewerker(
        id=1,
        gebruikersnaam=naam,
        rol=rol,
        gemeenten=frozenset(gemeenten),  # type: ignore[arg-type]
    )

    def ingelogd(request: Request) -> Medewerker:
        request.state.csrf_token = TOKEN
        request.state.medewerker = medewerker
        return medewerker

    async def csrf(request: Request) -> None:
        form = await request.form()
        if form.get("csrf_token") != TOKEN:
            raise CsrfOngeldig

    app.dependency_overrides[huidige_medewerker] = ingelogd
    app.dependency_overrides[vereist_csrf] = csrf
    audit = app.state.services.audit
    echt = getattr(audit, "_echt", audit.record)
    app.state.werkplek_gelezen = []

    def record(session: Any, wie: Any, *, actie: str, wat: str, gelezen: Any, now: Any) -> None:
        if wie is medewerker:
            app.state.werkplek_gelezen.append((actie, wat, set(gelezen)))
        else:
            echt(session, wie, actie=actie, wat=wat, gelezen=gelezen, now=now)

    audit._echt = echt
    audit.record = record
    return medewerker


def gelezen(app: FastAPI, actie: str) -> list[tuple[str, set[tuple[str, str]]]]:
    """What the signed-in worker's reads of `actie` recorded: (wat, clients read) per read."""
    return [(wat, clienten) for a, wat, clienten in app.state.werkplek_gelezen if a == actie]
