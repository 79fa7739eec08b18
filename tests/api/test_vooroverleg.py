"""Vooroverleg over HTTP: recorded by a gemeente worker, listed, bad input refused clearly."""

from __future__ import annotations

import pytest

from app.persistence.models import Vooroverleg
from tests.api.flow import rows

AKKOORD = {
    "gemeente": "0153",
    "aanbieder": "87654321",
    "bsn": "999900018",
    "product": {"categorie": "45", "code": "45A48"},
    "max_minuten": 7200,
    "einddatum": "2027-06-30",
    "soort": "initieel",
    "vastgelegd_door": "j.devries",
}


def test_record_and_list_a_vooroverleg(client, app):
    response = client.post("/vooroverleggen", json=AKKOORD)
    assert response.status_code == 201
    stored = response.json()
    assert stored | {"id": None, "vastgelegd_at": None} == AKKOORD | {
        "id": None,
        "vastgelegd_at": None,
    }
    assert stored["vastgelegd_at"].startswith("2026-11-20T09:30")
    [row] = rows(app, Vooroverleg)
    assert (row.categorie, row.code, row.max_minuten, row.soort) == (
        "45",
        "45A48",
        7200,
        "initieel",
    )
    listed = client.get("/vooroverleggen", params={"gemeente": "0153", "bsn": "999900018"})
    assert [item["id"] for item in listed.json()] == [stored["id"]]
    assert client.get("/vooroverleggen", params={"aanbieder": "11111111"}).json() == []


@pytest.mark.parametrize(
    ("change", "location", "fragment"),
    [
        ({"bsn": "999900019"}, "body.bsn", "11-proef"),
        ({"bsn": "000000000"}, "body.bsn", "11-proef"),
        ({"aanbieder": "8765432"}, "body.aanbieder", "patroon"),
        ({"product": {"categorie": "39"}}, "body.product.categorie", "JZ020"),
        ({"max_minuten": 0}, "body.max_minuten", "groter zijn dan 0"),
        ({"einddatum": "2027-02-30"}, "body.einddatum", "datum"),
        ({"soort": "verlenging"}, "body.soort", "initieel"),
        ({"kleur": "blauw"}, "body.kleur", "onbekend veld"),
    ],
)
def test_bad_input_is_a_specific_problem_that_names_no_value(
    client, app, change, location, fragment
):
    response = client.post("/vooroverleggen", json=AKKOORD | change)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    document = response.json()
    assert document["type"] == "/problems/invalid-request"
    [error] = document["errors"]
    assert error["location"] == location
    assert fragment in error["message"]
    assert "999900019" not in response.text
    assert rows(app, Vooroverleg) == []


def test_a_gemeente_not_served_is_refused(client, app):
    response = client.post("/vooroverleggen", json=AKKOORD | {"gemeente": "0344"})
    assert response.status_code == 404
    assert response.json()["type"] == "/problems/gemeente-not-served"
    assert rows(app, Vooroverleg) == []
