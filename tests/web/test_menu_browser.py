"""The layout once signed in, in Chromium: the menu follows the role; axe on the werkvoorraad."""

from __future__ import annotations

import pytest

from app.web.overzicht import MAG_OVERZICHT
from tests.web.browser import assert_geen_axe_overtredingen, inloggen_als, require_assets


@pytest.fixture(autouse=True)
def _assets():
    require_assets()


@pytest.mark.parametrize("rol", ["medewerker", "teamleider", "beheerder"])
def test_signed_in_the_menu_follows_the_role_and_signing_out_ends_it(live_server, page, rol):
    inloggen_als(page, live_server, f"werker-{rol}", rol=rol)
    assert page.url == f"{live_server.url}/werkplek/werkvoorraad"
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    verwacht = ["Werkvoorraad", "Cliënten", "Signalen", "Verbruik"]
    verwacht += ["Overzicht"] if rol in MAG_OVERZICHT else []
    assert menu.get_by_role("link").all_inner_texts() == verwacht
    assert menu.locator("[aria-current=page]").inner_text() == "Werkvoorraad"
    assert page.get_by_text(f"Ingelogd als werker-{rol}").is_visible()

    menu.get_by_role("link", name="Signalen").click()
    assert page.url == f"{live_server.url}/werkplek/signalen"
    assert menu.locator("[aria-current=page]").inner_text() == "Signalen"

    page.get_by_role("button", name="Uitloggen").click()
    assert page.url == f"{live_server.url}/werkplek/inloggen"
    page.goto(f"{live_server.url}/werkplek/werkvoorraad")
    assert page.url == f"{live_server.url}/werkplek/inloggen"


def test_the_werkvoorraad_of_a_signed_in_worker_passes_axe(live_server, page):
    inloggen_als(page, live_server, rol="teamleider")
    assert_geen_axe_overtredingen(page)
