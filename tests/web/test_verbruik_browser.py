"""The Verbruik page in Chromium: the menu, filters, chart, contact time and errors, with axe."""

from __future__ import annotations

from datetime import date

import pytest

from app.access.toegang import Rol
from app.declaraties.evaluatie import steekproef
from tests.api.flow import toewijzing
from tests.declaraties.berichten import Regel, declaratie
from tests.web.browser import assert_geen_axe_overtredingen, require_assets
from tests.web.werkplek import WACHTWOORD, account

D = date
OKT = (D(2026, 10, 1), D(2026, 10, 31))


@pytest.fixture
def settings(settings):
    """Assets present, so the page is styled as in use."""
    require_assets()
    return settings


@pytest.fixture
def verbruik(live_server, page):
    """A declared toewijzing, two drawn evaluation cases, and a worker of 0153 signed in."""
    app = live_server.app
    toewijzing(app, 3001, D(2026, 10, 1), D(2026, 11, 30), omvang=(3, "04", "2"))
    with live_server.api(Rol.BROKER) as api:
        bericht = declaratie("D1", D(2026, 11, 16), "DN1", OKT, Regel("R1", 3001, *OKT, 10))
        response = api.post(
            "/berichten", content=bericht, headers={"Content-Type": "application/xml"}
        )
        assert response.status_code == 200, response.text
    for nummer in (5001, 5002):
        toewijzing(
            app, nummer, D(2025, 10, 1), D(2026, 9, 30), omvang=(4680, "01", "6"), code="54001"
        )
    services = app.state.services
    with services.sessionmaker.begin() as session:
        steekproef(
            session,
            gemeente="0153",
            producten=["54001"],
            aantal=5,
            seed=2,
            today=D(2026, 11, 20),
            now=services.clock.now(),
        )
    account(app, "a.bakker", rol="medewerker", gemeenten=("0153",))
    page.goto(f"{live_server.url}/werkplek/inloggen")
    page.get_by_label("Gebruikersnaam").fill("a.bakker")
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/werkplek/**")
    return live_server


def test_the_report_its_chart_and_recording_contact_time(verbruik, page):
    server = verbruik
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Verbruik").click()
    page.wait_for_url(f"{server.url}/werkplek/rapportages/verbruik")
    assert page.get_by_role("img", name="Toegekend en gedeclareerd per aanbieder").count() == 1
    assert page.locator("tr", has_text="3001").first.is_visible()
    assert_geen_axe_overtredingen(page)

    page.get_by_label("Productcodes").fill("54001")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**/werkplek/rapportages/verbruik?*product=54001*")
    assert page.locator("tbody th", has_text="3001").count() == 0

    page.get_by_label("Directe contacttijd in minuten (toewijzing 5001)", exact=True).fill(
        "twee uur"
    )
    page.get_by_role("button", name="Contacttijd vastleggen (toewijzing 5001)").click()
    fout = page.locator("#fout-direct-0153-5001")
    assert (
        fout.inner_text() == "De directe contacttijd is geen geheel getal: gebruik alleen cijfers."
    )
    assert_geen_axe_overtredingen(page)

    page.get_by_label("Directe contacttijd in minuten (toewijzing 5001)", exact=True).fill("2400")
    page.get_by_label("Indirecte contacttijd in minuten (toewijzing 5001)", exact=True).fill("600")
    page.get_by_role("button", name="Contacttijd vastleggen (toewijzing 5001)").click()
    page.wait_for_url("**/werkplek/rapportages/verbruik?vastgelegd=5001*")
    assert "Contacttijd van toewijzing 5001 vastgelegd." in page.get_by_role("status").inner_text()
    assert "2.400 + 600 = 3.000" in page.locator("tr", has_text="5001").last.inner_text()
    assert_geen_axe_overtredingen(page)


def test_filter_errors_stand_beside_their_fields(verbruik, page):
    server = verbruik
    page.goto(f"{server.url}/werkplek/rapportages/verbruik")
    page.get_by_label("AGB-code aanbieder").fill("123")
    page.get_by_role("button", name="Filteren").click()
    veld = page.get_by_label("AGB-code aanbieder")
    assert veld.get_attribute("aria-invalid") == "true"
    assert "precies 8 cijfers" in page.locator("#fout-aanbieder").inner_text()
    assert_geen_axe_overtredingen(page)
