"""Drive POST /berichten of a real `ijw serve` over HTTP; print messages/s and p50/p99 latency.

For SQLite (always) and PostgreSQL (when a server answers, or `--postgres-url` is given) the
bench prepares a fresh database, seeds toewijzingen, starts `ijw serve` in a subprocess and
sends a realistic mix from four aanbieders: 40% new VOTs (JW315, a new client each, 1-2
products), 30% starts (JW305) on seeded toewijzingen, 20% stops (JW307) of starts sent earlier
in the run and 10% byte-identical resends of earlier messages. A stop or resend is never sent
before the answer to the message it follows has arrived.

Phases per database: a warm-up (checked, not reported), then throughput (`--clients`
closed-loop clients as fast as possible, `--messages` messages) and a fixed rate (open loop,
`--rate` messages/s for `--seconds`, latency measured from each message's scheduled send
time, so a stalled server cannot hide its backlog). Every answer is counted by outcome: a
benchmark of rejections measures nothing. Goals: on PostgreSQL at least 500
messages/s, and p99 <= 50 ms at 200 messages/s.

The load generator shares the machine with the server, so every request is built before the
clock starts and sent by a minimal HTTP/1.1 keep-alive client on asyncio streams: httpx's
AsyncClient used some 40 times its CPU per request here. Each phase prints the cores busy
(machine, server, PostgreSQL, this client, the rest) and the server's CPU per message.

On PostgreSQL `--hosts N` starts N `ijw serve` processes on ports of their own, as N hosts
would run, all on the same schema; each closed-loop client (and each open-loop connection)
keeps to one of them, taken round robin. `--series` measures the throughput of 1 process with
1 worker, 1 with 2 and 2 with 2 in one run (each with its own warm-up, on the same schema), to
show how throughput grows with processes and where PostgreSQL becomes the limit: besides the
cores, each phase on PostgreSQL prints what the server's database connections were doing,
sampled ten times a second from pg_stat_activity (running, waiting for a lock or for the WAL,
idle in a transaction while the server computes). Every phase prints the load average, since
other work on a shared machine moves the figures, and the run starts with the machine's
reference figures (`bench/machine.py`), since the machine moves them too.
Usage: `python bench/ingest.py [--only sqlite|postgresql] [--workers N] [--hosts N] [--series]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.access import keys  # noqa: E402
from app.access.toegang import Rol  # noqa: E402
from app.clock import NL  # noqa: E402
from app.ijw.views import Omvang, Product  # noqa: E402
from app.persistence.database import make_engine, make_sessionmaker  # noqa: E402
from app.persistence.migrate import upgrade  # noqa: E402
from app.toewijzingen import repository  # noqa: E402
from bench.machine import describe  # noqa: E402
from tests.api.berichten import AGB, GEMEENTE, Aangevraagd, Regie, start, stop, vot  # noqa: E402
from tests.database import drop_schema, postgres_schema  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "ijw_bench"
MIX = {"vot": 0.4, "start": 0.3, "stop": 0.2, "dup": 0.1}
CODES = ("45A48", "45A49")
AANBIEDERS = (AGB, "87654322", "87654323", "87654324")
OMVANG = (90, "01", "2")  # 90 minutes a week: weekly, so a VOT needs a ToewijzingEinddatum
REDENEN = ("31", "31", "32", "34")
GOAL_RATE = 500.0
GOAL_P99_MS = 50.0
OPEN_LOOP_CONNECTIONS = 64
IDLE_SECONDS = 3.0
SERIES = ((1, 1), (1, 2), (2, 2))
"""(processes, workers each) measured by `--series`."""
APPLICATION = "ijw-bench"
"""application_name of the served processes' connections, to tell them apart in PostgreSQL."""
SAMPLE_SECONDS = 0.1
_RETOURCODE = re.compile(rb"RetourCode>([0-9A-Z]{4})<")

Made = list[tuple[str, bytes, int]]
"""A phase's messages as built: (kind, body, index of the message it follows or -1)."""


# --- messages ---------------------------------------------------------------------------


