"""Operators: liveness, readiness naming what is wrong, Prometheus metrics."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, text

from app.persistence.migrate import head_revision
from tests.api.berichten import Aangevraagd, vot

XML = {"Content-Type": "application/xml"}


def test_live_is_always_200(client):
    assert client.get("/health/live").json() == {"status": "live"}


def test_ready_when_database_is_migrated(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_not_ready_names_the_missing_migration(client, app):
    engine = app.state.services.engine
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    try:
        response = client.get("/health/ready")
    finally:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()}
            )
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "database at migration older" in response.json()["detail"]


def test_not_ready_when_the_database_is_unreachable(client, app):
    services = app.state.services
    unreachable = create_engine("sqlite:////nonexistent/folder/ijw.db")
    object.__setattr__(services, "engine", unreachable)
    response = client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["problems"] == ["database unreachable: OperationalError"]


def test_metrics_count_messages_rejects_and_time(client):
    vot_ok = vot("VOT-M1", date(2026, 11, 16), Aangevraagd("R-M1", date(2026, 12, 1)))
    client.post("/berichten", content=vot_ok, headers=XML)
    future = vot("VOT-M2", date(2026, 12, 16), Aangevraagd("R-M2", date(2026, 12, 20)))
    client.post("/berichten", content=future, headers=XML)
    client.post("/berichten", content=b"<x", headers=XML)
    body = client.get("/metrics").text
    assert 'ijw_berichten_total{berichttype="JW315",uitkomst="geaccepteerd"} 1.0' in body
    assert 'ijw_berichten_total{berichttype="JW315",uitkomst="afgekeurd"} 1.0' in body
    assert 'ijw_berichten_total{berichttype="onbekend",uitkomst="not-well-formed"} 1.0' in body
    assert 'ijw_afwijzingen_total{retourcode="8848"} 1.0' in body
    assert 'ijw_verwerking_seconds_count{berichttype="JW315"} 2.0' in body


def test_an_unknown_path_and_method_are_problem_documents(client):
    unknown = client.get("/bestaat-niet")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["type"] == "/problems/not-found"
    wrong = client.delete("/health/live")
    assert (wrong.status_code, wrong.headers["allow"]) == (405, "GET")
    assert wrong.json()["type"] == "/problems/method-not-allowed"
