"""Signing in and out in Chromium: the form, its errors, the lockout, and axe on the page."""

from __future__ import annotations

import pytest

from app.web.sessie import COOKIE
from tests.web.browser import assert_geen_axe_overtredingen, require_assets
from tests.web.werkplek import WACHTWOORD, account

GEWEIGERD = "Gebruikersnaam of wachtwoord is onjuist."


@pytest.fixture
def werkplek(live_server):
    """The live app with one account, j.jansen of 0153."""
    account(live_server.app)
    return live_server


def _invullen(page, naam: str, wachtwoord: str) -> None:
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def _sessiecookie(page) -> list[dict]:
    return [cookie for cookie in page.context.cookies() if cookie["name"] == COOKIE]


def test_signing_in_and_out(werkplek, page, console_meldingen, externe_verzoeken):
    page.goto(f"{werkplek.url}/werkplek/werkvoorraad")
    assert page.url == f"{werkplek.url}/werkplek/inloggen"
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen"
    _invullen(page, "j.jansen", WACHTWOORD)
    assert page.url == f"{werkplek.url}/werkplek/werkvoorraad"
    assert "Ingelogd als j.jansen" in page.content()
    [cookie] = _sessiecookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/werkplek"
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    assert page.url == f"{werkplek.url}/werkplek/inloggen"
    assert _sessiecookie(page) == []
    page.goto(f"{werkplek.url}/werkplek/werkvoorraad")
    assert page.url == f"{werkplek.url}/werkplek/inloggen"
    assert externe_verzoeken == []
    assert [melding for melding in console_meldingen if melding.startswith("error")] == []


def test_a_wrong_password_shows_the_error_beside_the_fields(werkplek, page):
    page.goto(f"{werkplek.url}/werkplek/inloggen")
    _invullen(page, "j.jansen", "verkeerd wachtwoord!")
    assert page.url == f"{werkplek.url}/werkplek/inloggen"
    alert = page.get_by_role("alert")
    assert alert.inner_text().strip() == GEWEIGERD
    veld = page.get_by_label("Wachtwoord")
    assert veld.get_attribute("aria-describedby") == "inlog-fout"
    assert veld.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Gebruikersnaam").input_value() == "j.jansen"
    assert _sessiecookie(page) == []


def test_five_wrong_passwords_lock_the_name(werkplek, page):
    page.goto(f"{werkplek.url}/werkplek/inloggen")
    for _ in range(5):
        _invullen(page, "j.jansen", "verkeerd wachtwoord!")
        assert GEWEIGERD in page.get_by_role("alert").inner_text()
    _invullen(page, "j.jansen", WACHTWOORD)
    melding = page.get_by_role("alert").inner_text()
    assert "te vaak een verkeerd wachtwoord" in melding
    assert "Wacht 15 minuten" in melding
    assert page.url == f"{werkplek.url}/werkplek/inloggen"
    assert _sessiecookie(page) == []


def test_the_sign_in_page_passes_axe(werkplek, page):
    require_assets()
    page.goto(f"{werkplek.url}/werkplek/inloggen")
    assert_geen_axe_overtredingen(page)
    _invullen(page, "j.jansen", "verkeerd wachtwoord!")
    assert_geen_axe_overtredingen(page)


def test_a_form_with_a_forged_csrf_token_is_refused_and_changes_nothing(werkplek, page):
    page.goto(f"{werkplek.url}/werkplek/inloggen")
    _invullen(page, "j.jansen", WACHTWOORD)
    assert page.url == f"{werkplek.url}/werkplek/werkvoorraad"
    # What a page of another site would send: the form without this session's token.
    page.locator('header input[name="csrf_token"]').evaluate("veld => veld.value = 'vervalst'")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Formulier verlopen"
    assert "Er is niets opgeslagen" in page.content()
    assert len(_sessiecookie(page)) == 1
    page.goto(f"{werkplek.url}/werkplek/werkvoorraad")
    assert page.url == f"{werkplek.url}/werkplek/werkvoorraad"


def test_an_unknown_page_is_a_dutch_page_that_passes_axe(werkplek, page):
    require_assets()
    page.goto(f"{werkplek.url}/werkplek/inloggen")
    _invullen(page, "j.jansen", WACHTWOORD)
    antwoord = page.goto(f"{werkplek.url}/werkplek/bestaat-niet")
    assert antwoord is not None and antwoord.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
    assert_geen_axe_overtredingen(page)
