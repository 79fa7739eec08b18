"""Time the deadline scan (`ijw deadlines scan`) on PostgreSQL with a million toewijzingen.

The bench creates a schema of its own, migrates it and fills it server-side (INSERT ... SELECT
over generate_series, no rows through Python) with `--toewijzingen` toewijzingen for four
gemeenten, 40 aanbieders (a few big ones, many small) and clients of two toewijzingen each,
with starts for most, stops for part of them and the signals the service would have opened for
them (app/deadlines/service.py): START_ZORG (met, or open while no JW305 came), STOP_ZORG
(opened at the start when there is an Einddatum, met by a definitive JW307), RETOUR on every
JW301, and the regional VERLENGING/EVALUATIE (the bundled twente rule set, for Enschede and
Hengelo) and CONTACTMOMENT (the ggz-specifiek-toekennen rule set, for 's-Gravenhage here; the
seed names no gemeenten). Due dates come from app/deadlines/policy.py and the real working-day
calendar, computed once per calendar day in Python and joined in SQL. Ingangsdatums spread over
the last 20 months and the next 4 weeks, so a real fraction of the open signals is past due:
the first scan works off that backlog (every signal is stored 'open', as if no scan had ever
run), later scans with the same `today` change nothing.

Not filled, as the scan does not read them: toewijzing_versie, verzoeken, clients; the starts
and stops all point at one stand-in JW305 and one JW307 bericht, and RETOUR signals at
bericht ids that are not stored (signaal.onderwerp_id has no foreign key).

Then VACUUM ANALYZE, and `app.deadlines.scan.scan` in its own transaction with a fixed `today`,
`--runs` times: the first run turns the backlog overdue, the later ones are idempotent no-ops.
The scan moves its watermark (signaal_scan.tot) and counts the signals it passed; it writes no
signal, as every read derives overdue from the watermark. Goal: a full scan in at most 2 s.
The plans of the scan's count (the backlog, the idempotent rerun and the daily case where one
day's signals fall due) are printed with whether they use ix_signaal_status_due_date_soort,
and the row updates of signaal (none); then the bench vacuums signaal and times the reruns and the
next day's scan (today + 1) again. Last, `GET /signalen`-style reads with the repository's
effective state and its filter (app/deadlines/repository.py) of the busiest and a median
gemeente/aanbieder pair (first page of 100 open, first page of overdue, all open, all open or
overdue), with their plans and whether they use ix_signaal_gemeente_aanbieder_status_due_date,
and the overdue gauge of /metrics.
Usage: `python bench/deadlines.py [--toewijzingen N] [--runs N] [--keep] [--postgres-url URL]`.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import Engine, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.clock import NL, date_of  # noqa: E402
from app.config import Settings  # noqa: E402
from app.deadlines import policy, repository  # noqa: E402
from app.deadlines.policy import Soort  # noqa: E402
from app.deadlines.repository import overdue_per_soort  # noqa: E402
from app.deadlines.scan import scan  # noqa: E402
from app.deadlines.service import BERICHT, TOEWIJZING  # noqa: E402
from app.deadlines.signalen import CLOSED, LOPEND, MET, OPEN, OVERDUE  # noqa: E402
from app.decisions.ruleset import load_rule_sets  # noqa: E402
from app.ijw.werkdagen import Werkdagen  # noqa: E402
from app.ingest.repository import ACTIEF  # noqa: E402
from app.persistence.database import make_engine, make_sessionmaker  # noqa: E402
from app.persistence.models import Signaal  # noqa: E402
from tests.database import drop_schema, postgres_schema  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "ijw_bench_deadlines"
GOAL_SECONDS = 2.0
SCAN_INDEX = "ix_signaal_status_due_date_soort"
COUNT = repository._OPEN_DUE_BETWEEN
"""The scan's one read of signaal: the open signals due between the old and new watermark."""
LIST_INDEX = "ix_signaal_gemeente_aanbieder_status_due_date"
TWENTE = ("0153", "0164")  # Enschede, Hengelo: verlenging and evaluatie (twente.toml)
GGZ = "0518"  # 's-Gravenhage as a ggz-specifiek-toekennen gemeente: contactmoment
GEMEENTEN = (*TWENTE, GGZ, "0363")  # Amsterdam: no regional deadlines
AANBIEDERS = 40
SEED = 0.20261128


