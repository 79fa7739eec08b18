"""Keys over HTTP: 401 with a Bearer challenge without a valid key, 403 for a wrong role."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.access import keys
from app.access.toegang import Rol
from app.main import create_app
from tests.keys import bearer
from tests.keys import sleutel_met_id as sleutel

ENDPOINTS = [
    ("POST", "/berichten"),
    ("GET", "/werkvoorraad"),
    ("GET", "/outbox"),
    ("GET", "/outbox/dood"),
    ("GET", "/metrics"),
    ("GET", "/audit"),
]


def _refused(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["type"], body["status"]) == (f"/problems/{slug}", status)
    return body


def _no_key(response) -> dict:
    body = _refused(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    return body


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_without_a_key_every_endpoint_asks_for_one(client, method, path):
    body = _no_key(client.request(method, path, auth=None))
    assert "Authorization: Bearer <sleutel>" in body["detail"]


def test_liveness_needs_no_key(client):
    assert client.get("/health/live", auth=None).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token ijw_abcdef", "ijw_abcdef", "bearer"],
)
def test_a_malformed_header_is_no_key(client, header):
    _no_key(client.get("/werkvoorraad", headers={"Authorization": header}))


def test_an_unknown_key_is_refused_without_echoing_it(client):
    unknown = "ijw_" + "Q" * 43
    body = _no_key(client.get("/werkvoorraad", headers=bearer(unknown)))
    assert body["detail"] == "de API-sleutel is onbekend of ingetrokken"
    assert unknown not in str(body)


def test_a_revoked_key_is_refused(client, app):
    key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0153"])
    with app.state.services.sessionmaker.begin() as session:
        keys.revoke(session, str(key_id), app.state.services.clock.now())
    _no_key(client.get("/werkvoorraad", headers=bearer(key)))


def test_without_a_cache_a_revocation_counts_from_the_next_request(settings, clock):
    with TestClient(
        create_app(settings.model_copy(update={"key_cache_seconds": 0}), clock=clock)
    ) as started:
        app = started.app
        key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0153"])
        assert started.get("/werkvoorraad", headers=bearer(key)).status_code == 200
        with app.state.services.sessionmaker.begin() as session:
            keys.revoke(session, key[:12], app.state.services.clock.now())
        _no_key(started.get("/werkvoorraad", headers=bearer(key)))


def test_a_lowercase_scheme_is_accepted(client, app):
    _, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0153"])
    assert (
        client.get("/werkvoorraad", headers={"Authorization": f"bearer {key}"}).status_code == 200
    )


@pytest.mark.parametrize(
    ("rol", "scope", "method", "path"),
    [
        (Rol.GEMEENTE, {"gemeenten": ["0153"]}, "POST", "/berichten"),
        (Rol.BROKER, {}, "GET", "/werkvoorraad"),
        (Rol.AANBIEDER, {"agb": "87654321"}, "GET", "/outbox/dood"),
        (Rol.OPERATOR, {}, "GET", "/outbox"),
        (Rol.BEHEERDER, {"gemeenten": ["0153"]}, "GET", "/werkvoorraad"),
        (Rol.GEMEENTE, {"gemeenten": ["0153"]}, "GET", "/metrics"),
    ],
)
def test_a_key_of_another_role_is_forbidden(client, app, rol, scope, method, path):
    _, key = sleutel(app, rol, **scope)
    response = client.request(method, path, headers=bearer(key))
    body = _refused(response, 403, "forbidden-role")
    assert "www-authenticate" not in response.headers
    assert body["detail"].startswith(f"een sleutel met rol {rol} kan dit endpoint niet gebruiken")
