"""Every POST /berichten is recorded in `ontvangst`: failures on our side and broken uploads too."""

from __future__ import annotations

import json
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.access.toegang import Rol
from app.ingest import service
from app.persistence.models import Bericht, Ontvangst, Verzoek
from tests.api.berichten import BSN, Aangevraagd, vot
from tests.api.flow import XML, rows
from tests.keys import aangemeld, sleutel_met_id


def _broken_retour(monkeypatch) -> None:
    real = service.build_retour

    def broken(*args, **kwargs):
        return real(*args, **kwargs).replace(b"<jw316:BerichtCode>447", b"<jw316:BerichtCode>999")

    monkeypatch.setattr(service, "build_retour", broken)


def test_an_internal_error_is_recorded_apart_and_nothing_else_is_stored(app, monkeypatch, capsys):
    _broken_retour(monkeypatch)
    body = vot("VOT-F1", date(2026, 11, 16), Aangevraagd("R-F1", date(2026, 12, 1)))
    with TestClient(app, raise_server_exceptions=False) as client:
        aangemeld(client)
        key_id, key = sleutel_met_id(app, Rol.BROKER)
        response = client.post(
            "/berichten", content=body, headers=XML | {"Authorization": f"Bearer {key}"}
        )
        again = client.post(
            "/berichten", content=body, headers=XML | {"Authorization": f"Bearer {key}"}
        )

    assert [response.status_code, again.status_code] == [500, 500]
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/internal-error"
    records = rows(app, Ontvangst)
    assert [(r.http_status, r.uitkomst, r.bericht_id, r.key_id) for r in records] == [
        (500, "internal-error", None, key_id),
        (500, "internal-error", None, key_id),
    ]
    assert records[0].size == len(body) and records[0].body == body
    with app.state.services.sessionmaker() as session:
        for table in (Bericht, Verzoek):
            assert session.scalar(select(func.count()).select_from(table)) == 0
    err = capsys.readouterr().err
    assert "interne fout bij een bericht" in err
    assert BSN not in err


def _disconnecting_post(client: TestClient, key: str) -> list[dict]:
    """POST half a body, then go away as a client that closes its connection does."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/berichten",
        "raw_path": b"/berichten",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/xml"),
            (b"content-length", b"5000"),
            (b"authorization", f"Bearer {key}".encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    incoming = [
        {"type": "http.request", "body": b"<?xml version='1.0'?><jw315:Bericht", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    client.portal.call(client.app, scope, receive, send)
    return sent


def test_a_client_that_disconnects_mid_upload_is_recorded_and_logged_without_traceback(app, capsys):
    with TestClient(app) as client:
        key_id, key = sleutel_met_id(app, Rol.BROKER)
        capsys.readouterr()
        _disconnecting_post(client, key)

    [record] = rows(app, Ontvangst)
    assert (record.http_status, record.uitkomst, record.key_id, record.body) == (
        499,
        "client-disconnected",
        key_id,
        None,
    )
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    afgebroken = [line for line in lines if line.get("message") == "bericht afgebroken"]
    assert [line["level"] for line in afgebroken] == ["WARNING"]
    assert not [line for line in lines if line["level"] == "ERROR"]
    assert not [line for line in lines if "exc_info" in line or "Traceback" in json.dumps(line)]
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Bericht)) == 0