# --- the working-day calendar and policy, one row per calendar day ------------------------


def termijnen() -> dict[str, object]:
    """The regional terms of the bundled rule sets the bench uses."""
    sets = {rule_set.name: rule_set.termijnen for rule_set in load_rule_sets()}
    twente, ggz = sets["twente"], sets["ggz-specifiek-toekennen"]
    return {
        "vanaf_weken": twente.verlenging_vanaf_weken,
        "uiterlijk_weken": twente.verlenging_uiterlijk_weken,
        "evaluatie_maanden": twente.evaluatie_maanden,
        "evaluatie_na_maanden": twente.evaluatie_na_looptijd_maanden,
        "contact_maanden": ggz.contactmoment_maanden,
    }


KAL_COLUMNS = (
    "d",
    "regie",
    "start",
    "retour",
    "verl_vanaf",
    "verl_due",
    "eval_due",
    "eval_grens",
    "contact_due",
)


def kalender_rows(today: date, terms: dict[str, object]) -> Iterator[tuple[date, ...]]:
    """Per calendar day around `today`: every due date the policy derives from that day."""
    kalender = Werkdagen()
    start_werkdagen = Settings.model_fields["start_signaal_werkdagen"].default
    for offset in range(-900, 1300):
        d = today + timedelta(days=offset)
        vanaf, due = policy.verlenging(d, terms["vanaf_weken"], terms["uiterlijk_weken"])
        yield (
            d,
            policy.regie(d, kalender),
            policy.start_zorg(d, d, kalender, start_werkdagen),
            policy.retour(d, kalender),
            vanaf,
            due,
            policy.evaluatie(d, terms["evaluatie_maanden"]),
            policy.verwijzing_start(d, terms["evaluatie_na_maanden"]),
            policy.contactmoment(d, terms["contact_maanden"]),
        )


# --- the fill -----------------------------------------------------------------------------


def ts(column: str) -> str:
    """SQL: 10:00 Dutch time on a date column, as timestamptz."""
    return f"(({column}) + time '10:00') AT TIME ZONE 'Europe/Amsterdam'"


def plan_sql(n: int, today: date) -> str:
    """SQL: one row per toewijzing with everything that happened to it (a temporary table)."""
    t = f"DATE '{today.isoformat()}'"
    randoms = ", ".join(f"random() AS r{k}" for k in range(1, 16))
    gemeenten = ", ".join(f"'{g}'" for g in GEMEENTEN)
    return f"""
    CREATE TEMP TABLE plan AS
    WITH r AS (
        SELECT i, (i - 1) / 2 AS c, {randoms} FROM generate_series(1, {n}) AS i
    ), a AS (
        SELECT r.*, {t} + 28 - floor(r1 * 600)::int AS ingang,
               (ARRAY[91, 182, 365, 730])[1 + floor(r3 * 4)::int] AS looptijd
        FROM r
    ), b AS (
        SELECT a.*,
               CASE WHEN r2 < 0.05 THEN NULL ELSE ingang + looptijd - 1 END AS eind,
               least({t}, CASE WHEN r4 < 0.1 THEN ingang + floor(r5 * 21)::int
                               ELSE ingang - floor(r5 * 10)::int END) AS verzonden
        FROM a
    ), s AS (
        SELECT b.*, ingang < {t} AND r6 < 0.92 AS started,
               least({t}, ingang + floor(power(r7, 3) * 14)::int) AS begin,
               coalesce(eind < {t}, false) AS ended
        FROM b
    ), p AS (
        SELECT s.*,
               least({t}, greatest(begin, verzonden) + floor(power(r8, 2) * 12)::int)
                   AS start_ontvangen,
               started AND ((ended AND r9 < 0.88) OR (NOT ended AND r9 < 0.08 AND begin < {t}))
                   AS stopped,
               CASE WHEN r12 < 0.05 THEN '20' WHEN r12 < 0.6 THEN '31'
                    WHEN r12 < 0.85 THEN '32' ELSE '34' END AS reden
        FROM s
    ), q AS (
        SELECT p.*,
               CASE WHEN NOT stopped THEN NULL WHEN ended THEN eind
                    ELSE begin + floor(r10 * ({t} - begin))::int END AS einde
        FROM p
    )
    SELECT i, c,
           (ARRAY[{gemeenten}])[1 + c % 4] AS gemeente,
           lpad((87650000 + floor({AANBIEDERS}
                 * power(mod(c * 2654435761, 1000003) / 1000003.0, 2)))::bigint::text, 8, '0')
               AS aanbieder,
           (999900006 + c % 99985)::text AS bsn,
           (ARRAY['45A48', '45A49', '45A52', '45A53'])[1 + i % 2 + 2 * (c % 2)] AS code,
           ingang, eind, verzonden, started, begin, start_ontvangen, stopped, einde,
           least({t}, einde + floor(power(r11, 2) * 12)::int) AS stop_ontvangen, reden,
           stopped AND reden <> '20' AS definitief,
           (verzonden >= {t} - 4 AND r13 < 0.5) OR r13 < 0.003 AS retour_open,
           r14, r15
    FROM q
    """


