"""How long a large JW323 takes and how much memory it needs, judged and answered in process.

Makes a database of its own (a schema on PostgreSQL, default postgresql+psycopg://postgres@
127.0.0.1:5432/test; a temporary file for an sqlite:/// URL), stores one toewijzing per
client at two aanbieders, and POSTs over the app's HTTP interface (in process, as the broker)
a JW323 per aanbieder: one prestatie per client and month (October, then September, ...);
the last `--afgewezen` part declares more than granted, so the answer lists rejected lines.
A small JW323 goes first, so what a process does once (imports, its holiday calendar) is
not counted.

The first aanbieder's POST is timed (judge, store, build, check and queue the JW325) and its
peak resident memory measured; then a byte-identical repost (the stored answer). The second
aanbieder's equal JW323 is POSTed under tracemalloc, which slows it down but counts every
Python allocation (not libxml2's trees or the database driver's buffers: those show in the
resident memory). `--maximum` fills the JW323 up to the largest accepted body (25 MiB).
Usage: `python bench/declaratie.py [--prestaties 5000 | --maximum] [--afgewezen 0.1]
[--database-url URL]`.
"""

from __future__ import annotations

import argparse
import calendar
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
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
from app.ijw.parser import DEFAULT_MAX_BYTES  # noqa: E402
from app.main import create_app  # noqa: E402
from app.persistence.models import Toewijzing  # noqa: E402
from bench.ingest import bsns  # noqa: E402
from tests.database import drop_schema, migrated_sqlite, postgres_schema  # noqa: E402
from tests.declaraties.berichten import Regel, declaratie  # noqa: E402

AANBIEDERS = ("87654321", "87654322")
OPWARMER = "87654323"
GEMEENTE = "0153"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
MAANDEN = tuple(
    (date(2026, m, 1), date(2026, m, calendar.monthrange(2026, m)[1])) for m in range(10, 0, -1)
)
"""October back to January: (first, last day) of each month."""
NUMMER_PER_AANBIEDER = 1_000_000
LIMIET_SECONDEN = 5.0


