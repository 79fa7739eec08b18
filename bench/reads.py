"""What access control and the audit cost a read: GET /werkvoorraad against a baseline tree.

Starts `ijw serve` (SQLite, one worker) from this tree and, with `--baseline DIR`, from another
checkout of the project (e.g. the commit before access control, in a git worktree with its
own venv), fills each with the same requests in onderzoek over HTTP, then times GET
/werkvoorraad pages of 10 and 100 requests on both, alternating batches so that drift of a
shared machine hits both alike. This tree sends a gemeente worker's key, and every read writes
its audit entry with one keyed BSN hash per client. Prints p50/p99 per server and the ratios.
Usage: `python bench/reads.py --baseline /tmp/old [--requests 400] [--reads 600]`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import bsns, free_port  # noqa: E402
from tests.api.berichten import Aangevraagd, vot  # noqa: E402

GEMEENTE = "0363"
"""A served gemeente in no rule set: every request waits in onderzoek (the default)."""
BATCH = 50


def python_of(tree: Path) -> str:
    """The interpreter of a checkout's own venv, else this one."""
    own = tree / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def key(tree: Path, env: dict[str, str], *args: str) -> str | None:
    """A key made with the tree's `ijw keys create`; None for a tree without access control."""
    made = subprocess.run(
        [python_of(tree), "-m", "app.cli", "keys", "create", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
    )
    return made.stdout.strip() if made.returncode == 0 else None


@contextlib.contextmanager
def served(tree: Path, folder: Path) -> Iterator[tuple[str, dict, dict]]:
    """The tree's `ijw serve` on SQLite; yields base URL, broker and worker headers."""
    port = free_port()
    env = os.environ | {
        "IJW_DATABASE_URL": f"sqlite:///{folder / 'ijw.db'}",
        "IJW_GEMEENTEN": GEMEENTE,
        "IJW_LOG_LEVEL": "WARNING",
        "IJW_SCAN_INTERVAL_SECONDS": "0",
    }
    command = [python_of(tree), "-m", "app.cli", "serve", "--port", str(port)]
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/health/live", timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"{tree}: ijw serve did not start") from None
                time.sleep(0.1)
        broker = key(tree, env, "--role", "broker")
        werker = key(tree, env, "--role", "gemeente", "--gemeente", GEMEENTE)
        yield base, _bearer(broker), _bearer(werker)
    finally:
        process.terminate()
        process.wait(20)


def _bearer(made: str | None) -> dict:
    return {} if made is None else {"Authorization": f"Bearer {made}"}


def fill(base: str, broker: dict, count: int) -> None:
    """Post `count` JW315s, each a new client, all of them to wait in onderzoek."""
    headers = broker | {"Content-Type": "application/xml"}
    with httpx.Client(base_url=base, headers=headers) as http:
        for n, bsn in zip(range(count), bsns(), strict=False):
            body = vot(
                f"R{n:07d}",
                date(2026, 11, 16),
                Aangevraagd(f"REF-{n}", date(2026, 12, 1), date(2027, 5, 31)),
                bsn=bsn,
                gemeente=GEMEENTE,
            )
            answer = http.post("/berichten", content=body)
            answer.raise_for_status()


def _items(body: dict | list) -> list:
    # A baseline from before the werkvoorraad was paged answers a bare list.
    return body["items"] if isinstance(body, dict) else body


def batch(http: httpx.Client, limit: int, reads: int) -> list[float]:
    """Seconds per GET /werkvoorraad?limit= for `reads` sequential reads."""
    seconds = []
    for _ in range(reads):
        began = time.perf_counter()
        answer = http.get("/werkvoorraad", params={"limit": limit})
        seconds.append(time.perf_counter() - began)
        if answer.status_code != 200 or len(_items(answer.json())) != limit:
            raise SystemExit(f"unexpected answer {answer.status_code}: {answer.text[:200]}")
    return seconds


def main() -> None:
    """Fill both servers, then time their reads in alternating batches."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout")
    parser.add_argument("--requests", type=int, default=400, help="requests in onderzoek")
    parser.add_argument("--reads", type=int, default=600, help="reads per page size per server")
    args = parser.parse_args()
    trees = {"baseline": args.baseline.resolve(), "this tree": ROOT}
    with contextlib.ExitStack() as stack:
        servers = {}
        for name, tree in trees.items():
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            base, broker, werker = stack.enter_context(served(tree, folder))
            fill(base, broker, args.requests)
            http = stack.enter_context(httpx.Client(base_url=base, headers=werker))
            servers[name] = http
            print(f"{name}: {tree}, key {'yes' if werker else 'none'}, {args.requests} requests")
        for limit in (10, 100):
            timings: dict[str, list[float]] = {name: [] for name in servers}
            for http in servers.values():
                batch(http, limit, 20)  # warm-up
            for _ in range(args.reads // BATCH):
                for name, http in servers.items():
                    timings[name] += batch(http, limit, BATCH)
            p50 = {name: statistics.median(found) * 1000 for name, found in timings.items()}
            p99 = {
                name: statistics.quantiles(found, n=100)[98] * 1000
                for name, found in timings.items()
            }
            for name in servers:
                print(
                    f"  GET /werkvoorraad?limit={limit} {name:9}: "
                    f"p50 {p50[name]:.2f} ms, p99 {p99[name]:.2f} ms"
                )
            print(
                f"  ratio this tree / baseline: p50 {p50['this tree'] / p50['baseline']:.2f}, "
                f"p99 {p99['this tree'] / p99['baseline']:.2f}"
            )


if __name__ == "__main__":
    main()