SIGNAAL_COLUMNS = (
    "soort, onderwerp, onderwerp_id, gemeente, aanbieder, vanaf_date, due_date, status,"
    " te_laat, detail, created_at, changed_at"
)


def signaal_sql(today: date, terms: dict[str, object]) -> dict[str, str]:
    """SQL per signal kind: the signals the service would have opened and met (service.py)."""
    t = f"DATE '{today.isoformat()}'"
    insert = f"INSERT INTO signaal ({SIGNAAL_COLUMNS})"
    sql = {
        # Opened open by the JW301 (due: start_zorg from max(Ingangsdatum, sent)); a JW305
        # meets it, late when received after regie(max(begin, sent)).
        Soort.START_ZORG: f"""{insert}
            SELECT '{Soort.START_ZORG}', '{TOEWIJZING}', p.i, p.gemeente, p.aanbieder,
                   p.verzonden, k.start,
                   CASE WHEN p.started THEN '{MET}' ELSE '{OPEN}' END,
                   p.started AND p.start_ontvangen > r.regie, NULL, {ts("p.verzonden")},
                   CASE WHEN p.started THEN {ts("p.start_ontvangen")}
                        ELSE {ts("p.verzonden")} END
            FROM plan p JOIN kal k ON k.d = greatest(p.ingang, p.verzonden)
                        JOIN kal r ON r.d = greatest(p.begin, p.verzonden)""",
        # Opened by the JW305 when the toewijzing has an Einddatum (due: regie(Einddatum)),
        # met by a definitive JW307 (recorded met when there was none), open after a
        # temporary one (reden 20).
        Soort.STOP_ZORG: f"""{insert}
            SELECT '{Soort.STOP_ZORG}', '{TOEWIJZING}', p.i, p.gemeente, p.aanbieder,
                   p.start_ontvangen, coalesce(ke.regie, kx.regie),
                   CASE WHEN p.definitief THEN '{MET}' ELSE '{OPEN}' END,
                   p.definitief AND p.stop_ontvangen > kx.regie, NULL,
                   {ts("p.start_ontvangen")},
                   CASE WHEN p.definitief THEN {ts("p.stop_ontvangen")}
                        ELSE {ts("p.start_ontvangen")} END
            FROM plan p LEFT JOIN kal ke ON ke.d = p.eind LEFT JOIN kal kx ON kx.d = p.einde
            WHERE p.started AND (p.eind IS NOT NULL OR p.definitief)""",
        # Our JW301 wants its JW302 within 3 working days; open for recent ones and a few
        # that never got one.
        Soort.RETOUR: f"""{insert}
            SELECT '{Soort.RETOUR}', '{BERICHT}', p.i, p.gemeente, p.aanbieder, p.verzonden,
                   k.retour, CASE WHEN p.retour_open THEN '{OPEN}' ELSE '{MET}' END, false,
                   NULL, {ts("p.verzonden")},
                   CASE WHEN p.retour_open THEN {ts("p.verzonden")}
                        ELSE {ts("p.verzonden")} + interval '1 hour' END
            FROM plan p JOIN kal k ON k.d = p.verzonden""",
    }
    twente = ", ".join(f"'{g}'" for g in TWENTE)
    regional = {
        Soort.VERLENGING: ("p.eind", "k.verl_vanaf", "k.verl_due", f"p.gemeente IN ({twente})"),
        Soort.EVALUATIE: (
            "p.ingang",
            "p.verzonden",
            "k.eval_due",
            f"p.gemeente IN ({twente}) AND (p.eind IS NULL OR p.eind > k.eval_grens)",
        ),
        Soort.CONTACTMOMENT: ("p.eind", "p.verzonden", "k.contact_due", f"p.gemeente = '{GGZ}'"),
    }
    for soort, (key, vanaf, due, where) in regional.items():
        # Opened by the JW301; reported (met) by most once due, by some early; closed by a
        # definitive stop.
        sql[soort] = f"""{insert}
            SELECT '{soort}', '{TOEWIJZING}', i, gemeente, aanbieder, vanaf, due, status,
                   status = '{MET}' AND due < {t} AND r15 < 0.15, NULL, {ts("verzonden")},
                   CASE status WHEN '{OPEN}' THEN {ts("verzonden")}
                               WHEN '{CLOSED}' THEN {ts("stop_ontvangen")}
                               ELSE {ts(f"greatest(verzonden, least({t}, due))")} END
            FROM (
                SELECT x.*,
                       CASE WHEN vanaf <= {t}
                                 AND r14 < CASE WHEN due < {t} THEN 0.85 ELSE 0.3 END
                            THEN '{MET}'
                            WHEN definitief THEN '{CLOSED}' ELSE '{OPEN}' END AS status
                FROM (SELECT p.*, {vanaf} AS vanaf, {due} AS due
                      FROM plan p JOIN kal k ON k.d = {key} WHERE {where}) x
            ) y"""
    return sql


