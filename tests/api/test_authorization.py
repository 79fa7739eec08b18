"""Every endpoint × every role × own and someone else's data, from the table in matrix.py.

Refusals by key or role need no data: the key is checked before anything else, so those
cells send their request, naming ids that do not exist, and find every table unchanged.
The cells of the roles an endpoint serves, and of a scoped key asking for someone else's
data, run against the world `matrix.bouw` builds through the API.
"""

from __future__ import annotations

import pytest

from app.access.toegang import Rol
from tests.api.matrix import (
    MATRIX,
    REGELSETS,
    Call,
    Endpoint,
    Wereld,
    bouw,
    ingetrokken,
    sleutels,
    stand,
)

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})
OPEN = {("GET", "/health/live")}
"""Routes that need no key."""
PROBLEM_JSON = "application/problem+json"


@pytest.fixture
def settings(settings):
    """Twente as region A, and Amsterdam (0363) as region B, which keeps contact moments."""
    return settings.model_copy(update={"ruleset_dir": REGELSETS})


def send(client, call: Call, key: str | None):
    """The request with this key, or with none: never the shared client's default key."""
    headers = dict(call.headers)
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    return client.request(
        call.method,
        call.url,
        params=call.params,
        json=call.json,
        content=call.content,
        headers=headers,
        auth=None,
    )


def assert_problem(response, status: int, type_: str) -> None:
    """A problem+json answer of this status and type."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_JSON
    assert (response.json()["status"], response.json()["type"]) == (status, type_)


def _cells(selected) -> list:
    return [
        pytest.param(row, rol, id=f"{row.id} as {rol}")
        for row in MATRIX
        for rol in Rol
        if selected(row, rol)
    ]


def _dummy(row: Endpoint) -> Call:
    """The row's own request, naming ids that do not exist: refusals come before data."""
    return row.eigen(Wereld(), min(row.rollen))


ROWS = [pytest.param(row, id=row.id) for row in MATRIX]


def test_the_matrix_names_every_route_and_no_other(app):
    routes = {
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }
    table = [(row.method, row.path) for row in MATRIX]
    assert len(table) == len(set(table)), "a route has two rows"
    assert sorted(routes - OPEN - set(table)) == [], "routes without a row in the matrix"
    assert sorted(set(table) - routes) == [], "rows naming a route that does not exist"
    assert routes >= OPEN


def test_liveness_answers_without_a_key(client):
    response = client.get("/health/live", auth=None)
    assert "authorization" not in response.request.headers
    assert (response.status_code, response.json()) == (200, {"status": "live"})


@pytest.mark.parametrize("row", ROWS)
def test_without_a_key_is_401(client, app, row):
    before = stand(app)
    response = send(client, _dummy(row), None)
    assert_problem(response, 401, "/problems/unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    assert stand(app) == before


@pytest.mark.parametrize("row", ROWS)
def test_an_unknown_or_revoked_key_is_401(client, app, row):
    revoked = ingetrokken(app, min(row.rollen))
    before = stand(app)
    for key in (revoked, "ijw_" + "x" * 43):
        response = send(client, _dummy(row), key)
        assert_problem(response, 401, "/problems/unauthorized")
        assert response.headers["www-authenticate"] == "Bearer"
    assert stand(app) == before


@pytest.mark.parametrize(("row", "rol"), _cells(lambda row, rol: rol not in row.rollen))
def test_a_role_the_endpoint_does_not_serve_is_403(client, app, row, rol):
    key = sleutels(app)[rol]
    before = stand(app)
    response = send(client, _dummy(row), key)
    assert_problem(response, 403, "/problems/forbidden-role")
    assert stand(app) == before


@pytest.mark.parametrize(("row", "rol"), _cells(lambda row, rol: rol in row.rollen))
def test_a_role_the_endpoint_serves_gets_its_own_data(client, app, row, rol):
    wereld = bouw(app, client)
    response = send(client, row.eigen(wereld, rol), sleutels(app)[rol])
    assert response.status_code == row.status, response.text
    row.check(response, wereld, rol)


@pytest.mark.parametrize(
    ("row", "rol"), _cells(lambda row, rol: rol in row.rollen and row.ander(Wereld(), rol))
)
def test_a_scoped_key_never_reaches_someone_elses_data(client, app, row, rol):
    wereld = bouw(app, client)
    key = sleutels(app)[rol]
    for ander in row.ander(wereld, rol):
        before = stand(app, behalve=ander.behalve)
        response = send(client, ander.call, key)
        if ander.type is None:
            assert response.status_code == ander.status, response.text
        else:
            assert_problem(response, ander.status, ander.type)
        ander.check(response, wereld, rol)
        assert stand(app, behalve=ander.behalve) == before, f"{ander.call} changed data"
