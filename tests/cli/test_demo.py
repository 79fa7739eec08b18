"""`ijw demo`: its rule sets decide, its fill holds every state, it runs twice side by side.

The fill runs on SQLite only: the demo makes a fresh SQLite file whatever the environment says.
"""

from __future__ import annotations

import logging
import re
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import select

from app.access import keys
from app.access.toegang import Rol
from app.cli.demo import demo_settings, fill
from app.clock import SystemClock, date_of
from app.deadlines.repository import COLUMNS
from app.decisions.beslissing import Uitkomst
from app.decisions.ruleset import bundled_folder, load_rule_sets
from app.demo import DEMO_MEDEWERKER, GEMEENTEN, REGELSETS, REGIO_B, TWENTE
from app.demo.vulling import BEHANDELING, CONTACTMOMENT, README_CLIENT, ZONDER_ADRES
from app.ingest.repository import ACTIEF
from app.main import _report, create_app
from app.persistence.database import make_engine, make_sessionmaker
from app.persistence.models import Outbox, StartZorg, StopZorg, Toewijzing, Verzoek
from tests.cli.ijw import ijw

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jw315-verzoek-om-toewijzing.xml"
XML = {"Content-Type": "application/xml"}


@pytest.fixture(scope="module")
def gevuld(tmp_path_factory):
    """One filled demo database for the module's tests: its settings, summary and keys."""
    chosen = demo_settings(tmp_path_factory.mktemp("demo") / "demo.db")
    demo, sleutels = fill(chosen)
    return chosen, demo, sleutels


@pytest.fixture
def sessie(gevuld):
    engine = make_engine(gevuld[0].database_url)
    with make_sessionmaker(engine)() as session:
        yield session
    engine.dispose()


def _statussen(session) -> dict[str, list[Verzoek]]:
    found: dict[str, list[Verzoek]] = {}
    for verzoek in session.scalars(select(Verzoek).order_by(Verzoek.id)):
        found.setdefault(verzoek.status, []).append(verzoek)
    return found


def test_the_fill_holds_every_state_of_a_request(sessie, gevuld):
    statussen = _statussen(sessie)
    assert set(statussen) == {"toegekend", "in_onderzoek", "wacht_op_clientgegevens", "afgewezen"}
    assert gevuld[1].verzoeken == {status: len(rows) for status, rows in statussen.items()}
    uit = {(row.bsn, row.type) for row in sessie.scalars(select(Outbox))}

    # Granted automatically by the demo rules, each with its JW301 in the outbox.
    toegekend = statussen["toegekend"]
    assert len(toegekend) == 4
    assert {verzoek.gemeente for verzoek in toegekend} == {TWENTE, REGIO_B}
    assert all((verzoek.bsn, "JW301") in uit for verzoek in toegekend)
    # In onderzoek with a JW319; the rejection by a worker with its own JW319.
    [onderzoek] = statussen["in_onderzoek"]
    assert (onderzoek.bsn, "JW319") in uit
    [afgewezen] = statussen["afgewezen"]
    assert [
        row.type for row in sessie.scalars(select(Outbox).where(Outbox.bsn == afgewezen.bsn))
    ] == [
        "JW319",
        "JW319",
    ]
    # Granted, waiting for the client's address: no JW301 for this client yet.
    [wacht] = statussen["wacht_op_clientgegevens"]
    assert wacht.bsn == ZONDER_ADRES.bsn
    assert (wacht.bsn, "JW301") not in uit


def test_the_fill_holds_starts_stops_and_signals(sessie, gevuld):
    starts = sessie.scalars(select(StartZorg).where(StartZorg.status == ACTIEF)).all()
    stops = sessie.scalars(select(StopZorg).where(StopZorg.status == ACTIEF)).all()
    assert len(starts) == 3 and len(stops) == 1
    assert stops[0].toewijzing_nummer in {start.toewijzing_nummer for start in starts}

    today = date_of(SystemClock().now())
    signalen = sessie.execute(select(*COLUMNS)).all()
    overdue = {s.soort for s in signalen if s.status == "overdue"}
    assert overdue == {"start_zorg", "eindantwoord"}
    assert gevuld[1].overdue == 2
    # Every JW301 and JW319 got its JW302/JW320 in time.
    assert {s.status for s in signalen if s.soort == "retour"} == {"met"}
    [contact] = [s for s in signalen if s.soort == "contactmoment"]
    assert contact.status == "open" and contact.gemeente == REGIO_B
    assert today <= contact.due_date <= today + timedelta(days=7)
    toewijzing = sessie.get(Toewijzing, contact.onderwerp_id)
    assert toewijzing.bsn == CONTACTMOMENT.bsn


