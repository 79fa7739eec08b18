"""The werkvoorraad and verzoek pages in Chromium: grant, reject, 404, escaping, axe."""

from __future__ import annotations

from datetime import date

import pytest

from app.persistence.models import Bericht, Outbox, Verzoek
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import client_bekend, rows
from tests.web.browser import assert_geen_axe_overtredingen, require_assets
from tests.web.werkplek import WACHTWOORD, account

DAG = date(2026, 11, 16)
START, EIND = date(2026, 12, 1), date(2027, 5, 31)


@pytest.fixture
def server(live_server):
    """The live app with a worker of 0153 and a request of 0153 in onderzoek."""
    require_assets()
    account(live_server.app, "j.devries", gemeenten=("0153",))
    live_server.post_bericht(vot("VOT-1", DAG, Aangevraagd("R-1", START, EIND)))
    client_bekend(live_server.app)
    return live_server


@pytest.fixture
def ingelogd(server, page):
    """The page, signed in through the form as the worker of 0153."""
    page.goto(f"{server.url}/werkplek/inloggen")
    page.fill("#gebruikersnaam", "j.devries")
    page.fill("#wachtwoord", WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werkplek/**")
    return page


def _verzoek_id(app, referentie: str = "R-1") -> int:
    [verzoek] = rows(app, Verzoek, Verzoek.referentie_aanbieder == referentie)
    return verzoek.id


def test_grant_from_the_werkvoorraad_sends_a_jw301_and_shows_it(server, ingelogd):
    page = ingelogd
    page.goto(f"{server.url}/werkplek/werkvoorraad")
    assert_geen_axe_overtredingen(page)
    page.get_by_role("link", name="R-1").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Verzoek R-1"
    assert_geen_axe_overtredingen(page)

    page.get_by_role("button", name="Toekenning controleren").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Toekenning bevestigen"
    assert_geen_axe_overtredingen(page)
    page.get_by_role("button", name="Toekenning versturen").click()

    assert "Het verzoek is toegekend" in page.get_by_role("status").inner_text()
    assert "<jw301:Bericht" in page.locator("pre").inner_text()
    [jw301] = rows(server.app, Bericht, Bericht.type == "JW301")
    assert rows(server.app, Outbox, Outbox.bericht_id == jw301.id)
    assert rows(server.app, Verzoek)[0].status == "toegekend"
    assert_geen_axe_overtredingen(page)


def test_reject_with_woonplaatsbeginsel_sends_a_jw319(server, ingelogd):
    page = ingelogd
    page.goto(f"{server.url}/werkplek/verzoeken/{_verzoek_id(server.app)}")

    page.get_by_label("Reden van afwijzing").select_option("8")
    page.get_by_role("button", name="Afwijzing controleren").click()
    fout = page.locator("#afwijzing-fout-woonplaatsbeginsel_gemeente")
    assert "TR377" in fout.inner_text()
    assert_geen_axe_overtredingen(page)  # the page with an error beside its field
    page.get_by_label("Verantwoordelijke gemeente bij woonplaatsbeginsel").fill("0164")
    page.get_by_role("button", name="Afwijzing controleren").click()
    assert "Hengelo" in page.get_by_role("main").inner_text()
    page.get_by_role("button", name="Afwijzing versturen").click()

    assert "Het verzoek is afgewezen" in page.get_by_role("status").inner_text()
    xml = page.locator("pre").inner_text()
    assert "<jw319:RedenAfwijzingVerzoek>8</jw319:RedenAfwijzingVerzoek>" in xml
    assert rows(server.app, Verzoek)[0].status == "afgewezen"


def test_another_gemeentes_request_is_a_dutch_404(server, ingelogd):
    server.post_bericht(
        vot("VOT-2", DAG, Aangevraagd("R-2", START, EIND), gemeente="0164", bsn="999900031")
    )

    response = ingelogd.goto(f"{server.url}/werkplek/verzoeken/{_verzoek_id(server.app, 'R-2')}")

    assert response.status == 404
    assert ingelogd.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    assert_geen_axe_overtredingen(ingelogd)


def test_markup_from_a_message_is_shown_as_text_and_never_runs(server, ingelogd):
    markup = "<script>alert(1)</script>"
    xml = vot("VOT-X", DAG, Aangevraagd("R-X", START, EIND), bsn="999900043")
    xml = xml.replace(b"R-X", b"&lt;script&gt;alert(1)&lt;/script&gt;").replace(
        b"<ijw:Achternaam>Jansen</ijw:Achternaam>",
        b"<ijw:Achternaam>&lt;img src=x onerror=alert(2)&gt;</ijw:Achternaam>",
    )
    server.post_bericht(xml)
    dialogen: list[str] = []
    ingelogd.on("dialog", lambda dialog: (dialogen.append(dialog.message), dialog.dismiss()))

    ingelogd.goto(f"{server.url}/werkplek/werkvoorraad")
    ingelogd.get_by_role("link", name=markup).click()
    main = ingelogd.get_by_role("main").inner_text()
    ingelogd.get_by_role("link", name="JW315 bekijken").click()
    xml_getoond = ingelogd.locator("pre").inner_text()

    assert f"Verzoek {markup}" in main
    assert "<img src=x onerror=alert(2)>" in main
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml_getoond
    assert dialogen == []
    assert ingelogd.locator("script").count() == ingelogd.locator("script[src]").count()
