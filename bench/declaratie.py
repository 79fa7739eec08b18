"""How long a large JW323 takes: a 5,000-prestatie declaratie judged and answered (≤ 5 s).

Makes a schema of its own on PostgreSQL (default postgresql+psycopg://postgres@127.0.0.1:5432/
test), stores one toewijzing per client at one aanbieder, and POSTs over the app's HTTP
interface (in process) a JW323 with one October prestatie per client: the last tenth declares
more than granted, so the answer lists rejected lines. Prints the time of the first POST
(judge, store, build, check and queue the JW325), of a byte-identical repost (the stored
answer), the JW323 and JW325 sizes and the peak memory the process grew by.
Usage: `python bench/declaratie.py [--prestaties 5000] [--database-url URL]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from app.access import keys  # noqa: E402
from app.access.toegang import Rol  # noqa: E402
from app.clock import FixedClock  # noqa: E402
from app.config import Settings  # noqa: E402
from app.main import create_app  # noqa: E402
from app.persistence.models import Toewijzing  # noqa: E402
from bench.ingest import bsns  # noqa: E402
from tests.database import drop_schema, postgres_schema  # noqa: E402
from tests.declaraties.berichten import Regel, declaratie  # noqa: E402

AGB = "87654321"
GEMEENTE = "0153"
OKT = (date(2026, 10, 1), date(2026, 10, 31))
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
LIMIET_SECONDEN = 5.0


def _toewijzingen(app, clients: list[str]) -> None:
    """One toewijzing of 3 hours a week per client, in one statement."""
    rows = [
        {
            "gemeente": GEMEENTE,
            "nummer": 100_000 + index,
            "aanbieder": AGB,
            "bsn": bsn,
            "versie": 1,
            "categorie": "45",
            "code": "45A48",
            "ingangsdatum_date": date(2026, 1, 1),
            "einddatum_date": date(2026, 12, 31),
            "volume": 3,
            "eenheid": "04",
            "frequentie": "2",
            "toegewezen_at": NOW,
        }
        for index, bsn in enumerate(clients)
    ]
    with app.state.services.sessionmaker.begin() as session:
        session.execute(insert(Toewijzing.__table__), rows)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prestaties", type=int, default=5000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "IJW_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    schema = f"ijw_bench_declaratie_{os.getpid()}"
    url = postgres_schema(args.database_url, schema)
    try:
        app = create_app(Settings(database_url=url, gemeenten=(GEMEENTE,)), clock=FixedClock(NOW))
        with TestClient(app) as client:
            clients = [bsn for bsn, _ in zip(bsns(), range(args.prestaties), strict=False)]
            _toewijzingen(app, clients)
            with app.state.services.sessionmaker.begin() as session:
                _row, key = keys.create(session, Rol.BROKER, naam="bench", now=NOW)
            teveel = args.prestaties - args.prestaties // 10
            regels = [
                Regel(f"R{index}", 100_000 + index, *OKT, 16 if index >= teveel else 12, bsn=bsn)
                for index, bsn in enumerate(clients)
            ]
            body = declaratie("BENCH1", date(2026, 11, 16), "DNBENCH", OKT, *regels)
            headers = {"Content-Type": "application/xml", "Authorization": f"Bearer {key}"}
            before = _peak_mib()
            started = time.perf_counter()
            first = client.post("/berichten", content=body, headers=headers)
            judged = time.perf_counter() - started
            assert first.status_code == 200, first.text
            started = time.perf_counter()
            again = client.post("/berichten", content=body, headers=headers)
            replayed = time.perf_counter() - started
            assert again.content == first.content
            rejected = first.content.count(b"<jw325:Prestatie>")
    finally:
        drop_schema(args.database_url, schema)
    print(
        f"prestaties={args.prestaties} rejected={rejected} jw323={len(body) / 1e6:.1f} MB "
        f"jw325={len(first.content) / 1e6:.1f} MB"
    )
    print(f"first POST (judge, store, answer): {judged:.2f} s (limit {LIMIET_SECONDEN:.0f} s)")
    print(f"repost (stored answer): {replayed:.2f} s")
    print(f"peak memory grew by {_peak_mib() - before:.0f} MiB during the POSTs")
    sys.exit(0 if judged <= LIMIET_SECONDEN else 1)


if __name__ == "__main__":
    main()
