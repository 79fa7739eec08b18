"""Input is read as the OpenAPI document describes it, and refused in Dutch when it is not."""

from __future__ import annotations

import pytest

from app.persistence.models import Verwijzing, Vooroverleg
from tests.api.flow import rows
from tests.api.test_vooroverleg import AKKOORD

VERWIJZING = {
    "gemeente": "0153",
    "aanbieder": "87654321",
    "referentie_aanbieder": "R-1",
    "datum": "2026-10-01",
    "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
    "vastgelegd_door": "j.devries",
}


@pytest.mark.parametrize(
    ("path", "param"),
    [("/signalen", "due_voor"), ("/signalen.csv", "due_voor"), ("/werkvoorraad", "uiterlijk_voor")],
)
@pytest.mark.parametrize("waarde", ["0", "1700000000", "2026-1-5"])
def test_a_date_filter_takes_only_a_date(client, path, param, waarde):
    response = client.get(path, params={param: waarde})

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error == {"location": f"query.{param}", "message": "geen datum als JJJJ-MM-DD"}


@pytest.mark.parametrize(
    ("change", "location", "message"),
    [
        ({"datum": 0}, "body.datum", "geen datum als JJJJ-MM-DD"),
        ({"datum": "2026-02-30"}, "body.datum", "moet een datum als JJJJ-MM-DD zijn"),
        ({"verwijzer": {"type": 2}}, "body.verwijzer.type", "moet een van deze waarden zijn"),
        ({"vastgelegd_door": 7}, "body.vastgelegd_door", "moet tekst zijn"),
        ({"kleur": "blauw"}, "body.kleur", "onbekend veld"),
    ],
)
def test_a_body_member_of_another_type_is_refused_in_dutch(client, app, change, location, message):
    response = client.put("/verwijzingen", json=VERWIJZING | change)

    assert response.status_code == 422
    body = response.json()
    assert (body["type"], body["title"]) == ("/problems/invalid-request", "Ongeldig verzoek")
    [error] = body["errors"]
    assert error["location"] == location
    assert error["message"].startswith(message)
    assert rows(app, Verwijzing) == []


def test_false_is_no_number_and_90_0_is_one(client, app):
    assert client.post("/vooroverleggen", json=AKKOORD | {"max_minuten": False}).status_code == 422
    assert rows(app, Vooroverleg) == []

    response = client.post("/vooroverleggen", json=AKKOORD | {"max_minuten": 7200.0})

    assert response.status_code == 201
    assert response.json()["max_minuten"] == 7200


def test_a_bound_is_named_in_dutch(client):
    response = client.get("/signalen", params={"limit": 0})

    assert response.json()["detail"] == "1 veld(en) ongeldig"
    assert response.json()["errors"] == [
        {"location": "query.limit", "message": "moet groter dan of gelijk aan 1 zijn"}
    ]


def test_a_redenwijziging_a_worker_may_not_give_says_why(client):
    response = client.post(
        "/toewijzingen/0153/7/wijziging",
        json={"einddatum": "2026-12-31", "reden_wijziging": "13", "besloten_door": "a.bakker"},
    )

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["message"] == (
        "RedenWijziging 13 verwijdert de toewijzing: gebruik POST .../verwijdering"
    )


def test_an_unknown_path_is_refused_in_dutch(client):
    response = client.get("/bestaat-niet")

    assert response.status_code == 404
    assert (response.json()["title"], response.json()["detail"]) == (
        "Niet gevonden",
        "dit pad bestaat niet",
    )
