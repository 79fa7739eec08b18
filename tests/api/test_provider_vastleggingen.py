"""The aanbieder's part of the seeds over the provider API, seen by the gemeente worker.

Seed 000: the referral letter (before or with the JW315) and the extension notice 12 to 8
weeks before the end. Seed 002: the substantiation of the contact moment's option (A/B/C).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.access.toegang import Rol
from app.main import create_app
from app.persistence.models import Signaal, TermijnVastlegging, Verwijzing
from tests.api.berichten import AGB, BSN
from tests.api.flow import XML, accepted, client_bekend, rows
from tests.decisions.scenarios.helpers import Product, jw315
from tests.keys import aangemeld, bearer, sleutel_met_id

REGELSETS = Path(__file__).parents[1] / "decisions" / "scenarios" / "rulesets"
ANDER = "12345678"
LETTER_TE_OUD = date(2025, 12, 1)
"""Allows a start until 2026-11-30: the request's start on 2026-12-01 is too late (A6)."""
LETTER = date(2025, 12, 2)


@pytest.fixture
def app(settings, clock):
    """Twente (0153) as region A, Amsterdam (0363) as region B."""
    return create_app(settings.model_copy(update={"ruleset_dir": REGELSETS}), clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        aangemeld(test_client)
        yield test_client


@pytest.fixture
def aanbieder(app, client) -> tuple[dict, int]:
    """The headers of aanbieder AGB's key, and the key's id."""
    key_id, key = sleutel_met_id(app, Rol.AANBIEDER, agb=AGB)
    return bearer(key), key_id


def brief(referentie: str, datum: date, gemeente: str = "0153") -> dict:
    return {
        "gemeente": gemeente,
        "referentie_aanbieder": referentie,
        "datum": datum.isoformat(),
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
        "vastgelegd_door": "p.smit",
    }


def verzoek_id(client, referentie: str) -> int:
    response = client.get("/verzoeken", params={"referentie_aanbieder": referentie})
    assert response.status_code == 200, response.text
    [item] = response.json()["items"]
    return item["id"]


def test_the_aanbieders_referral_is_weighed_by_rule_a6_and_shown_to_the_gemeente(
    client, app, aanbieder
):
    headers, key_id = aanbieder
    client_bekend(app)
    recorded = client.put("/api/v1/verwijzingen", json=brief("R-1", LETTER_TE_OUD), headers=headers)
    assert recorded.status_code == 201, recorded.text
    assert (recorded.json()["aanbieder"], recorded.json()["vastgelegd_rol"]) == (AGB, "aanbieder")

    # The aanbieder sends its JW315 itself, with the same key.
    response = client.post(
        "/berichten", content=jw315("VOT-1", Product("R-1")), headers=XML | headers
    )
    assert accepted(response)

    detail = client.get(f"/verzoeken/{verzoek_id(client, 'R-1')}").json()
    assert detail["status"] == "in_onderzoek"
    assert detail["beslissingen"][-1]["regel"] == "A6"
    assert detail["verwijzing"] == {"datum": "2025-12-01", "type": "02"}
    assert detail["verwijzingsbrief"] | {"vastgelegd_at": None} == {
        "datum": "2025-12-01",
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345", "naam": None},
        "vastgelegd_door": "p.smit",
        "vastgelegd_rol": "aanbieder",
        "key_id": key_id,
        "key_naam": f"aanbieder {AGB}",
        "vastgelegd_at": None,
    }
    own = client.get("/api/v1/verzoeken/R-1", headers=headers).json()
    assert own["verwijzing"] == {
        "datum": "2025-12-01",
        "verwijzer_type": "02",
        "zorgverlener_code": "01012345",
        "naam": None,
        "vastgelegd_rol": "aanbieder",
    }
    assert own["beslissing"]["regel"] == "A6"
    # After its JW315 the aanbieder's letter stands as the decision weighed it.
    late = client.put("/api/v1/verwijzingen", json=brief("R-1", LETTER), headers=headers)
    assert late.status_code == 409
    assert late.json()["type"] == "/problems/verwijzing-na-verzoek"
    [stored] = rows(app, Verwijzing)
    assert stored.datum_date == LETTER_TE_OUD


def test_a_valid_letter_from_the_aanbieder_lets_rule_a1_grant_and_the_answer_names_its_number(
    client, app, aanbieder
):
    headers, _ = aanbieder
    client_bekend(app)
    assert (
        client.put("/api/v1/verwijzingen", json=brief("R-1", LETTER), headers=headers).status_code
        == 201
    )
    response = client.post(
        "/berichten", content=jw315("VOT-1", Product("R-1")), headers=XML | headers
    )
    assert accepted(response)

    detail = client.get(f"/verzoeken/{verzoek_id(client, 'R-1')}").json()

    assert detail["status"] == "toegekend"
    assert detail["beslissingen"][-1]["regel"] == "A1"
    [antwoord] = detail["antwoorden"]
    assert (antwoord["type"], antwoord["toewijzing_nummers"]) == ("JW301", [1])


def test_the_aanbieder_replaces_its_own_letter_but_never_the_gemeentes(client, app, aanbieder):
    headers, _ = aanbieder
    first = client.put("/api/v1/verwijzingen", json=brief("R-1", LETTER_TE_OUD), headers=headers)
    again = client.put("/api/v1/verwijzingen", json=brief("R-1", LETTER), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)

    gemeente = brief("R-2", LETTER) | {"aanbieder": AGB, "vastgelegd_door": "j.devries"}
    assert client.put("/verwijzingen", json=gemeente).status_code == 201
    refused = client.put("/api/v1/verwijzingen", json=brief("R-2", LETTER_TE_OUD), headers=headers)

    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/verwijzing-van-gemeente"
    stored = {
        row.referentie_aanbieder: (row.datum_date, row.vastgelegd_rol)
        for row in rows(app, Verwijzing)
    }
    assert stored == {"R-1": (LETTER, "aanbieder"), "R-2": (LETTER, "gemeente")}


def toewijzen(client, gemeente: str, ingang: date, eind: date, aanbieder: str = AGB) -> int:
    response = client.post(
        "/toewijzingen",
        json={
            "gemeente": gemeente,
            "aanbieder": aanbieder,
            "bsn": BSN,
            "product": {"categorie": "54", "code": "54001"},
            "ingangsdatum": ingang.isoformat(),
            "einddatum": eind.isoformat(),
            "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
            "besloten_door": "j.devries",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["toewijzing_nummer"]


def signaal(app, soort: str) -> tuple[str, bool]:
    [row] = rows(app, Signaal, Signaal.soort == soort)
    return row.status, row.te_laat


def test_the_aanbieders_extension_notice_meets_the_signal_and_shows_in_the_gemeentes_lookup(
    client, app, aanbieder
):
    headers, key_id = aanbieder
    client_bekend(app)
    nummer = toewijzen(client, "0153", date(2026, 1, 1), date(2027, 2, 1))
    assert signaal(app, "verlenging") == ("open", False)

    response = client.post(
        f"/api/v1/toewijzingen/0153/{nummer}/verlengingsmelding",
        json={
            "soort": "korte_verlenging",
            "toelichting": "afrondende fase",
            "vastgelegd_door": "p.smit",
        },
        headers=headers,
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["soort"], body["vastgelegd_rol"], body["signaal_gemeld"], body["te_laat"]) == (
        "verlenging",
        "aanbieder",
        True,
        False,
    )
    assert signaal(app, "verlenging") == ("met", False)
    lookup = client.get(f"/toewijzingen/0153/{nummer}").json()
    [record] = lookup["vastleggingen"]
    assert record["details"] == {"verlenging": "korte_verlenging", "toelichting": "afrondende fase"}
    assert (record["vastgelegd_door"], record["vastgelegd_rol"], record["key_id"]) == (
        "p.smit",
        "aanbieder",
        key_id,
    )
    assert {item["soort"]: item["status"] for item in lookup["signalen"]}["verlenging"] == "met"


def test_another_aanbieders_toewijzing_is_not_found_and_nothing_is_stored(client, app):
    client_bekend(app)
    nummer = toewijzen(client, "0153", date(2026, 1, 1), date(2027, 2, 1))
    _, other = sleutel_met_id(app, Rol.AANBIEDER, agb=ANDER)

    response = client.post(
        f"/api/v1/toewijzingen/0153/{nummer}/verlengingsmelding",
        json={"soort": "geen", "vastgelegd_door": "x"},
        headers=bearer(other),
    )

    assert response.status_code == 404
    assert response.json()["type"] == "/problems/toewijzing-unknown"
    assert rows(app, TermijnVastlegging) == []
    assert signaal(app, "verlenging") == ("open", False)


def test_a_notice_before_the_window_is_refused(client, app, aanbieder):
    headers, _ = aanbieder
    client_bekend(app)
    nummer = toewijzen(client, "0153", date(2026, 12, 1), date(2027, 11, 30))

    response = client.post(
        f"/api/v1/toewijzingen/0153/{nummer}/verlengingsmelding",
        json={"soort": "lange_verlenging", "vastgelegd_door": "p.smit"},
        headers=headers,
    )

    assert response.status_code == 409
    assert response.json()["type"] == "/problems/termijn-not-open"
    assert rows(app, TermijnVastlegging) == []


def test_the_substantiation_is_kept_beside_the_gemeentes_contact_moment(client, app, aanbieder):
    headers, _ = aanbieder
    client_bekend(app, gemeente="0363")
    nummer = toewijzen(client, "0363", date(2026, 11, 1), date(2027, 10, 31))

    onderbouwd = client.post(
        f"/api/v1/toewijzingen/0363/{nummer}/onderbouwing",
        json={"optie": "B", "toelichting": "Doelen nog niet bereikt", "vastgelegd_door": "p.smit"},
        headers=headers,
    )
    assert onderbouwd.status_code == 201, onderbouwd.text
    assert onderbouwd.json()["signaal_gemeld"] is False
    assert signaal(app, "contactmoment") == ("open", False)
    contact = client.post(
        f"/toewijzingen/0363/{nummer}/contactmoment",
        json={
            "datum": "2026-11-19",
            "vorm": "telefoon",
            "uitkomst": "verlenging_nodig",
            "deelnemers": ["aanbieder", "jeugdconsulent"],
            "vastgelegd_door": "j.devries",
        },
    )
    assert contact.status_code == 201, contact.text
    assert signaal(app, "contactmoment") == ("met", False)

    lookup = client.get(f"/toewijzingen/0363/{nummer}").json()

    assert [
        (r["soort"], r["vastgelegd_rol"], r["details"].get("optie"))
        for r in lookup["vastleggingen"]
    ] == [
        ("onderbouwing", "aanbieder", "B"),
        ("contactmoment", "gemeente", None),
    ]
    assert lookup["vastleggingen"][0]["details"]["uitkomst"] == "verlenging_nodig"


def test_a_substantiation_where_no_contact_moment_is_kept_is_refused(client, app, aanbieder):
    headers, _ = aanbieder
    client_bekend(app)
    nummer = toewijzen(client, "0153", date(2026, 1, 1), date(2027, 2, 1))

    response = client.post(
        f"/api/v1/toewijzingen/0153/{nummer}/onderbouwing",
        json={"optie": "A", "toelichting": "klaar", "vastgelegd_door": "p.smit"},
        headers=headers,
    )

    assert response.status_code == 409
    assert response.json()["type"] == "/problems/termijn-not-kept"


def test_the_gemeente_key_cannot_use_the_providers_records(client):
    response = client.put("/api/v1/verwijzingen", json=brief("R-1", LETTER))
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/forbidden-role"
