"""A toewijzing that is retroactive when its JW301 reaches the aanbieder (OP271), on a pinned clock.

The JW305 is due 5 working days after the JW301 is received: "retroactive" is judged by the
day the JW301 actually goes out, whichever path sent it late. The example: a JW315 of Friday
2026-09-25 asks for care from Friday 2026-10-09; the JW301 goes out on Friday 2026-12-04, so
the start is due on Friday 2026-12-11 (Mon 7 .. Fri 11), not on 2026-10-16.
"""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from app.deadlines.scan import aanvullen
from tests.api.berichten import BSN
from tests.api.flow import client_bekend, toewijzing
from tests.deadlines.test_flows import (
    WIE,
    at,
    enige_toewijzing,
    scan_op,
    signaal,
    signalen,
    staat,
    start_zorg,
    verstuurd,
)
from tests.decisions.scenarios.helpers import Product, jw315, send

D = date
TWENTE = "0153"
VERZOEK_DAG, INGANG, EINDE = D(2026, 9, 25), D(2026, 10, 9), D(2027, 1, 8)
VERZONDEN = D(2026, 12, 4)
START_UITERLIJK = D(2026, 12, 11)
"""Five working days after the JW301 of Friday 4 December: Mon 7 .. Fri 11."""
ZONDER_VERTRAGING = D(2026, 10, 16)
"""What the start would be due on had the JW301 gone out on the day of the decision."""

GEVRAAGD = Product("R-1", omvang=(2000, "01", "6"), ingang=INGANG, eind=EINDE)
"""Behandeling individueel from a huisarts, 2,000 minutes: granted by rule A1."""


def clientgegevens(client) -> list[int]:
    """The gemeente records the client's data (PUT /clientgegevens); the JW301s it let go."""
    body = {
        "gemeente": TWENTE,
        "bsn": BSN,
        "geboortedatum": "2014-06-09",
        "geslacht": "2",
        "naam": {"achternaam": "Jansen", "voorletters": "S"},
        "contacten": [
            {
                "soort": "01",
                "adres": {
                    "huisnummer": 12,
                    "postcode": "7511AB",
                    "straatnaam": "Oude Markt",
                    "plaatsnaam": "Enschede",
                    "landcode": "NL",
                },
            }
        ],
        "vastgelegd_door": WIE,
    }
    response = client.put("/clientgegevens", json=body)
    assert response.status_code == 200, response.text
    return response.json()["verzonden_berichten"]


def toegewezen_product(app) -> dict[str, str]:
    """Dagtekening, Toewijzingsdatum and Ingangsdatum of the only JW301 sent."""
    [jw301] = verstuurd(app, "JW301")
    root = etree.fromstring(jw301.xml)
    [product] = root.iter("{*}ToegewezenProduct")
    return {
        "dagtekening": root.findtext("{*}Header/{*}BerichtIdentificatie/{*}Dagtekening"),
        "toewijzingsdatum": product.findtext("{*}Toewijzingsdatum"),
        "ingangsdatum": product.findtext("{*}Ingangsdatum"),
    }


@pytest.fixture
def na_clientgegevens(client, app):
    """The JW315 of 25 September waits for client data until they are recorded on 4 December."""
    at(app, VERZOEK_DAG)
    send(client, jw315("VOT-1", GEVRAAGD, gemeente=TWENTE, dagtekening=VERZOEK_DAG))
    assert verstuurd(app, "JW301") == []
    at(app, VERZONDEN)
    assert len(clientgegevens(client)) == 1
    return enige_toewijzing(app, TWENTE)


def test_a_grant_that_waited_for_client_data_is_due_from_the_day_its_jw301_went_out(
    app, na_clientgegevens
):
    row = na_clientgegevens
    assert staat(signaal(app, "start_zorg", row.id)) == (VERZONDEN, START_UITERLIJK, "open", False)
    scan_op(app, VERZONDEN)
    assert signaal(app, "start_zorg", row.id).status == "open"
    # IV013: the Toewijzingsdatum is when the gemeente decided, not when the message went out.
    assert toegewezen_product(app) == {
        "dagtekening": "2026-12-04",
        "toewijzingsdatum": "2026-09-25",
        "ingangsdatum": "2026-10-09",
    }


@pytest.mark.parametrize(
    ("ontvangen", "te_laat"),
    [(VERZONDEN, False), (START_UITERLIJK, False), (D(2026, 12, 14), True)],
)
def test_a_jw305_on_a_grant_that_waited_is_late_only_after_five_working_days_from_the_jw301(
    client, app, na_clientgegevens, ontvangen, te_laat
):
    row = na_clientgegevens
    at(app, ontvangen)
    start_zorg(client, app, row, INGANG)
    assert staat(signaal(app, "start_zorg", row.id)) == (
        VERZONDEN,
        START_UITERLIJK,
        "met",
        te_laat,
    )


def test_the_first_answer_that_waited_for_client_data_was_late(app, na_clientgegevens):
    [verzoek_signaal] = signalen(app, "antwoord_verzoek")
    # Received Friday 25 September: Mon 28 .. Fri 2 October.
    assert (verzoek_signaal.due_date, verzoek_signaal.status, verzoek_signaal.te_laat) == (
        D(2026, 10, 2),
        "met",
        True,
    )


def test_a_workers_late_grant_is_due_from_its_jw301(client, app):
    client_bekend(app, gemeente=TWENTE)
    at(app, VERZOEK_DAG)
    groot = Product("R-1", omvang=(6001, "01", "6"), ingang=INGANG, eind=EINDE)  # A2
    send(client, jw315("VOT-1", groot, gemeente=TWENTE, dagtekening=VERZOEK_DAG))
    [verzoek] = client.get("/werkvoorraad").json()["items"]
    at(app, VERZONDEN)
    response = client.post(f"/verzoeken/{verzoek['id']}/toekenning", json={"besloten_door": WIE})
    assert response.status_code == 201, response.text
    row = enige_toewijzing(app, TWENTE)
    assert staat(signaal(app, "start_zorg", row.id)) == (VERZONDEN, START_UITERLIJK, "open", False)
    assert toegewezen_product(app)["toewijzingsdatum"] == "2026-12-04"


def test_a_start_signal_planned_before_any_jw301_is_planned_again_when_one_goes_out(client, app):
    client_bekend(app, gemeente=TWENTE)
    at(app, VERZOEK_DAG)
    # Stored by another system on 25 September; no JW301 of ours carried it yet.
    toewijzing(app, 7, INGANG, EINDE, gemeente=TWENTE, omvang=(2000, "01", "6"))
    row = enige_toewijzing(app, TWENTE)
    services = app.state.services
    with services.sessionmaker.begin() as session:
        assert aanvullen(session, services.termijnen, services.clock.now()) == 1
    assert staat(signaal(app, "start_zorg", row.id))[1] == ZONDER_VERTRAGING
    assert scan_op(app, D(2026, 10, 19)) >= 1
    assert signaal(app, "start_zorg", row.id).status == "overdue"

    at(app, VERZONDEN)
    response = client.post(
        f"/toewijzingen/{TWENTE}/7/wijziging",
        json={"einddatum": "2027-02-26", "reden_wijziging": "04", "besloten_door": WIE},
    )
    assert response.status_code == 201, response.text
    assert staat(signaal(app, "start_zorg", row.id)) == (
        VERZOEK_DAG,
        START_UITERLIJK,
        "open",
        False,
    )
