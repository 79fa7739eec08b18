"""Signalen and Overzicht in Chromium: a contact moment meets its signal, errors, axe."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.berichten import AGB, BSN
from tests.api.flow import client_bekend
from tests.api.test_termijnen import REGIO_B
from tests.web.browser import assert_geen_axe_overtredingen, require_assets
from tests.web.werkplek import WACHTWOORD, account


@pytest.fixture
def settings(settings):
    """Amsterdam (0363) keeps region B's contact moment; Enschede region A's deadlines."""
    require_assets()
    return settings.model_copy(update={"ruleset_dir": REGIO_B})


def _toewijzing(server, gemeente: str, ingang: date, eind: date) -> int:
    """A direct toewijzing over the JSON API, which opens its signals; its number."""
    with server.api() as api:
        response = api.post(
            "/toewijzingen",
            json={
                "gemeente": gemeente,
                "aanbieder": AGB,
                "bsn": BSN,
                "product": {"categorie": "54", "code": "54001"},
                "ingangsdatum": ingang.isoformat(),
                "einddatum": eind.isoformat(),
                "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
                "besloten_door": "j.devries",
            },
        )
    assert response.status_code == 201, response.text
    return response.json()["toewijzing_nummer"]


def _inloggen(page, server, naam: str, rol: str, gemeenten: tuple[str, ...]) -> None:
    account(server.app, naam, rol=rol, gemeenten=gemeenten)
    page.goto(f"{server.url}/werkplek/inloggen")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{server.url}/werkplek/**")


@pytest.fixture
def amsterdam(live_server, page):
    """A contact moment due 2026-11-28 in Amsterdam, and a worker of Amsterdam signed in."""
    client_bekend(live_server.app, gemeente="0363")
    nummer = _toewijzing(live_server, "0363", date(2026, 3, 1), date(2027, 2, 28))
    _inloggen(page, live_server, "a.bakker", "medewerker", ("0363",))
    return live_server, nummer


def test_a_recorded_contact_moment_meets_its_signal(amsterdam, page):
    server, nummer = amsterdam
    page.goto(f"{server.url}/werkplek/signalen")
    rij = page.locator("tr", has_text=f"Toewijzing {nummer}").filter(has_text="Contactmoment")
    assert rij.count() == 1
    assert "nog 8 dagen" in rij.inner_text()
    assert_geen_axe_overtredingen(page)

    rij.get_by_role("link", name=f"Contactmoment vastleggen (toewijzing {nummer})").click()
    assert_geen_axe_overtredingen(page)
    page.get_by_label("Datum van het contact").fill("2026-11-19")
    page.get_by_label("Telefonisch").check()
    page.get_by_label("Verlenging nodig").check()
    page.get_by_label("Deelnemers").fill("behandelaar, jeugdconsulent")
    page.get_by_role("button", name="Vastleggen").click()

    page.wait_for_url(f"{server.url}/werkplek/signalen?gemeld=*")
    melding = page.get_by_role("status")
    assert f"Contactmoment van toewijzing {nummer} vastgelegd" in melding.inner_text()
    assert "Status van het signaal: Gemeld" in melding.inner_text()
    assert page.locator("tr", has_text="Contactmoment vastleggen").count() == 0
    assert_geen_axe_overtredingen(page)


def test_form_errors_stand_beside_their_fields(amsterdam, page):
    server, nummer = amsterdam
    page.goto(f"{server.url}/werkplek/signalen")
    page.get_by_role("link", name=f"Contactmoment vastleggen (toewijzing {nummer})").click()
    page.get_by_label("Datum van het contact").fill("2026-11-21")
    page.get_by_label("Persoonlijk").check()
    page.get_by_role("button", name="Vastleggen").click()

    uitkomst = page.locator("#uitkomst-fout")
    assert uitkomst.inner_text() == "Kies een van de drie uitkomsten."
    assert page.locator("#deelnemers-fout").inner_text() == "Vul de deelnemers in."
    veld = page.get_by_label("Deelnemers")
    assert "deelnemers-fout" in (veld.get_attribute("aria-describedby") or "")
    assert veld.get_attribute("aria-invalid") == "true"
    # The error sits right above its field, inside the same form field.
    assert page.locator(".utrecht-form-field", has=veld).locator("#deelnemers-fout").count() == 1
    # What was chosen stays chosen; the date is checked again by the service once the rest is right.
    assert page.get_by_label("Persoonlijk").is_checked()
    page.get_by_label("Verlenging nodig").check()
    page.get_by_label("Deelnemers").fill("behandelaar")
    page.get_by_role("button", name="Vastleggen").click()
    assert page.locator("#datum-fout").inner_text() == "De datum 2026-11-21 ligt in de toekomst."
    assert "datum-fout" in (
        page.get_by_label("Datum van het contact").get_attribute("aria-describedby") or ""
    )
    assert_geen_axe_overtredingen(page)


def test_the_overview_has_no_axe_violations(live_server, page):
    client_bekend(live_server.app, gemeente="0363")
    _toewijzing(live_server, "0363", date(2026, 3, 1), date(2027, 2, 28))
    _inloggen(page, live_server, "t.leider", "teamleider", ("0363",))

    page.goto(f"{live_server.url}/werkplek/overzicht")

    assert page.get_by_role("heading", level=1).inner_text() == "Overzicht"
    assert page.locator("svg[role=img]").count() == 1
    assert_geen_axe_overtredingen(page)
