"""The werkvoorraad shows and sorts by each request's nearest open deadline, on a pinned clock.

On Friday 2026-12-04 two requests wait for a worker in 0153: R-ONDERZOEK (Dagtekening Monday
2026-11-16, in onderzoek: its final answer is due 8 weeks later, 2027-01-11) and R-WACHT
(Dagtekening 2026-12-03, received 2026-12-04, granted but waiting for client data: its first
answer is due 5 working days after receipt, Friday 2026-12-11 — not 2027-01-29).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete

from app.access.toegang import Rol
from app.persistence.models import Signaal
from tests.api.berichten import AGB
from tests.api.flow import client_bekend
from tests.deadlines.test_flows import WIE, at, scan_op
from tests.decisions.scenarios.helpers import Product, jw315, send
from tests.keys import bearer, sleutel

D = date
TWENTE = "0153"
VANDAAG = D(2026, 12, 4)
BSN_ONDERZOEK, BSN_WACHT = "999900018", "999900031"


@pytest.fixture
def werkvoorraad(client, app):
    """The two requests of the module docstring."""
    client_bekend(app, gemeente=TWENTE, bsn=BSN_ONDERZOEK)
    at(app, VANDAAG)
    groot = Product("R-ONDERZOEK", omvang=(6001, "01", "6"))  # A2: in onderzoek
    send(
        client,
        jw315("VOT-1", groot, gemeente=TWENTE, bsn=BSN_ONDERZOEK, dagtekening=D(2026, 11, 16)),
    )
    klein = Product("R-WACHT", omvang=(2000, "01", "6"))  # A1, but no Contactgegevens yet
    send(client, jw315("VOT-2", klein, gemeente=TWENTE, bsn=BSN_WACHT, dagtekening=D(2026, 12, 3)))


def lijst(client, **params) -> list[tuple[str, str, str]]:
    """(ReferentieAanbieder, uiterlijk, uiterlijk_soort) of the werkvoorraad, in its order."""
    response = client.get("/werkvoorraad", params=params)
    assert response.status_code == 200, response.text
    return [
        (item["referentie_aanbieder"], item["uiterlijk"], item["uiterlijk_soort"])
        for item in response.json()["items"]
    ]


WACHT = ("R-WACHT", "2026-12-11", "antwoord_verzoek")
ONDERZOEK = ("R-ONDERZOEK", "2027-01-11", "eindantwoord")


def test_the_werkvoorraad_shows_the_nearest_open_deadline_and_sorts_by_it(client, werkvoorraad):
    # By Dagtekening R-ONDERZOEK would come first; its deadline is a month later.
    assert lijst(client) == [WACHT, ONDERZOEK]
    assert lijst(client, gemeente=TWENTE, aanbieder=AGB) == [WACHT, ONDERZOEK]


@pytest.mark.parametrize(
    ("voor", "verwacht"),
    [
        (D(2026, 12, 11), []),  # due before this date: the 11th itself is not
        (D(2026, 12, 12), [WACHT]),
        (D(2027, 1, 11), [WACHT]),
        (D(2027, 1, 12), [WACHT, ONDERZOEK]),
        (date.min, []),
        (date.max, [WACHT, ONDERZOEK]),
    ],
)
def test_uiterlijk_voor_filters_on_the_date_shown(client, werkvoorraad, voor, verwacht):
    assert lijst(client, uiterlijk_voor=voor.isoformat()) == verwacht


def test_the_provider_api_and_the_werkvoorraad_agree(client, app, werkvoorraad):
    aanbieder = bearer(sleutel(app, Rol.AANBIEDER, agb=AGB))
    response = client.get("/api/v1/verzoeken/R-WACHT", headers=aanbieder)
    assert response.status_code == 200, response.text
    assert response.json()["antwoord_uiterlijk"] == WACHT[1]


def test_an_overdue_deadline_is_still_the_one_owed(client, app, werkvoorraad):
    assert scan_op(app, D(2026, 12, 14)) >= 1
    assert lijst(client) == [WACHT, ONDERZOEK]


def test_a_request_that_owes_nothing_shows_no_deadline(client, werkvoorraad):
    [item] = [
        i for i in client.get("/werkvoorraad").json()["items"] if i["status"] == "in_onderzoek"
    ]
    response = client.post(f"/verzoeken/{item['id']}/toekenning", json={"besloten_door": WIE})
    assert response.status_code == 201, response.text
    assert lijst(client) == [WACHT]
    detail = client.get(f"/verzoeken/{item['id']}").json()
    assert (detail["status"], detail["uiterlijk"], detail["uiterlijk_soort"]) == (
        "toegekend",
        None,
        None,
    )


def test_a_request_stored_before_deadlines_were_kept_is_due_after_eight_weeks_and_comes_last(
    client, app, werkvoorraad
):
    with app.state.services.sessionmaker.begin() as session:
        session.execute(delete(Signaal).where(Signaal.onderwerp == "verzoek"))
    assert lijst(client) == [
        ("R-ONDERZOEK", "2027-01-11", "eindantwoord"),
        ("R-WACHT", "2027-01-28", "eindantwoord"),
    ]
    assert lijst(client, uiterlijk_voor="2027-01-28") == [ONDERZOEK]
    assert lijst(client, uiterlijk_voor=date.min.isoformat()) == []


def _pagina(client, **params) -> tuple[list[str], str | None]:
    body = client.get("/werkvoorraad", params=params).json()
    return [item["referentie_aanbieder"] for item in body["items"]], body["next"]


def test_the_cursor_follows_the_nearest_deadline_order(client, werkvoorraad):
    first, after = _pagina(client, limit=1)
    rest, last = _pagina(client, limit=1, after=after)

    assert (first, after) == (["R-WACHT"], f"2026-12-11.{_id(client, 'R-WACHT')}")
    assert (rest, last) == (["R-ONDERZOEK"], None)


def test_requests_without_a_deadline_signal_page_last(client, app, werkvoorraad):
    with app.state.services.sessionmaker.begin() as session:
        session.execute(
            delete(Signaal).where(
                Signaal.onderwerp == "verzoek", Signaal.onderwerp_id == _id(client, "R-WACHT")
            )
        )

    first, after = _pagina(client, limit=1)
    rest, last = _pagina(client, limit=1, after=after)

    assert (first, rest, last) == (["R-ONDERZOEK"], ["R-WACHT"], None)


def _id(client, referentie: str) -> int:
    items = client.get("/werkvoorraad").json()["items"]
    return next(item["id"] for item in items if item["referentie_aanbieder"] == referentie)