def test_the_printed_keys_work_and_the_readme_example_is_granted(tmp_path):
    chosen = demo_settings(tmp_path / "demo.db")
    _, sleutels = fill(chosen)
    engine = make_engine(chosen.database_url)
    with make_sessionmaker(engine)() as session:
        assert keys.lookup(session, sleutels.broker).rol is Rol.BROKER
        assert keys.lookup(session, sleutels.gemeente).gemeenten == frozenset(GEMEENTEN)
        assert keys.lookup(session, sleutels.aanbieder).agb == "87654321"
    engine.dispose()

    with TestClient(create_app(chosen, clock=SystemClock())) as client:
        broker = {"Authorization": f"Bearer {sleutels.broker}"}
        before = client.get("/outbox", headers=broker).json()["items"]
        sent = client.post("/berichten", content=EXAMPLE.read_bytes(), headers=broker | XML)
        assert sent.status_code == 200, sent.text
        root = etree.fromstring(sent.content)
        assert "jw316" in root.nsmap and [etree.QName(c).localname for c in root] == ["Header"]
        after = client.get("/outbox", headers=broker).json()["items"]
        # 45A48 (the demo's Behandeling individueel) is granted for the known client;
        # 54001 has no Twente rule and goes in onderzoek.
        assert sorted(m["type"] for m in after[len(before) :]) == ["JW301", "JW319"]
        # The demo's broker acknowledged every earlier message; these two wait.
        assert {m["status"] for m in before} == {"bezorgd"}
        assert {m["status"] for m in after[len(before) :]} == {"wachtend"}

        # The demo worker signs in to the werkplek with the printed password.
        formulier = client.get("/werkplek/inloggen")
        token = re.search(r'name="csrf_token" value="([^"]*)"', formulier.text).group(1)
        aangemeld = client.post(
            "/werkplek/inloggen",
            data={
                "csrf_token": token,
                "gebruikersnaam": DEMO_MEDEWERKER,
                "wachtwoord": sleutels.wachtwoord,
            },
            follow_redirects=False,
        )
        assert aangemeld.status_code == 303, aangemeld.text
        werkplek = client.get("/werkplek/")
        assert werkplek.status_code == 200 and DEMO_MEDEWERKER in werkplek.text
    engine = make_engine(chosen.database_url)
    with make_sessionmaker(engine)() as session:
        rows = session.scalars(select(Outbox).where(Outbox.bsn == README_CLIENT.bsn)).all()
        assert sorted(row.type for row in rows) == ["JW301", "JW319"]
        [toewijzing] = session.scalars(
            select(Toewijzing).where(Toewijzing.bsn == README_CLIENT.bsn)
        ).all()
        assert (toewijzing.gemeente, toewijzing.code) == (TWENTE, BEHANDELING.code)
    engine.dispose()


def test_the_demo_rule_sets_decide_what_the_bundled_ones_leave_open(caplog):
    demo, bundled = load_rule_sets(REGELSETS), load_rule_sets(bundled_folder())
    assert [r.lacunes() for r in demo] == [(), ()]
    assert demo.rule_set_for(REGIO_B).name == "ggz-specifiek-toekennen"
    # Everything but the example codes, the example gemeente and the titles is the bundled rule.
    for name in ("twente.toml", "ggz-specifiek-toekennen.toml"):
        ours = tomllib.loads((REGELSETS / name).read_text())
        theirs = tomllib.loads(bundled_folder().joinpath(name).read_text())
        for data in (ours, theirs):
            data.pop("title")
            data.pop("gemeenten") if name.startswith("ggz") else None
            for rule in data["rules"]:
                rule.pop("productcodes") if name == "twente.toml" else None
        assert ours == theirs, name
    assert "DEMO" in (REGELSETS / "twente.toml").read_text().splitlines()[0]

    with caplog.at_level(logging.WARNING, logger="ijw"):
        _report(demo, GEMEENTEN)
    assert caplog.records == []
    with caplog.at_level(logging.WARNING, logger="ijw"):
        _report(bundled, ("0153", "0363"), Uitkomst.ONDERZOEK)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "regelset ggz-specifiek-toekennen: geen gemeenten ingesteld — deze regelset geldt voor "
        "geen enkele gemeente",
        "regelset twente: geen productcodes ingesteld — geen regel kent iets automatisch toe, "
        "alle verzoeken gaan in onderzoek",
        "gemeente 0363 valt onder geen regelset — alle verzoeken gaan in onderzoek "
        "(IJW_ZONDER_REGELSET)",
    ]


def test_a_rule_set_with_some_codes_names_the_rules_without(tmp_path):
    text = (
        (REGELSETS / "twente.toml")
        .read_text()
        .replace('productcodes = ["45A53"]', "productcodes = []")
    )
    (tmp_path / "twente.toml").write_text(text)
    [twente] = load_rule_sets(tmp_path)
    assert twente.lacunes() == (
        "regelset twente: geen productcodes ingesteld voor Vaktherapie (regel A4) — die "
        "verzoeken gaan in onderzoek",
    )


def test_the_command_runs_twice_side_by_side_and_refuses_an_existing_file(tmp_path):
    runs = []
    for name in ("een.db", "twee.db"):
        done = ijw("demo", "--fill-only", "--database", name, cwd=tmp_path, timeout=120)
        assert done.returncode == 0, done.stderr
        assert (tmp_path / name).is_file()
        assert f"demo database {tmp_path / name}" in done.stderr
        assert "EXAMPLE product codes" in done.stderr
        exports = dict(
            line.split("#")[0].strip().removeprefix("export ").split("=", 1)
            for line in done.stdout.splitlines()
            if line.startswith("export ")
        )
        assert set(exports) == {"BROKER", "WORKER", "AANBIEDER"}
        assert f"/werkplek/ — gebruiker {DEMO_MEDEWERKER}, wachtwoord " in done.stdout
        runs.append(exports)
    assert runs[0]["BROKER"] != runs[1]["BROKER"]

    again = ijw("demo", "--fill-only", "--database", "een.db", cwd=tmp_path)
    assert again.returncode == 2 and again.stdout == ""
    assert "already exists" in again.stderr.splitlines()[-1]
