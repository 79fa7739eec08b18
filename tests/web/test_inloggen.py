"""Signing in and out of the werkplek: sessions, cookies, CSRF, lockout, expiry, disabling."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.gebruikers import service
from app.persistence.models import InlogPoging, WerkplekSessie
from app.web.sessie import COOKIE, INLOG_COOKIE, Medewerker, huidige_medewerker, vereist_csrf
from app.web.templates import render
from tests.web.werkplek import WACHTWOORD, account, csrf_token, inloggen

GEWEIGERD = "Gebruikersnaam of wachtwoord is onjuist."

proef = APIRouter(prefix="/werkplek/proef", include_in_schema=False)


@proef.get("")
def proefpagina(
    request: Request, medewerker: Annotated[Medewerker, Depends(huidige_medewerker)]
) -> Response:
    """A page that shows who is signed in, with a form."""
    return render(request, "fout.html", {"titel": medewerker.gebruikersnaam, "uitleg": "proef"})


@proef.post("")
def proefactie(
    medewerker: Annotated[Medewerker, Depends(huidige_medewerker)],
    _: Annotated[None, Depends(vereist_csrf)],
) -> dict[str, str]:
    """A state-changing form's target."""
    return {"gedaan": medewerker.gebruikersnaam}


@pytest.fixture
def werkplek(app):
    app.include_router(proef)
    with TestClient(app) as client:
        yield client


def _sessies(app) -> list[WerkplekSessie]:
    with app.state.services.sessionmaker() as session:
        return list(session.scalars(select(WerkplekSessie)))


def test_the_right_password_starts_a_session_with_a_hashed_token(werkplek, app):
    gebruiker_id = account(app)
    response = inloggen(werkplek)
    assert response.status_code == 303
    assert response.headers["location"] == "/werkplek/"
    token = werkplek.cookies.get(COOKIE)
    assert token
    [sessie] = _sessies(app)
    assert sessie.gebruiker_id == gebruiker_id
    assert token not in (sessie.token_sha256, sessie.csrf_token)
    pagina = werkplek.get("/werkplek/proef")
    assert pagina.status_code == 200
    assert "j.jansen" in pagina.text
    assert csrf_token(pagina.text) == sessie.csrf_token