def regie_sql(today: date) -> dict[str, str]:
    """SQL: toewijzingen, the stand-in berichten, starts and stops."""
    received = ts("p.start_ontvangen")
    return {
        "toewijzing": f"""
            INSERT INTO toewijzing (id, gemeente, nummer, aanbieder, bsn, versie, categorie,
                code, ingangsdatum_date, einddatum_date, volume, eenheid, frequentie,
                toegewezen_at)
            SELECT i, gemeente, i, aanbieder, bsn, 1, '45', code, ingang, eind, 90, '01', '2',
                   {ts("verzonden")}
            FROM plan""",
        "bericht": f"""
            INSERT INTO bericht (id, richting, type, berichtcode, afzender, ontvanger,
                gemeente, identificatie, dagtekening_date, sha256, xml, at, uitkomst)
            VALUES (1, 'in', 'JW305', '438', '87650000', '0363', '0363', 'BENCH305',
                    DATE '{today}', repeat('0', 64), ''::bytea, now(), 'verwerkt'),
                   (2, 'in', 'JW307', '440', '87650000', '0363', '0363', 'BENCH307',
                    DATE '{today}', repeat('0', 64), ''::bytea, now(), 'verwerkt')""",
        "start_zorg": f"""
            INSERT INTO start_zorg (gemeente, aanbieder, bsn, toewijzing_nummer, categorie,
                code, begindatum_date, toewijzing_ingangsdatum_date, status, received_at,
                bericht_id)
            SELECT p.gemeente, p.aanbieder, p.bsn, p.i, '45', p.code, p.begin, p.ingang,
                   '{ACTIEF}', {received}, 1
            FROM plan p WHERE p.started""",
        "stop_zorg": f"""
            INSERT INTO stop_zorg (gemeente, aanbieder, bsn, toewijzing_nummer, categorie,
                code, begindatum_date, toewijzing_ingangsdatum_date, status, received_at,
                reden_beeindiging, einddatum_date, bericht_id)
            SELECT p.gemeente, p.aanbieder, p.bsn, p.i, '45', p.code, p.begin, p.ingang,
                   '{ACTIEF}', {ts("p.stop_ontvangen")}, p.reden, p.einde, 2
            FROM plan p WHERE p.stopped""",
    }


