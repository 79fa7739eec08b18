"""`ijw serve --workers 2`: a scrape of /metrics counts the requests of every worker."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client.mmap_dict import MmapedDict
from prometheus_client.parser import text_string_to_metric_families

from app.access import keys
from app.access.toegang import Rol
from app.persistence.database import make_engine, make_sessionmaker
from tests import database

REQUESTS = 120
IJW = Path(sys.executable).with_name("ijw")


@pytest.fixture
def postgres_schema_url():
    base = database.postgres_base_url()
    if base is None:
        # Several workers need PostgreSQL: SQLite serialises writers to one process.
        pytest.skip(f"{database.PG_ENV} is not set; ijw serve --workers 2 needs PostgreSQL")
    schema = f"ijw_metrics_{os.getpid()}"
    yield database.postgres_schema(base, schema)
    database.drop_schema(base, schema)


def _operator_key(url: str) -> str:
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine).begin() as session:
            _, key = keys.create(session, Rol.OPERATOR, naam="scraper", now=datetime.now(UTC))
    finally:
        engine.dispose()
    return key


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _until(condition, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, f"{what} not within {seconds} s:\n{log.read_text()}"
        time.sleep(0.1)
    return found


def _live(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def _refusals_per_worker(folder: Path) -> dict[str, float]:
    """Counted `unauthorized` refusals by worker, read from each worker's own file."""
    counted = {}
    for path in folder.glob("counter_*.db"):
        total = 0.0
        for key, value, _, _ in MmapedDict.read_all_values_from_file(str(path)):
            _, sample, labels, _ = json.loads(key)
            if sample == "ijw_toegang_geweigerd_total" and labels == {"reden": "unauthorized"}:
                total += value
        counted[path.stem.removeprefix("counter_")] = total
    return counted


def _scraped_refusals(port: int, key: str) -> float:
    response = httpx.get(
        f"http://127.0.0.1:{port}/metrics",
        headers={"Authorization": f"Bearer {key}", "Connection": "close"},
    )
    assert response.status_code == 200, response.text
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            if sample.name == "ijw_toegang_geweigerd_total" and sample.labels == {
                "reden": "unauthorized"
            }:
                return sample.value
    return 0.0


def test_a_scrape_adds_up_the_counts_of_every_worker(postgres_schema_url, tmp_path):
    key = _operator_key(postgres_schema_url)
    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = os.environ | {
        "IJW_DATABASE_URL": postgres_schema_url,
        "IJW_GEMEENTEN": "0153",
        "IJW_LOG_LEVEL": "WARNING",
        "IJW_SCAN_INTERVAL_SECONDS": "0",
        "TMPDIR": str(temp),  # serve makes its metrics folder here, where the test can look
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    log = tmp_path / "serve.log"
    command = [str(IJW), "serve", "--port", str(port), "--workers", "2"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=out)
    try:
        _until(lambda: _live(port), 60, "ijw serve", log)
        [folder] = _until(lambda: list(temp.glob("ijw-metrics-*")), 10, "metrics folder", log)
        _until(lambda: len(_refusals_per_worker(folder)) == 2, 30, "two workers", log)

        def refused(_: int) -> int:
            # A connection per request, so the kernel hands them to either worker.
            return httpx.get(
                f"http://127.0.0.1:{port}/outbox", headers={"Connection": "close"}
            ).status_code

        with ThreadPoolExecutor(8) as pool:
            assert set(pool.map(refused, range(REQUESTS))) == {401}

        per_worker = _refusals_per_worker(folder)
        assert sum(per_worker.values()) == REQUESTS
        assert all(count > 0 for count in per_worker.values()), per_worker  # both were hit
        # Any worker may answer a scrape: every one of them sees the total.
        assert [_scraped_refusals(port, key) for _ in range(10)] == [REQUESTS] * 10
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert server.returncode == 0, log.read_text()
    assert not list(temp.glob("ijw-metrics-*"))  # the run's folder is gone with it
