"""Time the werkplek's werkvoorraad page with 10,000 open requests, on SQLite and PostgreSQL.

Fills a fresh, migrated database with the rows ingest and the engine write for requests left
to a worker: per JW315 a stored `bericht`, per AangevraagdProduct a `verzoek` (in onderzoek,
or granted but waiting for the client's Contactgegevens), its decision record, the client,
and the deadline signals the service keeps (the first answer met and the final answer 8 weeks
after the Dagtekening open, or the first answer still open while the grant waits). Closed
requests (granted, rejected) with their met signals come on top, as a real database holds
them. Rows go in with multi-row INSERTs through SQLAlchemy Core, the same tables and columns
ingest writes, without building and checking 10,000 messages.

Then signs in through the form as a worker of three of the four gemeenten and runs
`GET /werkplek/werkvoorraad` in-process (TestClient, so the time covers the session lookup,
routing, the queries, the audit write and the rendering, not a network): the first page,
filtered pages and a page deep in the list, each `--reads` times, and prints p50/p95 per
scenario against the goal (p95 <= 150 ms).
SQLite always; PostgreSQL when `--database-url` or IJW_TEST_DATABASE_URL names one (in a
schema of its own, dropped afterwards).
Usage: `python bench/werkplek.py [--open 10000] [--closed 10000] [--reads 200]
[--database-url URL]`.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.clock import FixedClock  # noqa: E402
from app.config import Settings  # noqa: E402
from app.deadlines import policy  # noqa: E402
from app.deadlines.policy import Soort  # noqa: E402
from app.deadlines.service import VERZOEK  # noqa: E402
from app.deadlines.signalen import MET, OPEN  # noqa: E402
from app.gebruikers import service  # noqa: E402
from app.main import create_app  # noqa: E402
from app.persistence.models import Bericht, Beslissing, Client, Signaal, Verzoek  # noqa: E402
from app.verzoeken.status import (  # noqa: E402
    AFGEWEZEN,
    IN_ONDERZOEK,
    TOEGEKEND,
    WACHT_OP_CLIENTGEGEVENS,
)
from bench.ingest import bsns  # noqa: E402
from tests import database  # noqa: E402

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
GEMEENTEN = ("0153", "0164", "0363", "0518")
EIGEN = frozenset(GEMEENTEN[:3])
"""The worker's gemeenten: three of the four."""
AANBIEDERS = [f"{87654300 + n:08d}" for n in range(40)]
PRODUCTEN = [("45", "45A48"), ("45", "45A49"), ("44", "44A04"), ("54", "54001"), ("41", "41A05")]
GOAL_MS = 150.0
CHUNK = 1000
SCHEMA = "ijw_bench_werkplek"
WACHTWOORD = "bench paard batterij nietje"


def _aanbieder(rng: random.Random) -> str:
    """A few big aanbieders, many small ones."""
    return AANBIEDERS[min(int(rng.expovariate(0.15)), len(AANBIEDERS) - 1)]


