"""Every read of personal data leaves an entry: who, as what, which clients (hashed) where."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.access.toegang import Rol
from app.clock import as_utc
from app.config import Settings
from app.main import create_app
from tests.api.berichten import BSN
from tests.api.flow import post, toewijzing
from tests.audit.reads import (
    BSN_0153,
    BSN_0164,
    BSNS,
    clienten_in_twee_gemeenten,
    expected_hash,
    log,
    toegekend,
)
from tests.conftest import NOW
from tests.declaraties.berichten import Regel, declaratie
from tests.keys import aangemeld, bearer
from tests.keys import sleutel_met_id as sleutel

AUDIT_TABLES = ("audit_entry", "audit_client", "audit_secret")


def _only_new_entry(app, before: int):
    entries = log(app)
    assert len(entries) == before + 1, [entry.actie for entry, _ in entries[before:]]
    return entries[-1]


def test_werkvoorraad_records_each_client_with_its_gemeente(client, app):
    clienten_in_twee_gemeenten(client, app)
    key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0153", "0164"])
    before = len(log(app))
    assert len(client.get("/werkvoorraad", headers=bearer(key)).json()["items"]) == 2
    entry, clienten = _only_new_entry(app, before)
    assert (entry.key_id, entry.rol, entry.actie) == (key_id, "gemeente", "GET /werkvoorraad")
    assert clienten == {
        (expected_hash(app, BSN_0153), "0153"),
        (expected_hash(app, BSN_0164), "0164"),
    }
    assert as_utc(entry.at) == NOW


def test_a_werkvoorraad_of_one_gemeente_records_only_its_clients(client, app):
    clienten_in_twee_gemeenten(client, app)
    key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0164"])
    before = len(log(app))
    client.get("/werkvoorraad", headers=bearer(key))
    entry, clienten = _only_new_entry(app, before)
    assert entry.key_id == key_id
    assert clienten == {(expected_hash(app, BSN_0164), "0164")}


def test_verzoek_detail_records_its_client(client, app):
    verzoeken = clienten_in_twee_gemeenten(client, app)
    key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0164"])
    before = len(log(app))
    response = client.get(f"/verzoeken/{verzoeken['0164']}", headers=bearer(key))
    assert response.status_code == 200
    entry, clienten = _only_new_entry(app, before)
    assert (entry.key_id, entry.rol, entry.actie) == (key_id, "gemeente", "GET /verzoeken/{id}")
    assert entry.wat == f"verzoek {verzoeken['0164']}"
    assert clienten == {(expected_hash(app, BSN_0164), "0164")}


def test_a_verzoek_of_another_gemeente_is_not_read_and_not_recorded(client, app):
    verzoeken = clienten_in_twee_gemeenten(client, app)
    _, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0153"])
    before = len(log(app))
    assert client.get(f"/verzoeken/{verzoeken['0164']}", headers=bearer(key)).status_code == 404
    assert len(log(app)) == before


def test_vooroverleggen_records_the_clients_listed(client, app):
    clienten_in_twee_gemeenten(client, app)
    key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0153", "0164"])
    before = len(log(app))
    listed = client.get("/vooroverleggen", params={"bsn": BSN_0153}, headers=bearer(key))
    assert len(listed.json()) == 1
    entry, clienten = _only_new_entry(app, before)
    assert (entry.key_id, entry.rol, entry.actie) == (key_id, "gemeente", "GET /vooroverleggen")
    assert clienten == {(expected_hash(app, BSN_0153), "0153")}
    client.get("/vooroverleggen", headers=bearer(key))
    _, all_clients = _only_new_entry(app, before + 1)
    assert all_clients == {
        (expected_hash(app, BSN_0153), "0153"),
        (expected_hash(app, BSN_0164), "0164"),
    }


@pytest.mark.parametrize("rol", [Rol.BROKER, Rol.AANBIEDER])
def test_outbox_records_the_client_of_each_jw301_read(client, app, rol):
    toegekend(client, app, clienten_in_twee_gemeenten(client, app))
    key_id, key = sleutel(app, rol, agb="87654321" if rol is Rol.AANBIEDER else None)
    before = len(log(app))
    items = client.get("/outbox", headers=bearer(key)).json()["items"]
    assert [(item["type"], item["gemeente"]) for item in items] == [
        ("JW319", "0153"),
        ("JW319", "0164"),
        ("JW301", "0153"),
        ("JW301", "0164"),
    ]
    entry, clienten = _only_new_entry(app, before)
    assert (entry.key_id, entry.rol, entry.actie) == (key_id, rol.value, "GET /outbox")
    assert clienten == {
        (expected_hash(app, BSN_0153), "0153"),
        (expected_hash(app, BSN_0164), "0164"),
    }


def test_outbox_records_the_client_of_a_jw319_which_names_none(client, app):
    clienten_in_twee_gemeenten(client, app)
    key_id, key = sleutel(app, Rol.BROKER)
    items = client.get("/outbox", headers=bearer(key)).json()["items"]
    assert [item["type"] for item in items] == ["JW319", "JW319"]
    assert all("Bsn" not in item["xml"] for item in items)
    _, clienten = log(app)[-1]
    assert clienten == {
        (expected_hash(app, BSN_0153), "0153"),
        (expected_hash(app, BSN_0164), "0164"),
    }


def test_an_empty_read_is_recorded_without_clients(client, app):
    key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0363"])
    client.get("/werkvoorraad", headers=bearer(key))
    [(entry, clienten)] = log(app)
    assert (entry.key_id, entry.wat, clienten) == (key_id, "0 verzoek(en): ", set())


def _cells(app, table: str) -> list[str]:
    with app.state.services.sessionmaker() as session:
        found = session.execute(text(f"SELECT * FROM {table}"))
        return [str(value) for row in found for value in row]


def test_no_audit_table_holds_a_bsn_in_clear(client, app):
    verzoeken = clienten_in_twee_gemeenten(client, app)
    client.get("/werkvoorraad")
    client.get(f"/verzoeken/{verzoeken['0153']}")
    toegekend(client, app, verzoeken)
    client.get("/vooroverleggen", params={"bsn": BSN_0164})
    client.get("/outbox")
    for bsn in BSNS:
        assert client.get("/audit", params={"bsn": bsn}).status_code == 200
    actions = {entry.actie for entry, _ in log(app)}
    assert actions == {
        "GET /werkvoorraad",
        "GET /verzoeken/{id}",
        "GET /vooroverleggen",
        "GET /outbox",
        "GET /audit",
    }
    # The scan does find a BSN where one is kept: the requests themselves.
    assert any(BSN_0153 in cell for cell in _cells(app, "verzoek"))
    for table in AUDIT_TABLES:
        cells = _cells(app, table)
        assert cells
        assert not [cell for cell in cells for bsn in BSNS if bsn in cell], table


def test_the_hash_survives_a_restart_with_the_secret_kept_in_the_database(settings, clock):
    hashes, secrets = [], []
    for _ in range(2):
        with TestClient(create_app(settings, clock=clock)) as started:
            hashes.append(started.app.state.services.audit.bsn_hash(BSN_0153))
            secrets.append(_cells(started.app, "audit_secret"))
    assert hashes[0] == hashes[1] == _hmac(secrets[0][1], BSN_0153)
    assert secrets[0] == secrets[1] and secrets[0][0] == "1" and len(secrets[0][1]) == 64


def _hmac(secret: str, bsn: str) -> str:
    return hmac.new(secret.encode(), bsn.encode(), hashlib.sha256).hexdigest()


def test_the_hash_follows_ijw_audit_secret(settings, clock, monkeypatch):
    with TestClient(create_app(settings, clock=clock)) as started:
        generated = started.app.state.services.audit.bsn_hash(BSN_0153)
    monkeypatch.setenv("IJW_AUDIT_SECRET", "een-lang-geheim-van-de-gemeente-enschede-2026")
    configured = Settings(database_url=settings.database_url, gemeenten=settings.gemeenten)
    with TestClient(create_app(configured, clock=clock)) as started:
        aangemeld(started)
        audit = started.app.state.services.audit
        assert audit.bsn_hash(BSN_0153) == _hmac(
            "een-lang-geheim-van-de-gemeente-enschede-2026", BSN_0153
        )
        assert audit.bsn_hash(BSN_0153) != generated
        clienten_in_twee_gemeenten(started, started.app)
        started.get("/werkvoorraad")
        _, clienten = log(started.app)[-1]
    assert clienten == {
        (_hmac("een-lang-geheim-van-de-gemeente-enschede-2026", BSN_0153), "0153"),
        (_hmac("een-lang-geheim-van-de-gemeente-enschede-2026", BSN_0164), "0164"),
    }


def test_outbox_records_the_clients_a_jw325_names(client, app):
    oktober = (date(2026, 10, 1), date(2026, 10, 31))
    toewijzing(app, 2001, oktober[0], date(2027, 3, 31), omvang=(3, "04", "2"))
    # Granted in full: the JW325 names no client. Then one with a line the grant refuses.
    post(
        client, declaratie("D1", date(2026, 11, 16), "DN1", oktober, Regel("R1", 2001, *oktober, 5))
    )
    post(
        client,
        declaratie("D2", date(2026, 11, 16), "DN2", oktober, Regel("R2", 2001, *oktober, 5000)),
    )
    key_id, key = sleutel(app, Rol.BROKER)
    before = len(log(app))
    items = client.get("/outbox", headers=bearer(key)).json()["items"]
    assert [item["type"] for item in items] == ["JW325", "JW325"]
    assert "Bsn" not in items[0]["xml"] and "Bsn" in items[1]["xml"]
    entry, clienten = _only_new_entry(app, before)
    assert (entry.key_id, entry.actie) == (key_id, "GET /outbox")
    assert clienten == {(expected_hash(app, BSN), "0153")}