def test_the_session_cookie_is_httponly_lax_and_scoped_to_the_werkplek(werkplek, app):
    account(app)
    cookie = inloggen(werkplek).headers["set-cookie"]
    sessie = next(part for part in cookie.split(", ") if part.startswith(f"{COOKIE}="))
    flags = {flag.strip().lower() for flag in sessie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/werkplek"} <= flags
    assert "secure" not in flags
    assert not any(flag.startswith(("max-age", "expires")) for flag in flags)


def test_over_https_the_cookies_are_secure(app):
    with TestClient(app, base_url="https://testserver") as client:
        account(app)
        formulier = client.get("/werkplek/inloggen")
        assert "secure" in formulier.headers["set-cookie"].lower()
        response = inloggen(client)
        assert response.status_code == 303
        sessie = [
            part for part in response.headers.get_list("set-cookie") if part.startswith(COOKIE)
        ]
        assert sessie and "secure" in sessie[0].lower()


def test_a_wrong_password_shows_the_form_again_with_an_error_and_no_session(werkplek, app):
    account(app)
    response = inloggen(werkplek, wachtwoord="verkeerd wachtwoord!")
    assert response.status_code == 200
    assert GEWEIGERD in response.text
    assert 'aria-describedby="inlog-fout"' in response.text
    assert 'value="j.jansen"' in response.text
    assert COOKIE not in werkplek.cookies
    assert all(not part.startswith(COOKIE) for part in response.headers.get_list("set-cookie"))
    assert _sessies(app) == []
    assert werkplek.get("/werkplek/proef", follow_redirects=False).status_code == 303


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(werkplek, app):
    account(app)
    onbekend = inloggen(werkplek, naam="niemand")
    fout = inloggen(werkplek, wachtwoord="verkeerd wachtwoord!")
    assert onbekend.status_code == fout.status_code == 200
    assert GEWEIGERD in onbekend.text and GEWEIGERD in fout.text


def test_empty_fields_are_asked_for_without_counting_a_failure(werkplek, app):
    account(app)
    response = inloggen(werkplek, wachtwoord="")
    assert response.status_code == 200
    assert "Vul uw gebruikersnaam en uw wachtwoord in." in response.text
    with app.state.services.sessionmaker() as session:
        assert session.scalars(select(InlogPoging)).all() == []


def test_five_failures_lock_the_name_for_fifteen_minutes(werkplek, app, clock):
    account(app)
    for _ in range(5):
        assert GEWEIGERD in inloggen(werkplek, wachtwoord="verkeerd wachtwoord!").text
        clock.moment += timedelta(minutes=1)
    geblokkeerd = inloggen(werkplek)  # the right password, too late
    assert geblokkeerd.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in geblokkeerd.text
    assert "Wacht 10 minuten" in geblokkeerd.text  # the first failure was 5 minutes ago
    assert geblokkeerd.headers["retry-after"] == str(10 * 60)
    assert GEWEIGERD not in geblokkeerd.text
    assert COOKIE not in werkplek.cookies
    clock.moment += timedelta(minutes=9)
    assert "Wacht 1 minuut" in inloggen(werkplek).text
    clock.moment += timedelta(minutes=1)
    assert inloggen(werkplek).status_code == 303


def test_an_unknown_name_is_locked_the_same_way(werkplek, app):
    account(app)
    for _ in range(5):
        inloggen(werkplek, naam="niemand", wachtwoord="verkeerd wachtwoord!")
    onbekend = inloggen(werkplek, naam="niemand")
    for _ in range(5):
        inloggen(werkplek, wachtwoord="verkeerd wachtwoord!")
    bekend = inloggen(werkplek)
    assert onbekend.status_code == bekend.status_code == 429
    assert onbekend.text.replace("niemand", "j.jansen") == bekend.text.replace(
        csrf_token(bekend.text), csrf_token(onbekend.text)
    )


def test_failures_older_than_fifteen_minutes_do_not_count(werkplek, app, clock):
    account(app)
    for _ in range(4):
        inloggen(werkplek, wachtwoord="verkeerd wachtwoord!")
    clock.moment += timedelta(minutes=15)
    inloggen(werkplek, wachtwoord="verkeerd wachtwoord!")
    assert inloggen(werkplek).status_code == 303


def test_a_success_forgets_the_failures(werkplek, app):
    account(app)
    for _ in range(4):
        inloggen(werkplek, wachtwoord="verkeerd wachtwoord!")
    assert inloggen(werkplek).status_code == 303
    werkplek.cookies.clear()
    for _ in range(4):
        inloggen(werkplek, wachtwoord="verkeerd wachtwoord!")
    assert inloggen(werkplek).status_code == 303


def test_signing_out_ends_the_session(werkplek, app):
    account(app)
    inloggen(werkplek)
    token = werkplek.cookies.get(COOKIE)
    pagina = werkplek.get("/werkplek/proef")
    response = werkplek.post(
        "/werkplek/uitloggen",
        data={"csrf_token": csrf_token(pagina.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/werkplek/inloggen"
    assert COOKIE not in werkplek.cookies
    assert _sessies(app) == []
    werkplek.cookies.set(COOKIE, token, path="/werkplek")
    assert werkplek.get("/werkplek/proef", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("pad", ["/werkplek/", "/werkplek/proef"])
def test_without_a_session_every_page_leads_to_the_sign_in_form(werkplek, app, pad):
    response = werkplek.get(pad, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/werkplek/inloggen"


def test_a_made_up_cookie_leads_to_the_sign_in_form_and_is_removed(werkplek, app):
    werkplek.cookies.set(COOKIE, "verzonnen", path="/werkplek")
    response = werkplek.get("/werkplek/proef", follow_redirects=False)
    assert response.status_code == 303
    assert f'{COOKIE}=""' in response.headers["set-cookie"]


def test_the_front_door_leads_to_the_werkvoorraad(werkplek, app):
    account(app)
    inloggen(werkplek)
    response = werkplek.get("/werkplek/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/werkplek/werkvoorraad"


def test_a_signed_in_person_is_sent_past_the_sign_in_form(werkplek, app):
    account(app)
    inloggen(werkplek)
    response = werkplek.get("/werkplek/inloggen", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/werkplek/"


@pytest.mark.parametrize("token", [None, "", "vals"])
def test_a_form_without_the_sessions_csrf_token_is_refused(werkplek, app, token):
    account(app)
    inloggen(werkplek)
    data = {} if token is None else {"csrf_token": token}
    response = werkplek.post("/werkplek/proef", data=data)
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Formulier verlopen" in response.text
    assert "Er is niets opgeslagen" in response.text
    uitloggen = werkplek.post("/werkplek/uitloggen", data=data, follow_redirects=False)
    assert uitloggen.status_code == 403
    assert len(_sessies(app)) == 1


def test_a_form_with_the_sessions_csrf_token_is_accepted(werkplek, app):
    account(app)
    inloggen(werkplek)
    token = csrf_token(werkplek.get("/werkplek/proef").text)
    response = werkplek.post("/werkplek/proef", data={"csrf_token": token})
    assert response.json() == {"gedaan": "j.jansen"}


def test_another_sessions_csrf_token_is_refused(werkplek, app):
    account(app)
    account(app, "p.pietersen")
    tweede = TestClient(app)  # a second browser on the started app
    inloggen(werkplek)
    inloggen(tweede, "p.pietersen")
    andere = csrf_token(tweede.get("/werkplek/proef").text)
    assert werkplek.post("/werkplek/proef", data={"csrf_token": andere}).status_code == 403


def test_the_sign_in_form_needs_its_own_csrf_cookie(werkplek, app):
    account(app)
    formulier = werkplek.get("/werkplek/inloggen")
    token = csrf_token(formulier.text)
    assert werkplek.cookies.get(INLOG_COOKIE) == token
    werkplek.cookies.delete(INLOG_COOKIE, path="/werkplek")
    data = {"csrf_token": token, "gebruikersnaam": "j.jansen", "wachtwoord": WACHTWOORD}
    response = werkplek.post("/werkplek/inloggen", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert COOKIE not in werkplek.cookies
    werkplek.cookies.set(INLOG_COOKIE, "iets anders", path="/werkplek")
    response = werkplek.post("/werkplek/inloggen", data=data, follow_redirects=False)
    assert response.status_code == 403


def test_a_disabled_accounts_sessions_stop_working(werkplek, app):
    account(app)
    inloggen(werkplek)
    assert werkplek.get("/werkplek/proef", follow_redirects=False).status_code == 200
    with app.state.services.sessionmaker.begin() as session:
        service.uitschakelen(session, "j.jansen")
    assert werkplek.get("/werkplek/proef", follow_redirects=False).status_code == 303
    again = inloggen(werkplek)
    assert again.status_code == 200
    assert GEWEIGERD in again.text


def test_a_session_expires_after_the_idle_time(werkplek, app, clock):
    account(app)
    inloggen(werkplek)
    clock.moment += timedelta(minutes=29)
    assert werkplek.get("/werkplek/proef", follow_redirects=False).status_code == 200
    clock.moment += timedelta(minutes=29)  # seen 29 minutes ago: still valid
    assert werkplek.get("/werkplek/proef", follow_redirects=False).status_code == 200
    clock.moment += timedelta(minutes=30)
    assert werkplek.get("/werkplek/proef", follow_redirects=False).status_code == 303
    assert _sessies(app) == []


def test_the_idle_time_is_a_setting(database_url, clock):
    from app.config import Settings
    from app.main import create_app
    from tests.conftest import SERVED

    app = create_app(
        Settings(database_url=database_url, gemeenten=SERVED, werkplek_sessie_minuten=5),
        clock=clock,
    )
    app.include_router(proef)
    with TestClient(app) as client:
        account(app)
        inloggen(client)
        clock.moment += timedelta(minutes=4)
        assert client.get("/werkplek/proef", follow_redirects=False).status_code == 200
        clock.moment += timedelta(minutes=5)
        assert client.get("/werkplek/proef", follow_redirects=False).status_code == 303


def test_a_hash_with_weaker_parameters_is_renewed_at_sign_in(werkplek, app, monkeypatch):
    from argon2 import PasswordHasher

    from app.persistence.models import Gebruiker

    account(app)
    monkeypatch.setattr(
        service, "_hasher", PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    )
    assert inloggen(werkplek).status_code == 303
    with app.state.services.sessionmaker() as session:
        [row] = session.scalars(select(Gebruiker)).all()
    assert "$m=16,t=2,p=1$" in row.wachtwoord_hash
    werkplek.cookies.clear()
    assert inloggen(werkplek).status_code == 303


def test_an_unknown_werkplek_page_signed_out_leads_to_the_sign_in(werkplek):
    response = werkplek.get("/werkplek/bestaat-niet", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/werkplek/inloggen"


def test_an_unknown_werkplek_page_signed_in_is_a_dutch_page(werkplek, app):
    account(app)
    inloggen(werkplek)
    response = werkplek.get("/werkplek/bestaat-niet")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Pagina niet gevonden" in response.text


def test_an_unknown_api_path_stays_problem_json(werkplek):
    response = werkplek.get("/bestaat-niet")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