def _chunks(rows: list[dict]) -> Iterator[list[dict]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def fill(session: Session, open_count: int, closed_count: int) -> None:
    """Store `open_count` requests in the werkvoorraad and `closed_count` answered ones."""
    rng = random.Random(20261204)
    total = open_count + closed_count
    clienten = list(bsns())  # about 9,000 test BSNs: a client may have several requests
    bekend: set[tuple[str, str]] = set()
    berichten, verzoeken, beslissingen, signalen, clients = [], [], [], [], []
    bericht_id = verzoek_id = 0
    for n in range(total):
        gemeente = GEMEENTEN[n % len(GEMEENTEN)]
        bsn = clienten[n % len(clienten)]
        aanbieder = _aanbieder(rng)
        dagtekening = TODAY - timedelta(days=rng.randint(0, 70))
        received = datetime.combine(dagtekening + timedelta(days=1), datetime.min.time(), UTC)
        bericht_id += 1
        berichten.append(
            {
                "id": bericht_id,
                "richting": "in",
                "type": "JW315",
                "berichtcode": "446",
                "afzender": aanbieder,
                "ontvanger": gemeente,
                "gemeente": gemeente,
                "identificatie": f"B{n}",
                "dagtekening_date": dagtekening,
                "identificatie_retour": None,
                "sha256": f"{n:064x}",
                "xml": b"<stand-in/>",
                "at": received,
                "uitkomst": "geaccepteerd",
                "retourcodes": None,
                "beantwoordt_id": None,
            }
        )
        if n < open_count:
            status = WACHT_OP_CLIENTGEGEVENS if rng.random() < 0.15 else IN_ONDERZOEK
        else:
            status = TOEGEKEND if rng.random() < 0.8 else AFGEWEZEN
        categorie, code = rng.choice(PRODUCTEN)
        verzoek_id += 1
        ingang = dagtekening + timedelta(days=14)
        verzoeken.append(
            {
                "id": verzoek_id,
                "soort": "VOT",
                "gemeente": gemeente,
                "aanbieder": aanbieder,
                "referentie_aanbieder": f"REF-{n:07d}",
                "bsn": bsn,
                "status": status,
                "bericht_id": bericht_id,
                "dagtekening_date": dagtekening,
                "received_at": received,
                "categorie": categorie,
                "code": code,
                "ingangsdatum_date": ingang,
                "einddatum_date": ingang + timedelta(days=181),
                "volume": 90,
                "eenheid": "01",
                "frequentie": "2",
                "budget": None,
                "verwijzer_type": "02",
                "verwijzer_code": "01012345",
                "verwijzer_naam": None,
                "reden_verzoek": None,
                "beantwoord_at": None if status in (IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS) else NOW,
            }
        )
        beslissingen.append(
            {
                "verzoek_id": verzoek_id,
                "regelset": "twente",
                "regel": "default",
                "uitkomst": "toekennen" if status == WACHT_OP_CLIENTGEGEVENS else "onderzoek",
                "figuren": {"minutes": 2430, "period_days": 182},
                "redenen": ["standaarduitkomst onderzoek"],
                "beheer": [],
                "reden_afwijzing": None,
                "besloten_door": "engine",
                "besloten_at": received,
                "bericht_id": None,
            }
        )
        eerste = received.date() + timedelta(days=7)
        wacht = status == WACHT_OP_CLIENTGEGEVENS
        signaal = {
            "onderwerp": VERZOEK,
            "onderwerp_id": verzoek_id,
            "gemeente": gemeente,
            "aanbieder": aanbieder,
            "vanaf_date": received.date(),
            "te_laat": False,
            "detail": None,
            "created_at": received,
            "changed_at": received,
        }
        signalen.append(
            signaal
            | {
                "soort": Soort.ANTWOORD_VERZOEK.value,
                "due_date": eerste,
                "status": OPEN if wacht else MET,
            }
        )
        if not wacht:
            signalen.append(
                signaal
                | {
                    "soort": Soort.EINDANTWOORD.value,
                    "due_date": policy.eindantwoord(dagtekening),
                    "status": OPEN if status == IN_ONDERZOEK else MET,
                }
            )
        if (gemeente, bsn) in bekend:
            continue
        bekend.add((gemeente, bsn))
        clients.append(
            {
                "gemeente": gemeente,
                "bsn": bsn,
                "geboortedatum_date": date(2014, 6, 9),
                "datum_gebruik": None,
                "geslacht": "2",
                "achternaam": "Jansen",
                "voorvoegsel": None,
                "voornamen": None,
                "voorletters": None,
                "contacten": None,
                "bijgewerkt_at": received,
            }
        )
    for table, rows in (
        (Bericht, berichten),
        (Verzoek, verzoeken),
        (Beslissing, beslissingen),
        (Signaal, signalen),
        (Client, clients),
    ):
        for chunk in _chunks(rows):
            session.execute(insert(table), chunk)


def time_page(client: TestClient, path: str, reads: int) -> tuple[list[float], int]:
    """Milliseconds per GET of the page, and how many requests its table listed."""
    timings = []
    listed = 0
    for _ in range(reads):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.text[:500]
        listed = response.text.count('href="/werkplek/verzoeken/')
    return timings, listed


def deep_page(client: TestClient, pages: int) -> str:
    """The path of the werkvoorraad's page `pages` on, by following its next links."""
    path = "/werkplek/werkvoorraad"
    for _ in range(pages):
        [volgende] = re.findall(r'rel="next" href="([^"]+)"', client.get(path).text)
        path = unescape(volgende)
    return path


def scenarios(client: TestClient, diep: int) -> dict[str, str]:
    """The pages timed: the first, filtered ones, and one deep in the list."""
    groot = AANBIEDERS[0]
    return {
        "eerste pagina": "/werkplek/werkvoorraad",
        "gemeente 0153": "/werkplek/werkvoorraad?gemeente=0153",
        f"grote aanbieder {groot}": f"/werkplek/werkvoorraad?aanbieder={groot}",
        "kleine aanbieder": f"/werkplek/werkvoorraad?aanbieder={AANBIEDERS[-1]}",
        "product 45A48": "/werkplek/werkvoorraad?product=45A48",
        "status wacht": "/werkplek/werkvoorraad?status=wacht_op_clientgegevens",
        "ouder dan 8 weken": "/werkplek/werkvoorraad?leeftijd=8",
        "gecombineerd": f"/werkplek/werkvoorraad?gemeente=0164&aanbieder={groot}&product=45",
        f"pagina {diep + 1}": deep_page(client, diep),
    }


def bench(url: str, label: str, args: argparse.Namespace) -> bool:
    """Fill the database at `url`, time the scenarios, print them; True when all meet the goal."""
    settings = Settings(database_url=url, gemeenten=GEMEENTEN)
    app: FastAPI = create_app(settings, clock=FixedClock(NOW))
    with TestClient(app) as client:
        services = app.state.services
        start = time.perf_counter()
        with services.sessionmaker.begin() as session:
            fill(session, args.open, args.closed)
        with services.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")  # as autovacuum would after a day's ingest
        with services.sessionmaker() as session:
            stored = session.scalar(select(Verzoek.id).order_by(Verzoek.id.desc()).limit(1))
        print(f"{label}: {stored} verzoeken gevuld in {time.perf_counter() - start:.1f} s")
        aanmelden(app, client)
        ok = True
        for name, path in scenarios(client, min(39, args.open * 3 // 4 // 50 - 2)).items():
            time_page(client, path, 5)  # warm the caches and the template
            timings, listed = time_page(client, path, args.reads)
            p50 = statistics.median(timings)
            p95 = statistics.quantiles(timings, n=20)[18]
            ok = ok and p95 <= GOAL_MS
            print(
                f"  {name:32} {listed:3} regels  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
                f"  {'ok' if p95 <= GOAL_MS else 'BOVEN DOEL'}"
            )
    return ok


def aanmelden(app: FastAPI, client: TestClient) -> None:
    """Make a worker of three of the four gemeenten and sign in through the form."""
    services = app.state.services
    with services.sessionmaker.begin() as session:
        service.aanmaken(
            session,
            "bench",
            rol="medewerker",
            gemeenten=EIGEN,
            wachtwoord=WACHTWOORD,
            bediend=frozenset(GEMEENTEN),
            now=NOW,
        )
    formulier = client.get("/werkplek/inloggen").text
    [token] = re.findall(r'name="csrf_token" value="([^"]*)"', formulier)[:1]
    response = client.post(
        "/werkplek/inloggen",
        data={"csrf_token": token, "gebruikersnaam": "bench", "wachtwoord": WACHTWOORD},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


def main() -> None:
    """Run the bench on SQLite, and on PostgreSQL when a URL is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=10_000)
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--database-url", default=os.environ.get(database.PG_ENV))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    ok = True
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            template = database.migrated_sqlite(Path(folder))
            ok = bench(database.sqlite_copy(template, Path(folder)), "SQLite", args) and ok
    if args.database_url:
        url = database.postgres_schema(args.database_url, SCHEMA)
        try:
            ok = bench(url, "PostgreSQL", args) and ok
        finally:
            database.drop_schema(args.database_url, SCHEMA)
    print("doel gehaald (p95 <= 150 ms)" if ok else "doel NIET gehaald")


if __name__ == "__main__":
    main()
