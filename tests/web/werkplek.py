"""Werkplek test helpers: accounts in the app's database and signing in through the form."""

from __future__ import annotations

import re
from collections.abc import Iterable

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.gebruikers import service
from tests.conftest import NOW

WACHTWOORD = "correct paard batterij"
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def account(
    app: FastAPI,
    naam: str = "j.jansen",
    *,
    rol: str = "medewerker",
    gemeenten: Iterable[str] = ("0153",),
    wachtwoord: str = WACHTWOORD,
) -> int:
    """A werkplek account in the (started) app's database; returns its id."""
    services = app.state.services
    with services.sessionmaker.begin() as session:
        row = service.aanmaken(
            session,
            naam,
            rol=rol,
            gemeenten=gemeenten,
            wachtwoord=wachtwoord,
            bediend=frozenset(services.settings.gemeenten),
            now=NOW,
        )
        return row.id


def csrf_token(html: str) -> str:
    """The CSRF token in a page's (first) form."""
    found = _CSRF.search(html)
    assert found is not None, "the page has no form with a csrf_token"
    return found.group(1)


def inloggen(
    client: TestClient, naam: str = "j.jansen", wachtwoord: str = WACHTWOORD
) -> httpx.Response:
    """Fill in and send the sign-in form (without following the redirect)."""
    formulier = client.get("/werkplek/inloggen")
    assert formulier.status_code == 200
    return client.post(
        "/werkplek/inloggen",
        data={
            "csrf_token": csrf_token(formulier.text),
            "gebruikersnaam": naam,
            "wachtwoord": wachtwoord,
        },
        follow_redirects=False,
    )
