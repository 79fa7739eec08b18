"""A retour we built that fails its XSD is a bug: never stored, never sent, counted."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.ingest import service
from app.persistence.models import Bericht
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import XML


def test_a_retour_failing_its_schema_is_an_internal_error(app, monkeypatch):
    real = service.build_retour

    def broken(*args, **kwargs):
        return real(*args, **kwargs).replace(b"<jw316:BerichtCode>447", b"<jw316:BerichtCode>999")

    monkeypatch.setattr(service, "build_retour", broken)
    body = vot("VOT-X1", date(2026, 11, 16), Aangevraagd("R-X1", date(2026, 12, 1)))
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/berichten", content=body, headers=XML)
        metrics = client.get("/metrics").text
    assert response.status_code == 500
    assert "ijw_interne_fouten_total 1.0" in metrics
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Bericht)) == 0


def test_database_unavailable_is_a_503_problem_without_personal_data(app, capsys):
    from sqlalchemy import create_engine

    from app.persistence.database import make_sessionmaker

    body = vot("VOT-X2", date(2026, 11, 16), Aangevraagd("R-X2", date(2026, 12, 1)))
    with TestClient(app, raise_server_exceptions=False) as client:
        services = app.state.services
        gone = create_engine("sqlite:////nonexistent/folder/ijw.db", hide_parameters=True)
        object.__setattr__(services, "sessionmaker", make_sessionmaker(gone))
        response = client.post("/berichten", content=body, headers=XML)
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/database-unavailable"
    assert "999900018" not in capsys.readouterr().err
