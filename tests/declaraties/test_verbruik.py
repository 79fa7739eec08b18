"""Declared against granted over HTTP, the evaluation sample and the recorded contact time."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from app.declaraties.evaluatie import steekproef
from app.persistence.models import AuditClient, AuditEntry
from tests.api.flow import post, toewijzing
from tests.declaraties.berichten import Regel, declaratie

D = date
DAG = D(2026, 11, 16)
OKT = (D(2026, 10, 1), D(2026, 10, 31))


@pytest.fixture
def gedeclareerd(app, client):
    # 3 hours a week in October and November (5 + 5 ISO weeks): 1,800 minutes.
    toewijzing(app, 3001, D(2026, 10, 1), D(2026, 11, 30), omvang=(3, "04", "2"))
    toewijzing(app, 3002, D(2026, 10, 1), D(2026, 11, 30), omvang=(60, "01", "6"), code="45A49")
    post(client, declaratie("D1", DAG, "DN1", OKT, Regel("R1", 3001, *OKT, 15)))
    over = Regel("R2", 3002, *OKT, 60, eenheid="01", tarief=100, code="45A49")
    post(client, declaratie("D2", DAG, "DN2", OKT, over))
    credit = Regel("C1", 3001, *OKT, 15, vorig="R1", credit=True)
    post(client, declaratie("D3", DAG, "DN3", OKT, credit, Regel("R3", 3001, *OKT, 10)))


def test_report_shows_granted_and_net_declared_minutes_with_totals(client, app, gedeclareerd):
    response = client.get("/rapportages/verbruik", params={"gemeente": "0153"})
    assert response.status_code == 200, response.text
    body = response.json()
    items = {item["toewijzing_nummer"]: item for item in body["items"]}
    assert items[3001]["toegekend_minuten"] == 1800
    assert items[3001]["gedeclareerd_minuten"] == 600  # 900 debet, 900 credit, 600 debet
    assert items[3001]["percentage"] == 33.3
    assert items[3001]["overschreden"] is False
    assert items[3002]["toegekend_minuten"] == 60
    assert items[3002]["gedeclareerd_minuten"] == 60
    assert body["totalen"]["gemeente"] == [
        {
            "sleutel": "0153",
            "toegekend_minuten": 1860,
            "gedeclareerd_minuten": 660,
            "percentage": 35.5,
        }
    ]
    assert [t["sleutel"] for t in body["totalen"]["product"]] == ["45/45A48", "45/45A49"]
    with app.state.services.sessionmaker() as session:
        entry = session.query(AuditEntry).filter_by(actie="GET /rapportages/verbruik").one()
        assert session.query(AuditClient).filter_by(audit_id=entry.id).count() == 1


def test_report_filters_by_product_and_window(client, gedeclareerd):
    body = client.get("/rapportages/verbruik", params={"product": "45A49"}).json()
    assert [item["toewijzing_nummer"] for item in body["items"]] == [3002]
    window = {"van": "2026-11-01", "tot": "2026-11-30"}
    items = client.get("/rapportages/verbruik", params=window).json()["items"]
    assert {i["toewijzing_nummer"]: i["gedeclareerd_minuten"] for i in items} == {3001: 0, 3002: 0}
    assert {i["toewijzing_nummer"]: i["toegekend_minuten"] for i in items}[
        3001
    ] == 1080  # November touches 6 ISO weeks


def test_report_as_csv(client, gedeclareerd):
    response = client.get("/rapportages/verbruik.csv")
    assert response.headers["content-type"].startswith("text/csv")
    found = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["toewijzing_nummer"], r["gedeclareerd_minuten"]) for r in found] == [
        ("3001", "600"),
        ("3002", "60"),
    ]


def test_bad_filter_is_a_problem_and_unserved_gemeente_too(client):
    response = client.get("/rapportages/verbruik", params={"van": "gisteren"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    response = client.get("/rapportages/verbruik", params={"gemeente": "0518"})
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/gemeente-not-served"


def test_sample_is_reproducible_and_contact_time_shows_in_the_report(client, app):
    for nummer in range(4001, 4011):
        toewijzing(
            app,
            nummer,
            D(2025, 10, 1),
            D(2026, 9, 30),
            omvang=(4680, "01", "6"),
            categorie="54",
            code="54001",
        )
    toewijzing(app, 4020, D(2026, 3, 1), D(2026, 9, 30), categorie="54", code="54001")  # 7 months
    services = app.state.services
    kwargs = dict(
        gemeente="0153",
        producten=["54001", "54002"],
        aantal=5,
        seed=7,
        today=D(2026, 11, 20),
        now=services.clock.now(),
    )
    with services.sessionmaker.begin() as session:
        first = steekproef(session, **kwargs)
    with services.sessionmaker.begin() as session:
        again = steekproef(session, **kwargs)
    assert first == again and len(first) == 5
    assert all(c.toewijzing_nummer != 4020 for c in first)
    with services.sessionmaker.begin() as session:
        other = steekproef(session, **{**kwargs, "seed": 8})
    assert [c.toewijzing_nummer for c in other] != [c.toewijzing_nummer for c in first]

    nummer = first[0].toewijzing_nummer
    body = {"direct_minuten": 2400, "indirect_minuten": 600, "vastgelegd_door": "j.devries"}
    response = client.put(f"/evaluatie/0153/{nummer}/contacttijd", json=body)
    assert response.status_code == 200, response.text
    niet = client.put("/evaluatie/0153/4020/contacttijd", json=body)
    assert niet.status_code == 404
    assert niet.json()["type"] == "/problems/niet-in-steekproef"
    items = client.get("/rapportages/verbruik", params={"product": "54001"}).json()["items"]
    item = next(i for i in items if i["toewijzing_nummer"] == nummer)
    assert (item["contact_direct_minuten"], item["contact_indirect_minuten"]) == (2400, 600)
    assert item["toegekend_minuten"] == 4680
