"""Regional records over HTTP: extension notices, evaluations and contact moments meet signals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.main import create_app
from app.persistence.models import Signaal, TermijnVastlegging
from tests.api.berichten import AGB, BSN
from tests.api.flow import client_bekend, rows
from tests.keys import aangemeld

REGIO_B = Path(__file__).parents[1] / "decisions" / "scenarios" / "rulesets"
"""Rule sets where Amsterdam (0363) works by 'specifiek toekennen' (region B)."""

WIE = "j.devries"


def toewijzen(client, ingang: date, eind: date | None, *, gemeente: str = "0153") -> int:
    """Grant a direct toewijzing (which opens its signals) and return its number."""
    response = client.post(
        "/toewijzingen",
        json={
            "gemeente": gemeente,
            "aanbieder": AGB,
            "bsn": BSN,
            "product": {"categorie": "54", "code": "54001"},
            "ingangsdatum": ingang.isoformat(),
            "einddatum": eind.isoformat() if eind else None,
            "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
            "besloten_door": WIE,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["toewijzing_nummer"]


def signaal(app, soort: str) -> tuple[str, bool, date, date]:
    """Status, lateness, visible-from and due date of the one signal of a kind."""
    with app.state.services.sessionmaker() as session:
        [found] = session.execute(
            select(Signaal.status, Signaal.te_laat, Signaal.vanaf_date, Signaal.due_date).where(
                Signaal.soort == soort
            )
        ).all()
    return tuple(found)


@pytest.fixture
def twente(app, client):
    """Enschede (region A) with a known client."""
    client_bekend(app)
    return client


@pytest.fixture
def regio_b(settings, clock):
    """An app where Amsterdam keeps the region B contact moment, with a known client."""
    app = create_app(settings.model_copy(update={"ruleset_dir": REGIO_B}), clock=clock)
    with TestClient(app) as test_client:
        aangemeld(test_client)
        client_bekend(app, gemeente="0363")
        yield test_client, app


def melding(client, nummer: int, gemeente: str = "0153", **body):
    """Post an extension notice (a short extension unless `body` says otherwise)."""
    payload = {"soort": "korte_verlenging", "vastgelegd_door": WIE} | body
    return client.post(f"/toewijzingen/{gemeente}/{nummer}/verlengingsmelding", json=payload)


def test_an_extension_notice_in_its_window_meets_the_signal_on_time(twente, app):
    nummer = toewijzen(twente, date(2026, 11, 1), date(2027, 2, 1))
    assert signaal(app, "verlenging") == ("open", False, date(2026, 11, 9), date(2026, 12, 7))

    response = melding(twente, nummer, soort="lange_verlenging", toelichting="traject loopt")

    assert response.status_code == 201, response.text
    body = response.json()
    assert body == {
        "id": body["id"],
        "gemeente": "0153",
        "toewijzing_nummer": nummer,
        "soort": "verlenging",
        "datum": "2026-11-20",
        "details": {"verlenging": "lange_verlenging", "toelichting": "traject loopt"},
        "vastgelegd_door": WIE,
        "vastgelegd_rol": "gemeente",
        "vastgelegd_at": "2026-11-20T09:30:00Z",
        "signaal_gemeld": True,
        "te_laat": False,
    }
    assert signaal(app, "verlenging")[:2] == ("met", False)
    [record] = rows(app, TermijnVastlegging)
    assert (record.id, record.soort, record.datum_date, record.vastgelegd_door) == (
        body["id"],
        "verlenging",
        date(2026, 11, 20),
        WIE,
    )
    assert record.details == {"verlenging": "lange_verlenging", "toelichting": "traject loopt"}


def test_an_extension_notice_after_its_due_date_meets_the_signal_late(twente, app):
    nummer = toewijzen(twente, date(2026, 11, 1), date(2027, 1, 4))

    response = melding(twente, nummer, soort="geen")

    assert response.status_code == 201, response.text
    assert (response.json()["signaal_gemeld"], response.json()["te_laat"]) == (True, True)
    assert signaal(app, "verlenging") == ("met", True, date(2026, 10, 12), date(2026, 11, 9))


def test_a_second_notice_is_stored_but_meets_nothing(twente, app):
    nummer = toewijzen(twente, date(2026, 11, 1), date(2027, 2, 1))
    assert melding(twente, nummer).json()["signaal_gemeld"] is True

    again = melding(twente, nummer, soort="geen")

    assert again.status_code == 201
    assert (again.json()["signaal_gemeld"], again.json()["te_laat"]) == (False, None)
    assert [r.details["verlenging"] for r in rows(app, TermijnVastlegging)] == [
        "korte_verlenging",
        "geen",
    ]


def test_an_extension_notice_before_the_window_opens_is_a_409(twente, app):
    nummer = toewijzen(twente, date(2026, 12, 1), date(2027, 6, 30))

    response = melding(twente, nummer)

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/termijn-not-open"
    assert response.json()["detail"] == (
        f"het verlenging-venster van toewijzing {nummer} opent op 2027-04-07"
    )
    assert rows(app, TermijnVastlegging) == []
    assert signaal(app, "verlenging")[0] == "open"


def test_an_evaluation_meets_the_signal_on_time_or_late(twente, app):
    op_tijd = toewijzen(twente, date(2026, 6, 1), date(2027, 12, 31))
    response = twente.post(
        f"/toewijzingen/0153/{op_tijd}/evaluatie",
        json={"datum": "2026-11-18", "toelichting": "doelen bijgesteld", "vastgelegd_door": WIE},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["soort"], body["datum"], body["details"]) == (
        "evaluatie",
        "2026-11-18",
        {"toelichting": "doelen bijgesteld"},
    )
    assert (body["signaal_gemeld"], body["te_laat"]) == (True, False)
    assert signaal(app, "evaluatie")[:2] == ("met", False)


def test_an_evaluation_after_its_due_date_is_late(twente, app):
    nummer = toewijzen(twente, date(2026, 1, 1), date(2027, 6, 30))
    assert signaal(app, "evaluatie")[3] == date(2026, 7, 1)

    response = twente.post(
        f"/toewijzingen/0153/{nummer}/evaluatie",
        json={"datum": "2026-06-25", "vastgelegd_door": WIE},
    )

    assert response.status_code == 201, response.text
    assert (response.json()["signaal_gemeld"], response.json()["te_laat"]) == (True, True)
    assert response.json()["details"] == {"toelichting": None}


def test_an_evaluation_for_care_of_a_year_or_less_is_a_409(twente, app):
    nummer = toewijzen(twente, date(2026, 12, 1), date(2027, 11, 30))

    response = twente.post(
        f"/toewijzingen/0153/{nummer}/evaluatie",
        json={"datum": "2026-11-20", "vastgelegd_door": WIE},
    )

    assert response.status_code == 409
    assert response.json()["type"] == "/problems/termijn-not-kept"
    assert response.json()["detail"] == (
        f"toewijzing {nummer} heeft geen evaluatie-termijn (geen Einddatum, of te korte zorg)"
    )
    assert rows(app, TermijnVastlegging) == []


@pytest.mark.parametrize(
    ("datum", "detail"),
    [
        ("2026-11-21", "datum 2026-11-21 ligt in de toekomst"),
        ("2026-05-31", "datum 2026-05-31 ligt voor de Ingangsdatum van de toewijzing 2026-06-01"),
    ],
)
def test_an_evaluation_dated_outside_the_care_is_a_422(twente, app, datum, detail):
    nummer = toewijzen(twente, date(2026, 6, 1), date(2027, 12, 31))

    response = twente.post(
        f"/toewijzingen/0153/{nummer}/evaluatie", json={"datum": datum, "vastgelegd_door": WIE}
    )

    assert response.status_code == 422
    assert (response.json()["type"], response.json()["detail"]) == (
        "/problems/invalid-datum",
        detail,
    )
    assert signaal(app, "evaluatie")[0] == "open"


CONTACT = {
    "datum": "2026-11-19",
    "vorm": "telefoon",
    "uitkomst": "verlenging_nodig",
    "deelnemers": ["behandelaar", "jeugdconsulent"],
    "vastgelegd_door": WIE,
}


def test_a_contact_moment_in_region_b_meets_its_signal(regio_b):
    client, app = regio_b
    nummer = toewijzen(client, date(2026, 11, 1), date(2027, 10, 31), gemeente="0363")
    assert signaal(app, "contactmoment")[3] == date(2027, 7, 31)

    response = client.post(f"/toewijzingen/0363/{nummer}/contactmoment", json=CONTACT)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["details"] == {
        "vorm": "telefoon",
        "uitkomst": "verlenging_nodig",
        "deelnemers": ["behandelaar", "jeugdconsulent"],
        "toelichting": None,
    }
    assert (body["soort"], body["datum"], body["signaal_gemeld"], body["te_laat"]) == (
        "contactmoment",
        "2026-11-19",
        True,
        False,
    )
    assert signaal(app, "contactmoment")[:2] == ("met", False)
    [record] = rows(app, TermijnVastlegging)
    assert record.details["uitkomst"] == "verlenging_nodig"


def test_a_contact_moment_after_its_due_date_is_late(regio_b):
    client, app = regio_b
    nummer = toewijzen(client, date(2026, 2, 1), date(2027, 1, 31), gemeente="0363")
    assert signaal(app, "contactmoment")[3] == date(2026, 10, 31)

    response = client.post(
        f"/toewijzingen/0363/{nummer}/contactmoment",
        json=CONTACT | {"vorm": "persoonlijk", "uitkomst": "afsluiten_zonder_vervolgzorg"},
    )

    assert response.status_code == 201, response.text
    assert (response.json()["signaal_gemeld"], response.json()["te_laat"]) == (True, True)
    assert signaal(app, "contactmoment")[:2] == ("met", True)


def test_a_contact_moment_where_the_region_keeps_none_is_a_409(twente, app):
    nummer = toewijzen(twente, date(2026, 12, 1), date(2027, 11, 30))

    response = twente.post(f"/toewijzingen/0153/{nummer}/contactmoment", json=CONTACT)

    assert response.status_code == 409
    assert response.json()["type"] == "/problems/termijn-not-kept"
    assert response.json()["detail"] == (
        "gemeente 0153 houdt geen contactmomenten bij (zie haar regionale regelset)"
    )
    assert rows(app, TermijnVastlegging) == []


def test_an_unknown_toewijzing_is_a_404(twente):
    response = melding(twente, 4242)

    assert response.status_code == 404
    assert response.json() == {
        "type": "/problems/toewijzing-unknown",
        "title": "Onbekende toewijzing",
        "status": 404,
        "detail": "gemeente 0153 heeft geen toewijzing 4242",
    }


def test_a_gemeente_not_served_is_a_404(twente):
    response = melding(twente, 1, gemeente="0599")

    assert response.status_code == 404
    assert response.json()["type"] == "/problems/gemeente-not-served"


@pytest.mark.parametrize(
    ("path", "body", "location"),
    [
        ("verlengingsmelding", {"soort": "misschien", "vastgelegd_door": WIE}, "body.soort"),
        ("verlengingsmelding", {"soort": "geen"}, "body.vastgelegd_door"),
        ("verlengingsmelding", {"soort": "geen", "vastgelegd_door": WIE, "x": 1}, "body.x"),
        ("evaluatie", {"datum": "gisteren", "vastgelegd_door": WIE}, "body.datum"),
        ("contactmoment", CONTACT | {"vorm": "fax"}, "body.vorm"),
        ("contactmoment", CONTACT | {"uitkomst": "weet niet"}, "body.uitkomst"),
        ("contactmoment", CONTACT | {"deelnemers": []}, "body.deelnemers"),
        ("contactmoment", CONTACT | {"deelnemers": ["a"] * 11}, "body.deelnemers"),
        ("contactmoment", CONTACT | {"deelnemers": [""]}, "body.deelnemers.0"),
        ("contactmoment", CONTACT | {"toelichting": "x" * 1001}, "body.toelichting"),
    ],
)
def test_an_invalid_body_is_a_422(twente, app, path, body, location):
    nummer = toewijzen(twente, date(2026, 11, 1), date(2027, 2, 1))

    response = twente.post(f"/toewijzingen/0153/{nummer}/{path}", json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["location"] for error in response.json()["errors"]] == [location]
    assert rows(app, TermijnVastlegging) == []


def test_a_malformed_gemeente_or_number_in_the_path_is_a_422(twente):
    for path in ("/toewijzingen/153/1/verlengingsmelding", "/toewijzingen/0153/0/evaluatie"):
        response = twente.post(path, json={"soort": "geen", "vastgelegd_door": WIE})
        assert response.status_code == 422
        assert response.json()["type"] == "/problems/invalid-request"
