"""Browser tests: the real app on a free port and Chromium on a closed network.

`live_server` runs `app.main.create_app` under uvicorn with a fresh database (SQLite, and
PostgreSQL too when IJW_TEST_DATABASE_URL is set) and the suite's fixed clock. `page` is a
Chromium page whose requests to any host but this machine are aborted (and listed in
`externe_verzoeken`); browser messages are kept in `console_meldingen`. Without playwright or
Chromium the browser tests skip, except under IJW_BROWSER_TESTS=verplicht, where they fail.
Tests using `browser` or `page` get the `browser` marker.
"""

from __future__ import annotations

import pytest

from app.main import create_app
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, is_local, without_browser
from tests.web.live import serve


def pytest_collection_modifyitems(items):
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_server(settings, clock):
    """The app as `ijw serve` builds it, on its own database, answering on 127.0.0.1."""
    with serve(create_app(settings, clock=clock)) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, headless, for the whole run."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        without_browser("playwright is not installed (the dev extra brings it)")
    if not CHROMIUM.exists():
        without_browser(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def externe_verzoeken():
    """URLs the page tried to load from another host (all aborted)."""
    return []


@pytest.fixture
def console_meldingen():
    """The browser console's messages as `type: text`, and uncaught page errors."""
    return []


@pytest.fixture
def page(browser, externe_verzoeken, console_meldingen):
    """A fresh context and page; nothing leaves this machine."""
    context = browser.new_context(locale="nl-NL", service_workers="block")

    def alleen_lokaal(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            externe_verzoeken.append(route.request.url)
            route.abort("blockedbyclient")

    context.set_default_timeout(20_000)
    context.route("**/*", alleen_lokaal)
    opened = context.new_page()
    opened.on(
        "console", lambda message: console_meldingen.append(f"{message.type}: {message.text}")
    )
    opened.on("pageerror", lambda error: console_meldingen.append(f"pageerror: {error}"))
    yield opened
    context.close()
