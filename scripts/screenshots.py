#!/usr/bin/env python3
"""Screenshots of the werkplek's main pages on the demo's traffic, for the README.

Run from the repository root, after `scripts/assets`: `.venv/bin/python scripts/screenshots.py`.
It fills a fresh SQLite database with `ijw demo`'s traffic, serves it on 127.0.0.1, signs in as
a teamleider of the demo gemeenten in Debian's Chromium (/usr/bin/chromium) and writes one PNG
(1280×900) per page into docs/screenshots/.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from app.clock import SystemClock  # noqa: E402
from app.config import Settings  # noqa: E402
from app.demo import GEMEENTEN  # noqa: E402
from app.persistence.models import Verzoek  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

CHROMIUM = "/usr/bin/chromium"
MAP = ROOT / "docs" / "screenshots"
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
TEAMLEIDER = "demo.teamleider"


@dataclass(frozen=True)
class Scherm:
    """One screenshot: its file name, the route it shows and the heading to scroll to."""

    naam: str
    route: str
    kop: str | None = None


SCHERMEN = (
    Scherm("inloggen", "/werkplek/inloggen"),
    Scherm("werkvoorraad", "/werkplek/werkvoorraad"),
    Scherm("verzoek", "/werkplek/verzoeken/{verzoek_id}", kop="Besluiten"),
    Scherm("client", "/werkplek/clienten/{ref}", kop="Toewijzingen"),
    Scherm("signalen", "/werkplek/signalen"),
    Scherm("overzicht", "/werkplek/overzicht"),
)
"""The pages shown in the README's gallery, by route template."""


def _vrije_poort() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _serveer(settings: Settings) -> Iterator[str]:
    """The app under uvicorn on a free local port until the block ends; its address."""
    import uvicorn

    from app.main import create_app

    poort = _vrije_poort()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=poort, log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise SystemExit("screenshots: the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{poort}"
    finally:
        server.should_exit = True
        thread.join(15)


def _vul(settings: Settings) -> tuple[dict[str, str], str]:
    """Fill the demo database; the URLs' parameters and the teamleider's password."""
    from app.cli.demo import fill
    from app.demo.vulling import GESTOPT
    from app.gebruikers import service as gebruikers
    from app.main import build_services
    from app.web.clienten import client_pagina_url

    fill(settings)
    wachtwoord = secrets.token_urlsafe(15)
    now = SystemClock().now()
    services = build_services(settings, SystemClock())
    try:
        with services.sessionmaker.begin() as session:
            gebruikers.aanmaken(
                session,
                TEAMLEIDER,
                rol="teamleider",
                gemeenten=GEMEENTEN,
                wachtwoord=wachtwoord,
                bediend=frozenset(settings.gemeenten),
                now=now,
            )
            # The request the rules left in onderzoek: its decision record says why.
            verzoek_id = session.scalar(
                select(Verzoek.id).where(Verzoek.status == "in_onderzoek").order_by(Verzoek.id)
            )
            url = client_pagina_url(session, GESTOPT.gemeente, GESTOPT.bsn, now)
    finally:
        services.engine.dispose()
    return {"verzoek_id": str(verzoek_id), "ref": url.rsplit("/", 1)[1]}, wachtwoord


def maak(map_: Path, melden: Callable[[str], None] = print) -> list[Path]:
    """Fill, serve, sign in and write every screenshot; the files written."""
    from playwright.sync_api import sync_playwright

    from app.cli.demo import demo_settings

    map_.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ijw-screenshots-") as tijdelijk:
        settings = demo_settings(Path(tijdelijk) / "demo.db")
        parameters, wachtwoord = _vul(settings)
        gemaakt = []
        with _serveer(settings) as adres, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport=VIEWPORT, locale="nl-NL")
            for scherm in SCHERMEN:
                if scherm.naam != "inloggen" and "inloggen" in page.url:
                    page.get_by_label("Gebruikersnaam").fill(TEAMLEIDER)
                    page.get_by_label("Wachtwoord").fill(wachtwoord)
                    page.get_by_role("button", name="Inloggen").click()
                    page.wait_for_url(lambda url: "/werkplek/inloggen" not in url)
                page.goto(adres + scherm.route.format(**parameters))
                page.wait_for_load_state("networkidle")
                if scherm.kop:
                    page.get_by_role("heading", name=scherm.kop, exact=True).first.evaluate(
                        "kop => window.scrollTo(0, kop.getBoundingClientRect().top"
                        " + window.scrollY - 16)"
                    )
                pad = map_ / f"{scherm.naam}.png"
                page.screenshot(path=str(pad))
                melden(f"screenshots: {pad.relative_to(ROOT)}")
                gemaakt.append(pad)
            browser.close()
    return gemaakt


def main() -> int:
    """Parse the arguments and make the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", type=Path, default=MAP, help="folder for the PNG files")
    maak(parser.parse_args().map.resolve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