def connect(base: str) -> psycopg.Connection:
    """A plain psycopg connection (autocommit) on the bench schema."""
    url = make_url(base)
    return psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname=url.database,
        options=f"-c search_path={SCHEMA}",
        autocommit=True,
    )


@contextmanager
def step(label: str) -> Iterator[None]:
    """Print how long one fill step took."""
    began = time.perf_counter()
    yield
    print(f"  {label}: {time.perf_counter() - began:.1f} s", flush=True)


def fill(base: str, n: int, today: date) -> float:
    """Fill the migrated schema; returns the seconds it took (VACUUM ANALYZE excluded)."""
    terms = termijnen()
    began = time.perf_counter()
    with connect(base) as conn, conn.cursor() as cur:
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET maintenance_work_mem = '512MB'")
        with step(f"calendar: due dates of {2200} days (policy + Werkdagen, COPY)"):
            columns = ", ".join(f"{c} date" for c in KAL_COLUMNS)
            cur.execute(f"CREATE TEMP TABLE kal ({columns}, PRIMARY KEY (d))")
            with cur.copy(f"COPY kal ({', '.join(KAL_COLUMNS)}) FROM STDIN") as copy:
                for row in kalender_rows(today, terms):
                    copy.write_row(row)
            cur.execute("ANALYZE kal")
        with step(f"plan: {n:,} toewijzingen with their starts and stops (temp table)"):
            cur.execute("SELECT setseed(%s)", (SEED,))
            cur.execute(plan_sql(n, today))
            cur.execute("ANALYZE plan")
        for table, sql in regie_sql(today).items():
            with step(table):
                cur.execute(sql)
                rows = cur.rowcount
            print(f"    {rows:,} rows")
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('toewijzing', 'id'), max(id)) FROM toewijzing"
        )
        cur.execute("SELECT setval(pg_get_serial_sequence('bericht', 'id'), 2)")
        for soort, sql in signaal_sql(today, terms).items():
            with step(f"signaal {soort}"):
                cur.execute(sql)
                rows = cur.rowcount
            print(f"    {rows:,} rows")
        cur.execute("DROP TABLE plan, kal")
    return time.perf_counter() - began


def vacuum(base: str) -> None:
    """VACUUM ANALYZE the filled tables and write their pages out (a checkpoint)."""
    with connect(base) as conn, conn.cursor() as cur:
        for table in ("toewijzing", "start_zorg", "stop_zorg", "bericht", "signaal"):
            cur.execute(f"VACUUM (ANALYZE) {table}")
        try:
            cur.execute("CHECKPOINT")
        except psycopg.Error as error:
            print(f"  (no CHECKPOINT: {error.diag.message_primary})")


def describe(base: str, today: date) -> int:
    """Print table sizes and the signals by kind and state; the open ones past due."""
    with connect(base) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT relname, n_live_tup, pg_size_pretty(pg_table_size(relid)),"
            " pg_size_pretty(pg_indexes_size(relid)) FROM pg_stat_user_tables"
            " WHERE schemaname = %s AND n_live_tup > 0 ORDER BY relname",
            (SCHEMA,),
        )
        for name, rows, size, indexes in cur.fetchall():
            print(f"  {name:11} {rows:>10,} rows, table {size}, indexes {indexes}")
        cur.execute(
            "SELECT soort, status, count(*) FROM signaal GROUP BY 1, 2 ORDER BY 1, 2",
        )
        found: dict[str, list[str]] = {}
        for soort, status, count in cur.fetchall():
            found.setdefault(soort, []).append(f"{status} {count:,}")
        for soort, parts in found.items():
            print(f"    {soort:15} " + ", ".join(parts))
        cur.execute(
            "SELECT count(*) FILTER (WHERE due_date < %s), count(*) FILTER (WHERE due_date = %s),"
            " count(*) FROM signaal WHERE status = %s",
            (today, today, OPEN),
        )
        backlog, due_today, open_ = cur.fetchone()
        print(
            f"  open signals: {open_:,}; due before {today}: {backlog:,} (the backlog the first"
            f" scan turns overdue); due on {today}: {due_today:,} (a day's worth)"
        )
    return backlog


