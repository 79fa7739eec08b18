"""Signals over HTTP: filters, visibility, cursor pages, CSV and the overdue gauges."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import create_engine, select

from app.clock import date_of
from app.deadlines.repository import meet, open_signaal
from app.deadlines.scan import scan
from app.persistence.models import Signaal
from tests.api.berichten import AGB, BSN
from tests.api.flow import client_bekend

ANDER = "12345678"
"""A second aanbieder."""


def signaal(
    app,
    soort: str,
    onderwerp_id: int,
    due: date,
    *,
    vanaf: date | None = None,
    gemeente: str = "0153",
    aanbieder: str = AGB,
    onderwerp: str = "toewijzing",
    detail: str | None = None,
) -> int:
    """Open a signal as the deadline keeping would and return its id."""
    services = app.state.services
    with services.sessionmaker.begin() as session:
        open_signaal(
            session,
            soort,
            onderwerp,
            onderwerp_id,
            gemeente=gemeente,
            aanbieder=aanbieder,
            due=due,
            vanaf=vanaf,
            detail=detail,
            now=services.clock.now(),
        )
    return signaal_id(services, soort, onderwerp, onderwerp_id)


def signaal_id(services, soort: str, onderwerp: str, onderwerp_id: int) -> int:
    """The id of the signal of one kind and subject."""
    with services.sessionmaker() as session:
        return session.scalar(
            select(Signaal.id).where(
                Signaal.soort == soort,
                Signaal.onderwerp == onderwerp,
                Signaal.onderwerp_id == onderwerp_id,
            )
        )


def gehaald(app, soort: str, onderwerp_id: int, *, te_laat: bool = False) -> None:
    """Meet a running signal on a toewijzing."""
    services = app.state.services
    with services.sessionmaker.begin() as session:
        assert meet(
            session, soort, "toewijzing", onderwerp_id, te_laat=te_laat, now=services.clock.now()
        )


def scanned(app) -> int:
    """Run the deadline scan at the fixed clock; the number of signals it made overdue."""
    services = app.state.services
    now = services.clock.now()
    with services.sessionmaker.begin() as session:
        return scan(session, date_of(now), now).overdue


@pytest.fixture
def vijf(app, client):
    """Five signals of several kinds, gemeenten and aanbieders (two overdue after a scan)."""
    made = {
        "start": signaal(app, "start_zorg", 1, date(2026, 11, 18)),
        "retour": signaal(app, "retour", 2, date(2026, 11, 19), onderwerp="bericht"),
        "stop": signaal(app, "stop_zorg", 3, date(2026, 11, 25), gemeente="0164"),
        "antwoord": signaal(
            app, "antwoord_verzoek", 4, date(2026, 11, 27), aanbieder=ANDER, onderwerp="verzoek"
        ),
        "evaluatie": signaal(app, "evaluatie", 5, date(2026, 12, 1)),
    }
    return client, made


def listed(client, **params) -> list[int]:
    """The ids /signalen lists for these query parameters."""
    response = client.get("/signalen", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_signals_come_soonest_due_first_with_every_field(vijf):
    client, made = vijf
    response = client.get("/signalen")

    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [
        made["start"],
        made["retour"],
        made["stop"],
        made["antwoord"],
        made["evaluatie"],
    ]
    assert body["next"] is None
    assert body["items"][1] == {
        "id": made["retour"],
        "soort": "retour",
        "onderwerp": "bericht",
        "onderwerp_id": 2,
        "gemeente": "0153",
        "aanbieder": AGB,
        "vanaf": "2026-11-20",
        "due": "2026-11-19",
        "status": "open",
        "te_laat": False,
        "detail": None,
        "changed_at": "2026-11-20T09:30:00Z",
        # The subject of these hand-made signals was never stored.
        "toewijzing_nummer": None,
        "referentie_aanbieder": None,
        "product": None,
        "client": None,
        "wacht_op": "retour",
        "actie_bij": "aanbieder",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"soort": "stop_zorg"}, ["stop"]),
        ({"gemeente": "0164"}, ["stop"]),
        ({"aanbieder": ANDER}, ["antwoord"]),
        ({"due_voor": "2026-11-25"}, ["start", "retour"]),
        ({"gemeente": "0153", "due_voor": "2026-12-01"}, ["start", "retour", "antwoord"]),
        ({"gemeente": "0153", "aanbieder": AGB}, ["start", "retour", "evaluatie"]),
        ({"soort": "verlenging"}, []),
    ],
)
def test_filters_narrow_the_list(vijf, params, expected):
    client, made = vijf
    assert listed(client, **params) == [made[name] for name in expected]


def test_status_follows_meeting_and_the_scan(vijf, app):
    client, made = vijf
    gehaald(app, "evaluatie", 5, te_laat=True)
    assert scanned(app) == 2

    assert listed(client, status="overdue") == [made["start"], made["retour"]]
    assert listed(client, status="open") == [made["stop"], made["antwoord"]]
    [met] = client.get("/signalen", params={"status": "met"}).json()["items"]
    assert (met["id"], met["status"], met["te_laat"]) == (made["evaluatie"], "met", True)
    assert listed(client, status="closed") == []


def test_a_window_appears_on_the_day_it_opens(app, client):
    vandaag = signaal(app, "verlenging", 1, date(2026, 12, 18), vanaf=date(2026, 11, 20))
    later = signaal(app, "verlenging", 2, date(2027, 1, 5), vanaf=date(2026, 11, 21))

    assert listed(client) == [vandaag]
    assert listed(client, zichtbaar="false") == [vandaag, later]
    assert listed(client, zichtbaar="true", soort="verlenging") == [vandaag]


def test_a_direct_toewijzing_in_twente_shows_its_extension_window_only_once_open(app, client):
    client_bekend(app)
    response = client.post(
        "/toewijzingen",
        json={
            "gemeente": "0153",
            "aanbieder": AGB,
            "bsn": BSN,
            "product": {"categorie": "54", "code": "54001"},
            "ingangsdatum": "2026-12-01",
            "einddatum": "2027-11-30",
            "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
            "besloten_door": "j.devries",
        },
    )
    assert response.status_code == 201, response.text

    zichtbaar = client.get("/signalen").json()["items"]
    alle = client.get("/signalen", params={"zichtbaar": "false"}).json()["items"]
    assert [(item["soort"], item["vanaf"], item["due"]) for item in zichtbaar] == [
        ("retour", "2026-11-20", "2026-11-25"),
        ("start_zorg", "2026-11-20", "2026-12-08"),
    ]
    assert [(item["soort"], item["vanaf"], item["due"]) for item in alle[2:]] == [
        ("verlenging", "2027-09-07", "2027-10-05")
    ]


def test_pages_follow_the_cursor_through_equal_due_dates(app, client):
    made = [signaal(app, "start_zorg", n, date(2026, 11, 25)) for n in range(1, 4)]
    made += [signaal(app, "stop_zorg", n, date(2026, 11, 24)) for n in range(1, 3)]
    order = made[3:] + made[:3]

    first = client.get("/signalen", params={"limit": 2}).json()
    assert [item["id"] for item in first["items"]] == order[:2]
    assert first["next"] == f"2026-11-24.{order[1]}"
    second = client.get("/signalen", params={"limit": 2, "after": first["next"]}).json()
    assert [item["id"] for item in second["items"]] == order[2:4]
    assert second["next"] == f"2026-11-25.{order[3]}"
    third = client.get("/signalen", params={"limit": 2, "after": second["next"]}).json()
    assert [item["id"] for item in third["items"]] == order[4:]
    assert third["next"] is None


def test_a_full_last_page_has_no_next(app, client):
    made = [signaal(app, "start_zorg", n, date(2026, 11, 25 + n)) for n in range(1, 3)]
    body = client.get("/signalen", params={"limit": 2}).json()
    assert ([item["id"] for item in body["items"]], body["next"]) == (made, None)


@pytest.mark.parametrize(
    ("params", "location"),
    [
        ({"soort": "herinnering"}, "query.soort"),
        ({"status": "late"}, "query.status"),
        ({"gemeente": "153"}, "query.gemeente"),
        ({"aanbieder": "1234"}, "query.aanbieder"),
        ({"due_voor": "morgen"}, "query.due_voor"),
        ({"zichtbaar": "soms"}, "query.zichtbaar"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 501}, "query.limit"),
        ({"after": "42"}, "query.after"),
        ({"after": "2026-02-30.4"}, "query.after"),
        ({"after": "2026-11-20.x"}, "query.after"),
    ],
)
def test_unknown_filter_values_are_a_422_problem(client, params, location):
    response = client.get("/signalen", params=params)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/invalid-request"
    assert [error["location"] for error in body["errors"]] == [location]


def test_a_gemeente_not_served_is_a_404_problem(client):
    for path in ("/signalen", "/signalen.csv"):
        response = client.get(path, params={"gemeente": "0599"})
        assert response.status_code == 404
        assert response.json()["type"] == "/problems/gemeente-not-served"


def test_csv_has_a_header_and_the_same_rows_in_the_same_order(vijf, app):
    client, made = vijf
    signaal(app, "retour", 9, date(2026, 11, 30), onderwerp="bericht", detail="=HYPERLINK(1)")
    gehaald(app, "start_zorg", 1, te_laat=True)

    response = client.get("/signalen.csv", params={"gemeente": "0153"})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="signalen.csv"'
    assert "x-next-cursor" not in response.headers
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == [
        "id",
        "soort",
        "onderwerp",
        "onderwerp_id",
        "gemeente",
        "aanbieder",
        "vanaf",
        "due",
        "status",
        "te_laat",
        "detail",
        "changed_at",
        "toewijzing_nummer",
        "referentie_aanbieder",
        "categorie",
        "code",
        "bsn",
        "naam",
        "wacht_op",
        "actie_bij",
    ]
    assert [row[1] for row in rows[1:]] == [
        "start_zorg",
        "retour",
        "antwoord_verzoek",
        "retour",
        "evaluatie",
    ]
    assert rows[1] == [
        str(made["start"]),
        "start_zorg",
        "toewijzing",
        "1",
        "0153",
        AGB,
        "2026-11-20",
        "2026-11-18",
        "met",
        "true",
        "",
        "2026-11-20T09:30:00+00:00",
        *[""] * 6,
        "start_zorg",
        "aanbieder",
    ]
    # A spreadsheet must show the text, not run it as a formula.
    assert rows[4][10] == "'=HYPERLINK(1)"


def test_csv_pages_through_a_header_and_allows_up_to_ten_thousand(vijf):
    client, made = vijf
    response = client.get("/signalen.csv", params={"limit": 2})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert [int(row[0]) for row in rows[1:]] == [made["start"], made["retour"]]
    cursor = response.headers["x-next-cursor"]
    assert cursor == f"2026-11-19.{made['retour']}"
    rest = client.get("/signalen.csv", params={"limit": 10_000, "after": cursor})
    assert [int(row[0]) for row in list(csv.reader(io.StringIO(rest.text)))[1:]] == [
        made["stop"],
        made["antwoord"],
        made["evaluatie"],
    ]
    assert client.get("/signalen.csv", params={"limit": 10_001}).status_code == 422
    assert client.get("/signalen", params={"limit": 10_000}).status_code == 422


def gauges(client) -> dict[str, float]:
    """The overdue gauges of /metrics by soort."""
    found = {}
    for line in client.get("/metrics").text.splitlines():
        if line.startswith("ijw_signalen_overdue{"):
            labels, value = line.rsplit(" ", 1)
            found[labels.removeprefix('ijw_signalen_overdue{soort="').removesuffix('"}')] = float(
                value
            )
    return found


def test_metrics_count_overdue_signals_per_kind_after_the_scan(vijf, app):
    client, _ = vijf
    signaal(app, "start_zorg", 7, date(2026, 11, 2))
    signaal(app, "stop_zorg", 8, date(2026, 11, 3))
    gehaald(app, "stop_zorg", 8, te_laat=True)
    assert gauges(client)["start_zorg"] == 0.0

    assert scanned(app) == 3

    assert gauges(client) == {
        "antwoord_verzoek": 0.0,
        "bezorging": 0.0,
        "clientgegevens": 0.0,
        "contactmoment": 0.0,
        "declaratie_antwoord": 0.0,
        "eindantwoord": 0.0,
        "evaluatie": 0.0,
        "retour": 1.0,
        "start_zorg": 2.0,
        "stop_zorg": 0.0,
        "verlenging": 0.0,
        "verwijzing_start": 0.0,
    }
    assert BSN not in client.get("/metrics").text


def test_metrics_leave_out_the_gauges_when_the_database_is_down(vijf, app):
    client, _ = vijf
    scanned(app)
    assert gauges(client)["start_zorg"] == 1.0
    services = app.state.services
    working = services.engine
    object.__setattr__(services, "engine", create_engine("sqlite:////nonexistent/folder/x.db"))
    try:
        response = client.get("/metrics")
    finally:
        object.__setattr__(services, "engine", working)
    assert response.status_code == 200
    assert "ijw_signalen_overdue{" not in response.text
    assert "ijw_berichten" in response.text
