"""Signals name their subject: toewijzing or request, product, client and the awaited message."""

from __future__ import annotations

import csv
import io
from datetime import date

from app.access.toegang import Rol
from app.persistence.models import Bericht
from tests.api.berichten import AGB, BSN, Aangevraagd, vot
from tests.api.flow import client_bekend, post, rows
from tests.audit.reads import expected_hash, log
from tests.keys import bearer, sleutel

WIE = "j.devries"


def toewijzen(client) -> int:
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
            "besloten_door": WIE,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["toewijzing_nummer"]


def in_onderzoek(client) -> None:
    """A JW315 beyond 6,000 minutes: a JW319 in onderzoek, the final answer owed."""
    product = Aangevraagd("REF-77", date(2026, 12, 1), date(2027, 5, 31), omvang=(300, "01", "2"))
    post(client, vot("VOT-77", date(2026, 11, 16), product))


def by_soort(items: list[dict]) -> dict[str, dict]:
    return {item["soort"]: item for item in items}


def test_a_worker_sees_toewijzing_product_client_and_the_awaited_message(client, app):
    client_bekend(app)
    nummer = toewijzen(client)
    [jw301] = rows(app, Bericht, Bericht.type == "JW301")

    response = client.get("/signalen", params={"gemeente": "0153"})

    assert response.status_code == 200, response.text
    found = by_soort(response.json()["items"])
    start = found["start_zorg"]
    assert start["toewijzing_nummer"] == nummer
    assert start["product"] == {"categorie": "54", "code": "54001"}
    assert start["client"] == {"bsn": BSN, "naam": "Jansen"}
    assert start["wacht_op"] == f"JW305 op toewijzing {nummer}"
    assert start["actie_bij"] == "aanbieder"
    retour = found["retour"]
    assert retour["wacht_op"] == f"JW302 op JW301 {jw301.identificatie}"
    assert retour["client"] == {"bsn": BSN, "naam": "Jansen"}
    assert retour["toewijzing_nummer"] is None


def test_a_request_signal_names_its_referentie_and_the_final_answer(client, app):
    in_onderzoek(client)

    items = client.get("/signalen", params={"soort": "eindantwoord"}).json()["items"]

    [eind] = items
    assert eind["referentie_aanbieder"] == "REF-77"
    assert eind["product"] == {"categorie": "45", "code": "45A48"}
    assert eind["wacht_op"] == "JW301 of afwijzing (JW319) op VOT REF-77"
    assert eind["actie_bij"] == "gemeente"
    # The name the JW315 carried, kept in the client data.
    assert eind["client"] == {"bsn": BSN, "naam": "Jansen"}
    [retour] = client.get("/signalen", params={"soort": "retour"}).json()["items"]
    assert retour["referentie_aanbieder"] == "REF-77"
    assert retour["wacht_op"].startswith("JW320 op JW319 ")


def test_the_csv_carries_the_subject_columns(client, app):
    client_bekend(app)
    nummer = toewijzen(client)

    response = client.get("/signalen.csv", params={"soort": "start_zorg"})

    [row] = list(csv.DictReader(io.StringIO(response.text)))
    assert (row["toewijzing_nummer"], row["categorie"], row["code"]) == (str(nummer), "54", "54001")
    assert (row["bsn"], row["naam"]) == (BSN, "Jansen")
    assert row["wacht_op"] == f"JW305 op toewijzing {nummer}"
    assert row["actie_bij"] == "aanbieder"


def test_every_list_of_signals_is_an_audited_read_of_its_clients(client, app):
    client_bekend(app)
    toewijzen(client)
    aanbieder = sleutel(app, Rol.AANBIEDER, agb=AGB)
    before = len(log(app))

    assert client.get("/signalen").status_code == 200
    assert client.get("/signalen.csv").status_code == 200
    provider = client.get("/api/v1/signalen", headers=bearer(aanbieder))
    assert provider.status_code == 200

    made = log(app)[before:]
    assert [entry.actie for entry, _ in made] == [
        "GET /signalen",
        "GET /signalen.csv",
        "GET /api/v1/signalen",
    ]
    for entry, clienten in made:
        assert clienten == {(expected_hash(app, BSN), "0153")}
        assert BSN not in entry.wat
    assert [entry.rol for entry, _ in made] == ["gemeente", "gemeente", "aanbieder"]


def test_the_aanbieder_sees_its_clients_bsn_but_not_the_gemeentes_name(client, app):
    client_bekend(app)
    nummer = toewijzen(client)
    aanbieder = sleutel(app, Rol.AANBIEDER, agb=AGB)

    items = client.get("/api/v1/signalen", headers=bearer(aanbieder)).json()["items"]

    start = by_soort(items)["start_zorg"]
    assert start["toewijzing_nummer"] == nummer
    assert start["client"] == {"bsn": BSN, "naam": None}
    assert start["wacht_op"] == f"JW305 op toewijzing {nummer}"