# --- scans and plans ----------------------------------------------------------------------


def explain(engine: Engine, statement, params: dict, options: str, rollback: str = "") -> str:
    """EXPLAIN a SQLAlchemy statement with its bound values, in a transaction rolled back."""
    compiled = statement.compile(
        dialect=engine.dialect, compile_kwargs={"render_postcompile": True}
    )
    values = compiled.params | params
    with engine.connect() as connection:
        if rollback:
            connection.exec_driver_sql(rollback, values)
        rows = connection.exec_driver_sql(f"EXPLAIN ({options}) {compiled}", values).all()
        connection.rollback()
    return "\n".join(row[0] for row in rows)


def show_plan(title: str, plan: str, index: str, table: str = "signaal") -> None:
    """Print a plan and whether it reads `table` through `index`."""
    print(f"\n{title}")
    for line in plan.splitlines():
        print(f"    {line}")
    used = sorted(set(re.findall(r"(?:Scan using|Index Scan on) (\w+)", plan)))
    if index in plan:
        verdict = f"uses index {index}"
    elif f"Seq Scan on {table}" in plan:
        verdict = f"does NOT use {index}: sequential scan of {table}"
    else:
        verdict = f"does NOT use {index}"
    if used and used != [index]:
        verdict += f" (indexes in the plan: {', '.join(used)})"
    print(f"  -> {verdict}")


def time_scans(
    engine: Engine, days: list[tuple[str, date]]
) -> tuple[list[float], list[int], datetime]:
    """Run the scan once per (label, today), each in its own transaction; (s, rows, 1st now).

    A scan of a later day runs as if on that day: the scan never passes the real date.
    """
    sessions = make_sessionmaker(engine)
    seconds, changed = [], []
    first_now = None
    for run, (label, today) in enumerate(days, 1):
        now = datetime.now(UTC)
        now += timedelta(days=max((today - date_of(now)).days, 0))
        first_now = first_now or now
        began = time.perf_counter()
        with sessions.begin() as session:
            result = scan(session, today, now)
        elapsed = time.perf_counter() - began
        seconds.append(elapsed)
        changed.append(result.overdue)
        print(
            f"  scan {run}: {label:22} today {today}  {elapsed * 1000:9.1f} ms,"
            f" {result.overdue:,} overdue",
            flush=True,
        )
    return seconds, changed, first_now


def updates_note(engine: Engine) -> None:
    """How many rows of signaal the scans rewrote: none, as overdue is derived."""
    updates = 0
    for _ in range(10):  # the backends report their counts within a second or so
        with engine.connect() as connection:
            updates = connection.exec_driver_sql(
                "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relid = 'signaal'::regclass"
            ).scalar_one()
        time.sleep(0.1)
    print(
        f"  row updates of signaal so far: {updates:,} (the scan moves signaal_scan.tot; every"
        " read derives overdue from it, so no signal is rewritten and no index grows)"
    )