def bsns(first: int = 99990000, last: int = 99999999) -> Iterator[str]:
    """Test BSNs (999900006-999999990) passing the 11-proef, in order."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2)
    for prefix in range(first, last + 1):
        digits = str(prefix)
        check = sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
        if check <= 9:
            yield f"{digits}{check}"


def clients() -> Iterator[tuple[str, str]]:
    """(aanbieder, BSN): each a new client for that aanbieder, so no VOT of it is open (9374)."""
    for bsn in bsns():
        for aanbieder in AANBIEDERS:
            yield aanbieder, bsn


@dataclass(frozen=True, slots=True)
class Seed:
    """A toewijzing stored before the run, for a start to point at."""

    nummer: int
    aanbieder: str
    bsn: str
    code: str
    ingang: date
    eind: date


@dataclass(slots=True)
class Message:
    """One POST: its kind, its request bytes, and the message whose answer it waits for."""

    kind: str
    request: bytes
    after: int = -1


@dataclass
class Generator:
    """Fresh clients, toewijzingen and identificaties for all phases, in one sequence."""

    today: date
    rng: random.Random
    clients: Iterator[tuple[str, str]] = field(default_factory=clients)
    seeds: list[Seed] = field(default_factory=list)
    unstarted: list[Seed] = field(default_factory=list)

    def client(self) -> tuple[str, str]:
        found = next(self.clients, None)
        if found is None:
            raise SystemExit("out of test BSNs: use fewer messages")
        return found

    def toewijzing(self) -> Seed:
        """The next seeded toewijzing; a seeded client has one or two (different codes)."""
        if not self.unstarted:
            aanbieder, bsn = self.client()
            ingang = self.today - timedelta(days=self.rng.randint(40, 90))
            eind = self.today + timedelta(days=self.rng.randint(60, 300))
            for code in CODES[: self.rng.choice((1, 1, 2))]:
                seed = Seed(len(self.seeds) + 1, aanbieder, bsn, code, ingang, eind)
                self.seeds.append(seed)
                self.unstarted.append(seed)
        return self.unstarted.pop(0)

    def phase(self, tag: str, count: int, gap: int) -> Made:
        """`count` messages in the MIX; a stop follows its start by at least `gap` positions."""
        rng, today = self.rng, self.today
        made: Made = []
        originals: list[int] = []
        started: list[tuple[int, Seed, date]] = []
        counts: Counter[str] = Counter()
        for i in range(count):
            ident = f"{tag}{i:07d}"
            can = {
                "vot": True,
                "start": True,
                "stop": bool(started) and started[0][0] <= i - gap,
                "dup": bool(originals),
            }
            kind = max(
                (k for k in MIX if can[k]),
                key=lambda k: MIX[k] * (i + 1) - counts[k] + rng.uniform(0, 1.5),
            )
            counts[kind] += 1
            if kind == "vot":
                aanbieder, bsn = self.client()
                ingang = today + timedelta(days=rng.randint(1, 28))
                eind = ingang + timedelta(days=rng.choice((90, 180, 365)))
                codes = CODES if rng.random() < 0.3 else (rng.choice(CODES),)
                producten = [
                    Aangevraagd(f"{ident}-{n}", ingang, eind, "45", code, OMVANG)
                    for n, code in enumerate(codes)
                ]
                body = vot(ident, today, *producten, bsn=bsn, aanbieder=aanbieder)
                made.append((kind, body, -1))
            elif kind == "start":
                seed = self.toewijzing()
                begin = max(seed.ingang, today - timedelta(days=rng.randint(0, 30)))
                regie = Regie(seed.nummer, begin, code=seed.code)
                body = start(ident, today, regie, bsn=seed.bsn, aanbieder=seed.aanbieder)
                made.append((kind, body, -1))
                started.append((i, seed, begin))
            elif kind == "stop":
                at, seed, begin = started.pop(0)
                einde = begin + timedelta(days=rng.randint(0, (today - begin).days))
                regie = Regie(
                    seed.nummer, begin, reden=rng.choice(REDENEN), einddatum=einde, code=seed.code
                )
                body = stop(ident, today, regie, bsn=seed.bsn, aanbieder=seed.aanbieder)
                made.append((kind, body, at))
            else:
                j = rng.choice(originals[-500:])
                made.append((kind, made[j][1], j))
            if kind != "dup":
                originals.append(i)
        return made


def requests(made: Made, key: str) -> list[Message]:
    """The raw HTTP/1.1 requests, sent with the broker's key to any of the servers."""
    head = (
        f"POST /berichten HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        "Content-Type: application/xml\r\nContent-Length: {}\r\n\r\n"
    )
    return [
        Message(kind, head.format(len(body)).encode() + body, after) for kind, body, after in made
    ]