def _clienten(prestaties: int) -> list[str]:
    """As few test BSNs as carry this many prestaties at one per month (ten months at most)."""
    beschikbaar = list(bsns())
    per_client = -(-prestaties // len(beschikbaar))
    if per_client > len(MAANDEN):
        raise SystemExit(f"at most {len(beschikbaar) * len(MAANDEN)} prestaties")
    return beschikbaar[: -(-prestaties // per_client)]


def _nummer(aanbieder: int, client: int) -> int:
    return NUMMER_PER_AANBIEDER * (aanbieder + 1) + client


def _toewijzingen(app, clients: list[str]) -> None:
    """One toewijzing of 3 hours a week per client and aanbieder, in one statement each."""
    for a, aanbieder in enumerate(AANBIEDERS):
        rows = [
            {
                "gemeente": GEMEENTE,
                "nummer": _nummer(a, index),
                "aanbieder": aanbieder,
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


def _jw323(a: int, clients: list[str], prestaties: int, afgewezen: float) -> bytes:
    """The JW323 of aanbieder `a`: client by client, October back; the last part too much."""
    teveel = prestaties - round(prestaties * afgewezen)
    regels = []
    for index in range(prestaties):
        client, maand = index % len(clients), index // len(clients)
        regels.append(
            Regel(
                f"R{index}",
                _nummer(a, client),
                *MAANDEN[maand],
                40 if index >= teveel else 12,
                bsn=clients[client],
            )
        )
    regels.sort(key=lambda r: r.nummer)  # one Client element per BSN, as aanbieders send
    return declaratie(
        f"BENCH{a}",
        date(2026, 11, 16),
        f"DNBENCH{a}",
        MAANDEN[0],
        *regels,
        aanbieder=AANBIEDERS[a],
    )


def _opwarmer(clients: list[str]) -> bytes:
    """A small JW323 from an aanbieder without toewijzingen: every line rejected (9338)."""
    regels = [Regel(f"W{i}", 999_000 + i, *MAANDEN[0], 12, bsn=clients[i]) for i in range(10)]
    return declaratie(
        "OPWARMEN", date(2026, 11, 16), "DNOPWARMEN", MAANDEN[0], *regels, aanbieder=OPWARMER
    )


def _maximum(afgewezen: float) -> int:
    """The most prestaties (within one or two) whose JW323 fits in the largest accepted body."""
    n, fits = 1000, 0
    for _ in range(8):
        size = len(_jw323(0, _clienten(n), n, afgewezen))
        if size <= DEFAULT_MAX_BYTES:
            fits = max(fits, n)
        per_prestatie = size / n
        step = int((DEFAULT_MAX_BYTES - size) // per_prestatie)
        if 0 <= step <= 2:
            break
        n += step
    return fits


def _mib(kib: int) -> float:
    return kib / 1024


def _status_kib(field: str) -> int | None:
    try:
        found = re.search(rf"^{field}:\s+(\d+) kB", Path("/proc/self/status").read_text(), re.M)
    except OSError:
        return None
    return int(found.group(1)) if found else None


@contextmanager
def _resident() -> Iterator[dict[str, float]]:
    """The growth of the process's peak resident memory over the block, in MiB."""
    measured: dict[str, float] = {}
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets the peak (VmHWM) to now
        reset = True
    except OSError:
        reset = False
    before = (_status_kib("VmRSS") if reset else None) or resource.getrusage(
        resource.RUSAGE_SELF
    ).ru_maxrss
    yield measured
    after = (_status_kib("VmHWM") if reset else None) or resource.getrusage(
        resource.RUSAGE_SELF
    ).ru_maxrss
    measured["mib"] = _mib(after - before)


@contextmanager
def _traced() -> Iterator[dict[str, float]]:
    """Peak Python allocations over the block, in MiB above what was allocated before."""
    measured: dict[str, float] = {}
    tracemalloc.start()
    base, _peak = tracemalloc.get_traced_memory()
    try:
        yield measured
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        measured["mib"] = (peak - base) / 2**20


@contextmanager
def _database(url: str) -> Iterator[str]:
    if url.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{migrated_sqlite(Path(folder))}"
        return
    schema = f"ijw_bench_declaratie_{os.getpid()}"
    try:
        yield postgres_schema(url, schema)
    finally:
        drop_schema(url, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prestaties", type=int, default=5000)
    parser.add_argument(
        "--maximum", action="store_true", help="as many prestaties as fit in 25 MiB"
    )
    parser.add_argument("--afgewezen", type=float, default=0.1, help="part declaring too much")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "IJW_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    prestaties = _maximum(args.afgewezen) if args.maximum else args.prestaties
    clients = _clienten(prestaties)
    bodies = [_jw323(a, clients, prestaties, args.afgewezen) for a in range(len(AANBIEDERS))]
    with _database(args.database_url) as url:
        app = create_app(Settings(database_url=url, gemeenten=(GEMEENTE,)), clock=FixedClock(NOW))
        with TestClient(app) as client:
            _toewijzingen(app, clients)
            with app.state.services.sessionmaker.begin() as session:
                _row, key = keys.create(session, Rol.BROKER, naam="bench", now=NOW)
            headers = {"Content-Type": "application/xml", "Authorization": f"Bearer {key}"}
            # Warm up: what a process does once (imports, the holiday calendar, compiled SQL)
            # is no part of a declaratie's cost.
            warm = client.post("/berichten", content=_opwarmer(clients), headers=headers)
            assert warm.status_code == 200, warm.text
            with _resident() as resident:
                started = time.perf_counter()
                first = client.post("/berichten", content=bodies[0], headers=headers)
                judged = time.perf_counter() - started
            assert first.status_code == 200, first.text
            started = time.perf_counter()
            again = client.post("/berichten", content=bodies[0], headers=headers)
            replayed = time.perf_counter() - started
            assert again.content == first.content
            rejected = first.content.count(b"<jw325:Prestatie>")
            with _traced() as traced:
                second = client.post("/berichten", content=bodies[1], headers=headers)
            assert second.status_code == 200, second.text
            assert second.content.count(b"<jw325:Prestatie>") == rejected
    size = len(bodies[0])
    print(
        f"{url.split(':', 1)[0]}: prestaties={prestaties} clients={len(clients)} "
        f"rejected={rejected} jw323={size / 2**20:.1f} MiB "
        f"jw325={len(first.content) / 2**20:.1f} MiB"
    )
    print(f"first POST (judge, store, answer): {judged:.2f} s (limit {LIMIET_SECONDEN:.0f} s)")
    print(f"repost (stored answer): {replayed:.2f} s")
    print(
        f"peak resident memory grew by {resident['mib']:.0f} MiB "
        f"({resident['mib'] * 2**20 / size:.1f} × the body)"
    )
    print(
        f"peak Python allocations (tracemalloc): {traced['mib']:.0f} MiB "
        f"({traced['mib'] * 2**20 / size:.1f} × the body)"
    )
    sys.exit(0 if judged <= LIMIET_SECONDEN or args.maximum else 1)


if __name__ == "__main__":
    main()