def steady_state(base: str, engine: Engine, today: date, runs: int) -> None:
    """After VACUUM: the plan and time of the daily scan and of idempotent reruns."""
    began = time.perf_counter()
    with connect(base) as conn:
        conn.execute("VACUUM (ANALYZE) signaal")
    print(f"\nafter VACUUM (ANALYZE) signaal ({time.perf_counter() - began:.1f} s):")
    tomorrow = today + timedelta(days=1)
    show_plan(
        f"plan of the daily case's count after VACUUM (today {tomorrow}; EXPLAIN ANALYZE,"
        " BUFFERS):",
        explain(engine, COUNT, {"vanaf": today, "tot": tomorrow}, "ANALYZE, BUFFERS"),
        SCAN_INDEX,
    )
    print("\nscans after VACUUM (committed):")
    days = [("idempotent", today)] * 2 + [("next day (daily scan)", tomorrow)]
    days += [("next day again", tomorrow)] * max(runs - 3, 1)
    seconds, _, _ = time_scans(engine, days)
    daily = seconds[2]
    print(
        f"goal full scan <= {GOAL_SECONDS:g} s, daily scan after VACUUM: {verdict(daily)}"
        f" ({daily:.3f} s)"
    )


def verdict(seconds: float) -> str:
    return "met" if seconds <= GOAL_SECONDS else "NOT met"


def time_reads(engine: Engine, statement, runs: int) -> tuple[list[float], int]:
    """Run a read `runs` times; (seconds, rows)."""
    seconds, rows = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        with engine.connect() as connection:
            rows = len(connection.execute(statement).all())
        seconds.append(time.perf_counter() - began)
    return seconds, rows


PAGE = 100
"""GET /signalen's default page size; the endpoint reads one row more to tell a next page."""