# --- a minimal HTTP/1.1 client ------------------------------------------------------------


class Connection:
    """One keep-alive connection; reconnects when the server closes it or may have timed out."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0.0

    async def post(self, request: bytes) -> tuple[int, bytes]:
        """Send a prebuilt request; (status, body), status 0 when the connection failed."""
        if self.writer is not None and time.monotonic() - self.used > IDLE_SECONDS:
            self.close()  # uvicorn may be closing it just now (keep-alive timeout 5 s)
        try:
            if self.reader is None or self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            reader = self.reader
            self.writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length, close = 0, False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                elif name == b"connection" and value.strip().lower() == b"close":
                    close = True
            body = await reader.readexactly(length)
            self.used = time.monotonic()
            if close:
                self.close()
            return int(head[9:12]), body
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
            self.close()
            return 0, type(error).__name__.encode()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Run:
    """What one phase measured: per message (kind, sent, answered, status, body)."""

    kinds: list[str]
    sent: list[float]
    answered: list[float]
    status: list[int]
    bodies: list[bytes]
    wall: float
    cpu: dict[str, float]
    backends: dict[str, float] = field(default_factory=dict)
    locked: dict[str, float] = field(default_factory=dict)


async def _drive(
    ports: list[int],
    messages: list[Message],
    *,
    clients: int,
    rate: float | None,
) -> tuple[list[float], list[float], list[int], list[bytes], float]:
    n = len(messages)
    sent, answered = [0.0] * n, [0.0] * n
    status, bodies = [0] * n, [b""] * n
    done = [asyncio.Event() for _ in range(n)]

    async def follow(i: int) -> None:
        after = messages[i].after
        if after >= 0:
            await done[after].wait()

    async def one(connection: Connection, i: int, scheduled: float | None) -> None:
        sent[i] = scheduled if scheduled is not None else time.perf_counter()
        status[i], bodies[i] = await connection.post(messages[i].request)
        answered[i] = time.perf_counter()
        done[i].set()

    began = time.perf_counter()
    if rate is None:
        order = iter(range(n))

        async def worker(port: int) -> None:
            connection = Connection(port)
            for i in order:
                await follow(i)
                await one(connection, i, None)
            connection.close()

        await asyncio.gather(*(worker(ports[k % len(ports)]) for k in range(clients)))
    else:
        pool: asyncio.Queue[Connection] = asyncio.Queue()
        for k in range(clients):
            pool.put_nowait(Connection(ports[k % len(ports)]))

        async def scheduled_send(i: int, at: float) -> None:
            await follow(i)
            connection = await pool.get()
            try:
                await one(connection, i, at)
            finally:
                pool.put_nowait(connection)

        began += 0.05
        tasks = []
        for i in range(n):
            at = began + i / rate
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(scheduled_send(i, at)))
        await asyncio.gather(*tasks)
        while not pool.empty():
            pool.get_nowait().close()
    return sent, answered, status, bodies, max(answered) - began


def drive(
    ports: list[int],
    messages: list[Message],
    *,
    clients: int,
    rate: float | None,
    server_pids: list[int],
    database: str | None,
) -> Run:
    """Send all messages (closed loop, or open loop at `rate`) and time each answer.

    With a PostgreSQL URL in `database`, the servers' connections are sampled meanwhile.
    """
    runner: Callable = asyncio.run
    with contextlib.suppress(ImportError):
        import uvloop

        runner = uvloop.run
    sampler = Backends(database) if database else None
    meter = CpuMeter(server_pids)
    sent, answered, status, bodies, wall = runner(
        _drive(ports, messages, clients=clients, rate=rate)
    )
    cpu = meter.stop()
    backends, locked = sampler.stop() if sampler else ({}, {})
    kinds = [m.kind for m in messages]
    return Run(kinds, sent, answered, status, bodies, wall, cpu, backends, locked)


# --- CPU accounting (Linux /proc; empty elsewhere) ----------------------------------------


def _machine_ticks() -> tuple[int, int]:
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields[:8]) - idle, sum(fields[:8])


def _ticks(pid: int | str, reaped: bool = False) -> int:
    """utime + stime of a process; with `reaped`, plus that of its children that have exited."""
    parts = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in parts[11 : 15 if reaped else 13])


def _tree_ticks(pid: int) -> int:
    """CPU ticks of a process and its descendants (uvicorn's workers)."""
    total = 0
    with contextlib.suppress(OSError):
        total += _ticks(pid)
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _tree_ticks(int(child))
    return total


def _postgres_ticks() -> int:
    """CPU ticks of all PostgreSQL processes, and of backends that exited (via the postmaster)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError):
                if (proc / "comm").read_text().startswith("postgres"):
                    total += _ticks(proc.name, reaped=True)
    return total


class CpuMeter:
    """Cores busy during a phase: machine, server, PostgreSQL, this load generator, the rest."""

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = server_pids
        self.wall = time.perf_counter()
        self.own = time.process_time()
        self.ticks: tuple[int, int, int, int] | None
        try:
            self.ticks = (*_machine_ticks(), self._servers(), _postgres_ticks())
        except OSError:
            self.ticks = None

    def stop(self) -> dict[str, float]:
        """Average cores busy; "other" is whatever else ran (another test run, say)."""
        wall = time.perf_counter() - self.wall
        own = (time.process_time() - self.own) / wall
        if self.ticks is None:
            return {"client": own}
        busy, total, served, stored = self.ticks
        hz = os.sysconf("SC_CLK_TCK")
        now = _machine_ticks()
        machine = (now[0] - busy) / max(now[1] - total, 1) * (os.cpu_count() or 1)
        server = (self._servers() - served) / hz / wall
        database = (_postgres_ticks() - stored) / hz / wall
        return {
            "machine": machine,
            "server": server,
            "postgres": database,
            "client": own,
            "other": max(machine - server - database - own, 0.0),
        }

    def _servers(self) -> int:
        return sum(_tree_ticks(pid) for pid in self.server_pids)


# --- what the servers' PostgreSQL connections do ----------------------------------------


class Backends:
    """Samples pg_stat_activity for the servers' connections in a thread, ten times a second."""

    QUERY = text(
        "SELECT state, wait_event_type, wait_event, left(query, 200) FROM pg_stat_activity"
        " WHERE application_name = :application"
    )

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.counts: Counter[str] = Counter()
        self.locked: Counter[str] = Counter()
        self.samples = 0
        self.halt = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        with self.engine.connect() as connection:
            while not self.halt.wait(SAMPLE_SECONDS):
                rows = connection.execute(self.QUERY, {"application": APPLICATION}).all()
                connection.commit()
                self.samples += 1
                for state, kind, event, query in rows:
                    if state == "active":
                        self.counts["active"] += 1
                        if kind:
                            self.counts[f"{kind}:{event}"] += 1
                        if kind == "Lock":
                            self.locked[" ".join(query.split())[:90]] += 1
                    elif state and state.startswith("idle in transaction"):
                        self.counts["idle in transaction"] += 1

    def stop(self) -> tuple[dict[str, float], dict[str, float]]:
        """Connections in each state or wait, and waiting for a lock by statement, on average."""
        self.halt.set()
        self.thread.join()
        self.engine.dispose()
        samples = max(self.samples, 1)
        return (
            {name: n / samples for name, n in self.counts.most_common()},
            {query: n / samples for query, n in self.locked.most_common(3)},
        )


# --- figures ------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]


def outcomes(run: Run, made: Made) -> Counter[str]:
    """Answers by outcome; a resend must get the very answer its original got."""
    found: Counter[str] = Counter()
    for i, (code, body) in enumerate(zip(run.status, run.bodies, strict=True)):
        if code != 200:
            found[f"HTTP {code}" if code else f"no answer ({body.decode()})"] += 1
            continue
        codes = set(_RETOURCODE.findall(body))
        if codes:
            telling = sorted(codes - {b"0200"}) or [b"0200"]
            found["rejected " + ",".join(c.decode() for c in telling)] += 1
        else:
            found["accepted"] += 1
        kind, _, after = made[i]
        if kind == "dup" and body != run.bodies[after]:
            found["resend answered differently"] += 1
    return found


@dataclass
class Row:
    """One line of the final table."""

    database: str
    setup: str
    phase: str
    messages: int
    rate: float
    p50: float
    p99: float
    accepted: int
    load: float


def report(database: str, setup: str, phase: str, run: Run, made: Made) -> Row:
    """Print one phase's figures and return its table row."""
    load = os.getloadavg()
    latencies = [(a - s) * 1000 for s, a in zip(run.sent, run.answered, strict=True)]
    counted = outcomes(run, made)
    n = len(latencies)
    row = Row(
        database,
        setup,
        phase,
        n,
        n / run.wall,
        percentile(latencies, 0.5),
        percentile(latencies, 0.99),
        counted["accepted"],
        load[0],
    )
    print(
        f"  {setup} {phase}: {n} messages in {run.wall:.2f} s = {row.rate:.1f} msg/s, "
        f"p50 {row.p50:.1f} ms, p99 {row.p99:.1f} ms, max {max(latencies):.1f} ms"
    )
    per_kind = []
    for kind in MIX:
        mine = [lat for lat, k in zip(latencies, run.kinds, strict=True) if k == kind]
        if mine:
            per_kind.append(
                f"{kind} {len(mine)} p50 {percentile(mine, 0.5):.1f}/p99 "
                f"{percentile(mine, 0.99):.1f}"
            )
    print("    by kind (ms): " + "; ".join(per_kind))
    print("    outcomes: " + ", ".join(f"{k} {v}" for k, v in counted.most_common()))
    if run.cpu:
        cores = ", ".join(f"{k} {v:.2f}" for k, v in run.cpu.items())
        per = (
            f"; server {run.cpu['server'] / row.rate * 1000:.1f} ms CPU/msg"
            if "server" in run.cpu
            else ""
        )
        print(f"    cpu (cores busy): {cores}{per}")
        if run.cpu.get("other", 0.0) > 0.25:
            print("    NOTE: something else used the CPU during this phase; figures are disturbed")
    if run.backends:
        waits = ", ".join(f"{k} {v:.2f}" for k, v in run.backends.items())
        print(f"    server connections in PostgreSQL (on average): {waits}")
    for query, waiting in run.locked.items():
        print(f"      {waiting:.2f} waiting for a lock in: {query}")
    print("    load average after the phase (1/5/15 min): " + " ".join(f"{v:.2f}" for v in load))
    return row


# --- databases and the server -------------------------------------------------------------


def postgres_answers(url: str) -> bool:
    """Whether something listens where the URL points."""
    parsed = make_url(url)
    try:
        with socket.create_connection((parsed.host or "127.0.0.1", parsed.port or 5432), 1):
            return True
    except OSError:
        return False


def seed(url: str, seeds: list[Seed]) -> str:
    """Store the toewijzingen that the starts point at; returns the broker's API key."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    with make_sessionmaker(engine).begin() as session:
        _, key = keys.create(session, Rol.BROKER, naam="bench broker", now=now)
        for s in seeds:
            repository.create_toewijzing(
                session,
                gemeente=GEMEENTE,
                nummer=s.nummer,
                aanbieder=s.aanbieder,
                bsn=s.bsn,
                product=Product("45", s.code),
                ingangsdatum=s.ingang,
                einddatum=s.eind,
                omvang=Omvang(*OMVANG),
                toegewezen_at=now,
            )
    engine.dispose()
    return key


def free_port() -> int:
    """A TCP port nobody listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def servers(
    url: str, hosts: int, workers: int, folder: Path
) -> Iterator[list[tuple[int, int, Path]]]:
    """`hosts` processes of `ijw serve --workers workers`, each on a port of its own."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(server(url, workers, folder)) for _ in range(hosts)]


@contextlib.contextmanager
def server(url: str, workers: int, folder: Path) -> Iterator[tuple[int, int, Path]]:
    """`ijw serve` on a free port, ready; yields (port, pid, log file)."""
    port = free_port()
    env = os.environ | {
        "IJW_DATABASE_URL": url,
        "IJW_GEMEENTEN": GEMEENTE,
        "IJW_LOG_LEVEL": "WARNING",
    }
    log = folder / f"server-{port}.log"
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=folder, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"ijw serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=2):
                    break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise SystemExit(f"ijw serve not ready in 60 s:\n{log.read_text()}") from None
                time.sleep(0.1)
        yield port, process.pid, log
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_errors(log: Path) -> list[str]:
    """Lines of the server log that tell of errors."""
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "Traceback" in line or '"level": "ERROR"' in line or "Error" in line
    ]


# --- main ---------------------------------------------------------------------------------


@dataclass
class Setup:
    """Servers to start and the phases to drive through them."""

    hosts: int
    workers: int
    """0: as the README advises, 1 on SQLite, one per core on PostgreSQL."""
    plans: dict[str, Made]


def bench_database(
    name: str,
    url: str,
    args: argparse.Namespace,
    setups: list[Setup],
    seeds: list[Seed],
    folder: Path,
) -> list[Row]:
    """Seed, serve and drive one database; print as it goes."""
    began = time.perf_counter()
    key = seed(url, seeds)
    print(f"{name}: seeded {len(seeds)} toewijzingen in {time.perf_counter() - began:.1f} s")
    sampled = None
    if name == "postgresql":
        named = make_url(url).update_query_dict({"application_name": APPLICATION})
        url = sampled = named.render_as_string(hide_password=False)
    rows: list[Row] = []
    for setup in setups:
        workers = setup.workers or (1 if name == "sqlite" else os.cpu_count() or 1)
        with servers(url, setup.hosts, workers, folder) as started:
            ports, pids = [s[0] for s in started], [s[1] for s in started]
            print(
                f"{name}: {setup.hosts} x ijw serve --workers {workers} on ports "
                f"{', '.join(map(str, ports))} (pids {', '.join(map(str, pids))})"
            )
            for phase, made in setup.plans.items():
                messages = requests(made, key)
                closed = phase in ("warm-up", "throughput")
                run = drive(
                    ports,
                    messages,
                    clients=args.clients if closed else OPEN_LOOP_CONNECTIONS,
                    rate=None if closed else args.rate,
                    server_pids=pids,
                    database=sampled,
                )
                row = report(name, f"{setup.hosts}x{workers}", phase, run, made)
                if phase != "warm-up":
                    rows.append(row)
        for _, _, log in started:
            errors = server_errors(log)
            print(f"{name}: server log {log.name} has {len(errors)} error lines")
            for line in errors[:10]:
                print(f"    {line[:300]}")
    return rows


def main() -> None:
    """Parse options, build all messages, run each database and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=4000, help="throughput phase size")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients")
    parser.add_argument("--rate", type=float, default=200.0, help="fixed rate, messages/s")
    parser.add_argument("--seconds", type=float, default=10.0, help="fixed-rate duration")
    parser.add_argument("--warmup", type=int, default=300, help="warm-up messages")
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="ijw serve --workers (default: as the README advises, 1 on SQLite, one per core on"
        " PostgreSQL)",
    )
    parser.add_argument(
        "--hosts",
        type=int,
        default=1,
        help="ijw serve processes on one PostgreSQL schema, each on a port of its own",
    )
    parser.add_argument(
        "--series",
        action="store_true",
        help="throughput of "
        + ", ".join(f"{h} process(es) x {w} worker(s)" for h, w in SERIES)
        + " in one run, instead of the usual phases",
    )
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--postgres-url", help=f"default {DEFAULT_POSTGRES} if it answers")
    parser.add_argument("--seed", type=int, default=20261116, help="random seed of the mix")
    args = parser.parse_args()
    if args.hosts < 1:
        parser.error("--hosts must be at least 1")
    if (args.hosts > 1 or args.series) and args.only != "postgresql":
        parser.error("--hosts above 1 and --series need PostgreSQL: add --only postgresql")

    today = datetime.now(NL).date()
    generator = Generator(today, random.Random(args.seed))
    gap = max(4 * args.clients, int(args.rate))
    began = time.perf_counter()
    if args.series:
        setups = [
            Setup(
                hosts,
                workers,
                {
                    "warm-up": generator.phase(f"W{step}", args.warmup, gap),
                    "throughput": generator.phase(f"T{step}", args.messages, gap),
                },
            )
            for step, (hosts, workers) in enumerate(SERIES, 1)
        ]
    else:
        plans = {
            "warm-up": generator.phase("W", args.warmup, gap),
            "throughput": generator.phase("T", args.messages, gap),
            f"{args.rate:g}/s": generator.phase("R", int(args.rate * args.seconds), gap),
        }
        setups = [Setup(args.hosts, args.workers, plans)]
    mix = Counter(kind for s in setups for made in s.plans.values() for kind, _, _ in made)
    print(describe())
    print(
        f"built {sum(mix.values())} messages in {time.perf_counter() - began:.1f} s, "
        f"Dagtekening {today}: " + ", ".join(f"{k} {v}" for k, v in mix.items())
    )

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="ijw-bench-") as tmp:
        folder = Path(tmp)
        if args.only in (None, "sqlite"):
            url = f"sqlite:///{folder / 'ijw.db'}"
            engine = make_engine(url)
            upgrade(engine)
            engine.dispose()
            rows += bench_database("sqlite", url, args, setups, generator.seeds, folder)
        if args.only in (None, "postgresql"):
            base = args.postgres_url or DEFAULT_POSTGRES
            if args.postgres_url is None and not postgres_answers(base):
                where = make_url(base)
                print(f"postgresql: skipped, nothing answers at {where.host}:{where.port or 5432}")
            else:
                url = postgres_schema(base, SCHEMA)
                try:
                    rows += bench_database("postgresql", url, args, setups, generator.seeds, folder)
                finally:
                    drop_schema(base, SCHEMA)

    print()
    workers = args.workers or "1 on SQLite, one per core on PostgreSQL"
    print(f"workers {workers}, clients {args.clients}, cpus {os.cpu_count()}")
    print(
        f"{'database':11} {'setup':6} {'phase':11} {'msgs':>6} {'msg/s':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'accepted':>9} {'load1':>6}"
    )
    for r in rows:
        print(
            f"{r.database:11} {r.setup:6} {r.phase:11} {r.messages:6} {r.rate:7.1f} "
            f"{r.p50:7.1f} {r.p99:7.1f} {r.accepted:9} {r.load:6.2f}"
        )
    for r in rows:
        if r.database != "postgresql":
            continue
        if r.phase == "throughput":
            verdict = "met" if r.rate >= GOAL_RATE else "NOT met"
            print(f"goal PostgreSQL >= {GOAL_RATE:.0f} msg/s ({r.setup}): {verdict} ({r.rate:.1f})")
        else:
            verdict = "met" if r.p99 <= GOAL_P99_MS else "NOT met"
            goal = f"p99 <= {GOAL_P99_MS:.0f} ms at {r.phase}"
            kept = "" if r.rate >= 0.95 * args.rate else f"; kept up with only {r.rate:.1f} msg/s"
            print(f"goal PostgreSQL {goal} ({r.setup}): {verdict} ({r.p99:.1f}{kept})")


if __name__ == "__main__":
    main()
