"""Chromium for browser tests, a closed network for it, and the accessibility check."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
MODE = "IJW_BROWSER_TESTS"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root
    # No traffic of Chromium's own: the machines this runs on have a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def verplicht() -> bool:
    """Whether browser tests must run (CI): a missing browser then fails instead of skipping."""
    return os.environ.get(MODE) == "verplicht"


def without_browser(reason: str) -> None:
    """Skip the test for a missing browser, or fail it where browser tests are required."""
    if verplicht():
        pytest.fail(f"{reason}, and {MODE}=verplicht requires browser tests", pytrace=False)
    pytest.skip(reason)


def is_local(url: str) -> bool:
    """Whether a request stays on this machine (or is not a network request at all)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOCAL_HOSTS


def assert_geen_axe_overtredingen(page, ontheffingen: dict[str, str] | None = None) -> None:
    """Run axe-core on the page with the WCAG 2.1 A and AA rules: no violation may remain.

    `ontheffingen` maps a rule id to a CSS selector of third-party nodes this project cannot
    change (say why where it is used); a violation of that rule on a matching node is let go,
    every other node and rule still counts.
    """
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    for violation in results.response["violations"]:
        selector = (ontheffingen or {}).get(violation["id"])
        if selector:
            violation["nodes"] = [
                node for node in violation["nodes"] if not _matches(page, node, selector)
            ]
    results.response["violations"] = [v for v in results.response["violations"] if v["nodes"]]
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def _matches(page, node: dict, selector: str) -> bool:
    """Whether axe's node (a selector path, possibly into frames) is one `selector` names."""
    if len(node["target"]) != 1:
        return False
    return page.locator(node["target"][0]).evaluate("(e, s) => e.matches(s)", selector)


def require_assets() -> None:
    """Skip (or fail, where browser tests are required) when scripts/assets has not run."""
    from app.web.statisch import ontbrekende_assets

    missing = ontbrekende_assets()
    if missing:
        without_browser(f"vendor assets not built, run scripts/assets (missing {missing})")


def inloggen_als(page, server, naam: str = "j.jansen", **account_velden) -> None:
    """Make a werkplek account in the live server's database and sign in through the form.

    `account_velden` go to `tests.web.werkplek.account` (rol, gemeenten, wachtwoord).
    """
    from tests.web.werkplek import WACHTWOORD, account

    wachtwoord = account_velden.setdefault("wachtwoord", WACHTWOORD)
    account(server.app, naam, **account_velden)
    page.goto(f"{server.url}/werkplek/inloggen")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/werkplek/inloggen" not in url)
