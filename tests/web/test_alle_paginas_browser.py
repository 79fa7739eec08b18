"""Every werkplek page a teamleider reaches by links, on the demo's traffic: axe and the basics.

The app is filled in-process by the demo's own fill (every state of a request, signals, a
client without an address); the crawl starts at /werkplek/ and follows same-origin links, each
route template first, until every GET page template has been seen or the bound is reached.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pytest

from app.config import Settings
from app.demo import GEMEENTEN, REGELSETS
from app.demo.vulling import vul
from app.main import create_app
from app.web import clienten, overzicht, rapportages, signalen, verzoeken
from tests.conftest import NOW
from tests.web.browser import assert_geen_axe_overtredingen, inloggen_als, require_assets
from tests.web.live import serve

MAX_PAGINAS = 60
PER_SJABLOON = 3
"""Pages of one route template at most: the others differ only in their data."""
NIET_VOLGEN = re.compile(r"/werkplek/(static/|inloggen|oidc/|uitloggen)|\.(csv|xml)$")
"""Sign-in and sign-out, files and downloads: no werkplek page to check."""
DOWNLOADS = (".csv", ".xml")
"""Routes of files to download rather than pages."""


@dataclass(frozen=True)
class Sjabloon:
    """A GET route of the werkplek: its path template and the regex of its paths."""

    pad: str
    regex: re.Pattern[str]


def sjablonen() -> list[Sjabloon]:
    """The werkplek's GET page routes of the pages a signed-in worker works on."""
    found = []
    for module in (verzoeken, clienten, signalen, overzicht, rapportages):
        for route in module.router.routes:
            pad = "/werkplek" + route.path
            if "GET" in route.methods and not pad.endswith(DOWNLOADS):
                found.append(Sjabloon(pad, route.path_regex))
    return found


def sjabloon_van(pad: str, alle: list[Sjabloon]) -> str | None:
    """The route template a path belongs to, or None."""
    binnen = pad.removeprefix("/werkplek")
    for sjabloon in alle:
        if sjabloon.regex.match(binnen):
            return sjabloon.pad
    return None


@pytest.fixture
def demo_server(database_url, clock):
    """The app on the demo's gemeenten and rule sets, filled by the demo's own traffic."""
    require_assets()
    settings = Settings(database_url=database_url, gemeenten=GEMEENTEN, ruleset_dir=REGELSETS)
    with serve(create_app(settings, clock=clock)) as server:
        vul(server.app.state.services, clock, NOW)
        yield server


def _gebreken(page, response) -> list[str]:
    """What is wrong with the page just loaded: status, h1, title, lang, headers, axe."""
    gebreken = []
    if response is None or response.status != 200:
        gebreken.append(f"status {None if response is None else response.status}")
        return gebreken
    koppen = page.locator("h1").count()
    if koppen != 1:
        gebreken.append(f"{koppen} h1-koppen")
    if not page.title().strip():
        gebreken.append("geen <title>")
    if page.locator("html").get_attribute("lang") != "nl":
        gebreken.append('geen lang="nl"')
    headers = response.headers
    csp = headers.get("content-security-policy", "")
    if not csp or "'unsafe-inline'" in csp or "frame-ancestors 'none'" not in csp:
        gebreken.append(f"CSP {csp!r}")
    if "no-store" not in headers.get("cache-control", ""):
        gebreken.append(f"Cache-Control {headers.get('cache-control')!r}")
    try:
        assert_geen_axe_overtredingen(page)
    except AssertionError as axe:
        gebreken.append(str(axe))
    return gebreken


def _links(page, basis: str) -> list[str]:
    """The page's same-origin werkplek links to follow, as path and query."""
    found = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        delen = urlsplit(href)
        if f"{delen.scheme}://{delen.netloc}" != basis:
            continue
        if not delen.path.startswith("/werkplek/") or NIET_VOLGEN.search(delen.path):
            continue
        found.append(urlunsplit(("", "", delen.path, delen.query, "")))
    return found


def test_every_page_a_teamleider_reaches_passes_axe_and_has_the_basics(demo_server, page):
    server = demo_server
    alle = sjablonen()
    gebreken: dict[str, list[str]] = {}

    aanmelden = page.goto(f"{server.url}/werkplek/inloggen")
    gebreken["/werkplek/inloggen"] = _gebreken(page, aanmelden)
    inloggen_als(page, server, "demo.teamleider", rol="teamleider", gemeenten=GEMEENTEN)

    wachtrij: deque[str] = deque(["/werkplek/"])
    gezien: set[str] = set(wachtrij)
    per_sjabloon: dict[str, int] = {}
    while wachtrij and len(gebreken) < MAX_PAGINAS:
        # A page of a template not yet visited goes first; then the rest in link order.
        nieuw = [
            url for url in wachtrij if sjabloon_van(urlsplit(url).path, alle) not in per_sjabloon
        ]
        url = nieuw[0] if nieuw else wachtrij[0]
        wachtrij.remove(url)
        sjabloon = sjabloon_van(urlsplit(url).path, alle) or urlsplit(url).path
        if per_sjabloon.get(sjabloon, 0) >= PER_SJABLOON:
            continue
        per_sjabloon[sjabloon] = per_sjabloon.get(sjabloon, 0) + 1
        response = page.goto(server.url + url)
        gebreken[url] = _gebreken(page, response)
        for link in _links(page, server.url):
            if link not in gezien:
                gezien.add(link)
                wachtrij.append(link)

    niet_bereikt = {sjabloon.pad for sjabloon in alle} - set(per_sjabloon)
    assert not niet_bereikt, f"no link led to {sorted(niet_bereikt)}"
    fout = {url: lijst for url, lijst in gebreken.items() if lijst}
    assert not fout, "\n\n".join(f"{url}:\n" + "\n".join(lijst) for url, lijst in fout.items())
    assert len(gebreken) >= len(alle) + 1
