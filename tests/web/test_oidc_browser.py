"""Signing in through the gemeente's identity provider in a real browser, its pages included."""

from __future__ import annotations

import pytest

from app.config import Settings
from app.main import create_app
from tests.conftest import SERVED
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, provider
from tests.web.browser import assert_geen_axe_overtredingen
from tests.web.live import free_port, serve

GROEPEN = {"ijw-medewerkers-0153": {"rol": "medewerker", "gemeenten": ["0153"]}}


@pytest.fixture
def werkplek(database_url, clock):
    """The werkplek on a known port, signing in through a real provider made for that port."""
    port = free_port()
    with provider(f"http://127.0.0.1:{port}/werkplek/oidc/terug") as idp:
        settings = Settings(
            database_url=database_url,
            gemeenten=SERVED,
            oidc_issuer=idp.issuer,
            oidc_client_id=CLIENT_ID,
            oidc_client_secret=CLIENT_SECRET,
            oidc_groepen=GROEPEN,
        )
        with serve(create_app(settings, clock=clock), port=port) as server:
            yield server


def _bij_de_gemeente_inloggen(page, werkplek, login: str) -> None:
    page.goto(f"{werkplek.url}/werkplek/inloggen")
    assert_geen_axe_overtredingen(page)
    page.get_by_role("link", name="Inloggen via de gemeente").click()
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("wachtwoord-bij-de-gemeente")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_a_worker_signs_in_through_the_providers_login_and_consent(page, werkplek):
    _bij_de_gemeente_inloggen(page, werkplek, "consulent")
    page.wait_for_url(f"{werkplek.url}/werkplek/werkvoorraad**")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Werkvoorraad"
    assert_geen_axe_overtredingen(page)


def test_a_person_without_groups_sees_no_access_in_dutch(page, werkplek):
    _bij_de_gemeente_inloggen(page, werkplek, "zonder-groepen")
    page.wait_for_url(f"{werkplek.url}/werkplek/oidc/terug**")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Geen toegang"
    assert_geen_axe_overtredingen(page)
    page.goto(f"{werkplek.url}/werkplek/werkvoorraad")
    page.wait_for_url(f"{werkplek.url}/werkplek/inloggen")
