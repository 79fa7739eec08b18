"""The Cliënt page in Chromium: errors beside their field, a direct toewijzing, and axe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from app.access.toegang import Rol
from app.persistence.models import Bericht, Outbox
from tests.api.flow import client_bekend
from tests.web.browser import assert_geen_axe_overtredingen, require_assets
from tests.web.werkplek import WACHTWOORD, account

REGIO_B = Path(__file__).parents[1] / "decisions" / "scenarios" / "rulesets"
GEMEENTE, BSN = "0363", "999900018"


@pytest.fixture
def settings(settings):
    """Amsterdam (0363) works by 'specifiek toekennen' (region B)."""
    return settings.model_copy(update={"ruleset_dir": REGIO_B})


@pytest.fixture
def werkplek(live_server, page):
    """Signed in through the form as a worker of 0363, on the client search page."""
    require_assets()
    account(live_server.app, "j.devries", gemeenten=(GEMEENTE,))
    page.goto(f"{live_server.url}/werkplek/inloggen")
    page.get_by_label("Gebruikersnaam").fill("j.devries")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werkplek/**")
    page.goto(f"{live_server.url}/werkplek/clienten")
    return live_server


def zoek(page, bsn: str = BSN) -> str:
    """Search the client by BSN; the path of its page."""
    page.get_by_label("BSN").fill(bsn)
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/werkplek/clienten/*")
    return page.url


def test_a_form_error_is_shown_beside_its_field(werkplek, page):
    page.get_by_label("BSN").fill("999900019")
    page.get_by_role("button", name="Zoeken").click()
    veld = page.get_by_label("BSN")
    assert veld.get_attribute("aria-invalid") == "true"
    fout = page.locator("#fout-bsn")
    assert fout.inner_text() == "Dit is geen geldig BSN: het voldoet niet aan de 11-proef."
    assert fout.is_visible()
    assert "fout-bsn" in veld.get_attribute("aria-describedby").split()
    # Beside the field: the message sits in the field's own form field, right above it.
    assert page.locator(".utrecht-form-field", has=veld).locator("#fout-bsn").count() == 1
    fout_onder = fout.bounding_box()
    veld_boven = veld.bounding_box()
    assert fout_onder["y"] + fout_onder["height"] <= veld_boven["y"] + 1
    assert_geen_axe_overtredingen(page)


def test_a_direct_toewijzing_puts_its_jw301_in_the_outbox(werkplek, page):
    client_bekend(werkplek.app, gemeente=GEMEENTE)
    url = zoek(page)
    assert BSN not in url
    page.get_by_role("link", name=re.compile(r"^54002 ")).click()
    assert page.get_by_label("Volume").input_value() == "7020"
    assert page.get_by_label("Einddatum").input_value() == "2027-11-19"
    page.get_by_label("AGB-code aanbieder").fill("87654321")
    page.get_by_role("button", name="Toewijzen en JW301 versturen").click()
    page.wait_for_url("**verstuurd=*")
    assert BSN not in page.url
    with werkplek.app.state.services.sessionmaker() as session:
        [bericht] = session.scalars(
            select(Bericht).join(Outbox, Outbox.bericht_id == Bericht.id)
        ).all()
    assert bericht.type == "JW301"
    melding = page.get_by_text(f"JW301 {bericht.identificatie} aan aanbieder 87654321")
    assert melding.is_visible()
    with werkplek.api(Rol.BROKER) as api:
        [item] = api.get("/outbox").json()["items"]  # the broker fetches it
    assert item["bericht_id"] == bericht.id
    assert_geen_axe_overtredingen(page)


def test_every_page_of_the_client_has_no_axe_violations(werkplek, page):
    client_bekend(werkplek.app, gemeente=GEMEENTE)
    assert_geen_axe_overtredingen(page)  # the search form
    url = zoek(page)
    page.get_by_role("link", name=re.compile(r"^54001 ")).click()
    page.get_by_label("AGB-code aanbieder").fill("87654321")
    page.get_by_role("button", name="Toewijzen en JW301 versturen").click()
    page.wait_for_url("**verstuurd=*")
    paths = [
        "",
        "/clientgegevens",
        "/toewijzing?standaard=54001",
        "/toewijzingen/1/wijziging",
        "/toewijzingen/1/verwijdering",
        "/vooroverleg",
        "/verwijzing",
    ]
    for path in paths:
        page.goto(url + path)
        assert_geen_axe_overtredingen(page)
    page.goto(url + "/vooroverleg")
    page.get_by_role("button", name="Vastleggen").click()  # every field refused
    assert page.locator(".utrecht-form-field-error-message").count() == 5
    assert_geen_axe_overtredingen(page)
    page.goto(url + "/toewijzingen/1/wijziging")
    page.get_by_label("Nieuwe einddatum").fill("2027-05-31")
    page.get_by_label("Reden van de wijziging").select_option("05")
    page.get_by_role("button", name="Verder").click()
    assert page.get_by_text("Bevestig: de einddatum van toewijzing 1").is_visible()
    assert_geen_axe_overtredingen(page)
    page.goto(werkplek.url + "/werkplek/clienten/onbekend")
    assert_geen_axe_overtredingen(page)


def test_the_main_menu_leads_to_the_client_search(werkplek, page):
    page.goto(f"{werkplek.url}/werkplek/werkvoorraad")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Cliënten").click()
    page.wait_for_url("**/werkplek/clienten")
    assert page.get_by_role("heading", level=1).inner_text() == "Cliënt zoeken"
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.get_by_role("link", name="Cliënten").get_attribute("aria-current") == "page"