def list_reads(engine: Engine, today: date, runs: int) -> None:
    """Time GET /signalen-style reads of one gemeente/aanbieder's signals, with their plans."""
    with engine.connect() as connection:
        pairs = connection.exec_driver_sql(
            "SELECT gemeente, aanbieder, count(*) FROM signaal WHERE status IN (%(a)s, %(b)s)"
            " GROUP BY 1, 2 ORDER BY 3 DESC",
            {"a": OPEN, "b": OVERDUE},
        ).all()
    t = Signaal.__table__
    columns = repository.COLUMNS  # the lists' own, with the effective state

    def status(*statussen: str):
        return repository.status_in(t.c.status, t.c.due_date, statussen)

    chosen = {"busiest": pairs[0], "median": pairs[len(pairs) // 2]}
    print(
        f"\nGET /signalen-style reads ({len(pairs)} gemeente/aanbieder pairs; each {runs} runs,"
        " sorted by due date, id):"
    )
    for label, (gemeente, aanbieder, _) in chosen.items():
        pair = select(*columns).where(t.c.gemeente == gemeente, t.c.aanbieder == aanbieder)
        variants = {
            f"first page of open (vanaf <= today, limit {PAGE}+1)": pair.where(
                status(OPEN), t.c.vanaf_date <= today
            ).limit(PAGE + 1),
            f"first page of overdue (limit {PAGE}+1)": pair.where(status(OVERDUE)).limit(PAGE + 1),
            "all open": pair.where(status(OPEN)),
            "all open+overdue": pair.where(status(*LOPEND)),
        }
        for name, query in variants.items():
            query = query.order_by(t.c.due_date, t.c.id)
            seconds, rows = time_reads(engine, query, runs)
            print(
                f"  {label} pair {gemeente}/{aanbieder}, {name}: {rows:,} rows,"
                f" median {statistics.median(seconds) * 1000:.1f} ms,"
                f" max {max(seconds) * 1000:.1f} ms"
            )
            if name.startswith("first page") or (label == "busiest" and name == "all open"):
                show_plan(
                    f"  plan of {name} (EXPLAIN ANALYZE, BUFFERS):",
                    explain(engine, query, {}, "ANALYZE, BUFFERS"),
                    LIST_INDEX,
                )


def gauge_reads(engine: Engine, runs: int) -> None:
    """Time the overdue gauge of /metrics (a count per kind), with its plan."""
    seconds, counts = [], {}
    for _ in range(runs):
        began = time.perf_counter()
        counts = overdue_per_soort(engine) or {}
        seconds.append(time.perf_counter() - began)
    print(
        f"\n/metrics overdue gauge ({runs} runs): {sum(counts.values()):,} overdue,"
        f" median {statistics.median(seconds) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms"
    )
    show_plan(
        "  plan of the gauge's count (EXPLAIN ANALYZE, BUFFERS):",
        explain(engine, repository._OVERDUE_BY_SOORT, {}, "ANALYZE, BUFFERS"),
        SCAN_INDEX,
    )


def bench(url: str, base: str, args: argparse.Namespace, today: date) -> None:
    print(f"fill ({args.toewijzingen:,} toewijzingen, today {today}):", flush=True)
    seconds = fill(base, args.toewijzingen, today)
    print(f"fill: {seconds:.1f} s")
    began = time.perf_counter()
    vacuum(base)
    print(f"VACUUM ANALYZE + CHECKPOINT: {time.perf_counter() - began:.1f} s")
    backlog = describe(base, today)
    print("  not filled (the scan does not read them): toewijzing_versie, verzoek, client")

    engine = make_engine(url)
    try:
        with engine.connect() as connection:  # open the pool's connection before timing
            connection.exec_driver_sql("SELECT 1")
        show_plan(
            f"plan of the first scan's count (EXPLAIN ANALYZE, BUFFERS; {backlog:,} rows qualify):",
            explain(engine, COUNT, {"vanaf": date.min, "tot": today}, "ANALYZE, BUFFERS"),
            SCAN_INDEX,
        )

        print(f"\nscan (app.deadlines.scan.scan, today {today}, {args.runs} runs):", flush=True)
        days = [("first (backlog)", today)] + [("again (idempotent)", today)] * (args.runs - 1)
        times, changed, _ = time_scans(engine, days)
        median = statistics.median(times)
        again = times[1:]
        print(
            f"  first scan: {times[0] * 1000:.1f} ms turning {changed[0]:,} overdue;"
            f" idempotent reruns: median {statistics.median(again) * 1000:.1f} ms,"
            f" max {max(again) * 1000:.1f} ms, {sum(changed[1:])} signals counted"
        )
        print(f"  median of all {args.runs} scans: {median * 1000:.1f} ms")
        print(
            f"goal full scan <= {GOAL_SECONDS:g} s: {verdict(median)} (median {median:.3f} s"
            f" of {args.runs} scans)"
        )
        print(
            f"goal full scan <= {GOAL_SECONDS:g} s, first scan working off a backlog of"
            f" {changed[0]:,}: {verdict(times[0])} ({times[0]:.3f} s)"
        )
        updates_note(engine)
        tomorrow = today + timedelta(days=1)
        show_plan(
            f"plan of the daily case's count, the next day's scan (today {tomorrow}: the"
            f" signals due on {today} qualify; EXPLAIN ANALYZE, BUFFERS):",
            explain(engine, COUNT, {"vanaf": today, "tot": tomorrow}, "ANALYZE, BUFFERS"),
            SCAN_INDEX,
        )
        steady_state(base, engine, today, args.runs)

        list_reads(engine, today, max(args.runs, 5))
        gauge_reads(engine, max(args.runs, 5))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toewijzingen", type=int, default=1_000_000, help="toewijzingen to fill")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="PostgreSQL URL")
    parser.add_argument("--runs", type=int, default=5, help="scans to time (at least 2)")
    parser.add_argument("--keep", action="store_true", help=f"keep the schema {SCHEMA}")
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs must be at least 2: the first scan and an idempotent rerun")
    today = datetime.now(NL).date()
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"cpus {os.cpu_count()}, load average {load} (other work disturbs the figures)")
    base = args.postgres_url
    began = time.perf_counter()
    url = postgres_schema(base, SCHEMA)
    print(f"schema {SCHEMA} created and migrated in {time.perf_counter() - began:.1f} s")
    try:
        bench(url, base, args, today)
    finally:
        if args.keep:
            print(f"\nschema {SCHEMA} kept (--keep)")
        else:
            drop_schema(base, SCHEMA)
            print(f"\nschema {SCHEMA} dropped")
    print(f"total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
