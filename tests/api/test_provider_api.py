"""The provider API over HTTP: an aanbieder's own requests, toewijzingen and signals only."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.access.toegang import Rol
from app.clock import date_of
from app.config import Settings
from app.deadlines.repository import meet, open_signaal
from app.deadlines.scan import scan
from app.persistence.models import AuditClient, AuditEntry, Bericht, Signaal, Toewijzing, Verzoek
from tests.api.berichten import AGB, BSN, Aangevraagd, vot
from tests.api.flow import accepted, client_bekend, post, rows, toewijzing
from tests.conftest import SERVED
from tests.keys import sleutel

ANDER = "12345678"
"""Another aanbieder."""
ANDERE_CLIENT = "999900031"
DAG = date(2026, 11, 16)
START, EIND = date(2026, 12, 1), date(2027, 5, 31)
ZONDER_REGELSET = "0363"
"""Served, in no rule set: with `zonder_regelset = toekennen` its requests are granted."""


@pytest.fixture
def settings(database_url):
    return Settings(database_url=database_url, gemeenten=SERVED, zonder_regelset="toekennen")


@pytest.fixture
def eigen(app, client):
    """The headers of an aanbieder key for AGB."""
    return _bearer(sleutel(app, Rol.AANBIEDER, agb=AGB))


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _vot(client, referentie: str, identificatie: str, **kwargs) -> None:
    bericht = vot(identificatie, DAG, Aangevraagd(referentie, START, EIND), **kwargs)
    assert accepted(post(client, bericht))


def _verzoek(app, referentie: str, gemeente: str = "0153") -> Verzoek:
    [row] = rows(
        app, Verzoek, Verzoek.referentie_aanbieder == referentie, Verzoek.gemeente == gemeente
    )
    return row


def _bericht(app, bericht_id: int) -> Bericht:
    [row] = rows(app, Bericht, Bericht.id == bericht_id)
    return row


def _audit(app) -> list[tuple[AuditEntry, list[AuditClient]]]:
    entries = rows(app, AuditEntry)
    return [(entry, rows(app, AuditClient, AuditClient.audit_id == entry.id)) for entry in entries]


def _geen_bsn_in_audit(app, *bsns: str) -> None:
    """No column of any audit row holds a BSN in clear."""
    with app.state.services.sessionmaker() as session:
        for table in (AuditEntry, AuditClient):
            for row in session.execute(select(table.__table__)):
                text = " ".join(str(value) for value in row)
                assert not any(bsn in text for bsn in bsns), table.__tablename__


# --- GET /api/v1/verzoeken/{referentie_aanbieder} ------------------------------------------


def test_request_in_onderzoek_shows_its_due_date_decision_and_jw319(client, app, eigen):
    _vot(client, "R-1", "VOT-1")

    response = client.get("/api/v1/verzoeken/R-1", headers=eigen)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["referentie_aanbieder"], body["soort"], body["gemeente"]) == ("R-1", "VOT", "0153")
    assert (body["status"], body["bsn"]) == ("in_onderzoek", BSN)
    assert "8 weken" in body["status_betekenis"]["nl"]
    assert "8 weeks" in body["status_betekenis"]["en"]
    assert body["dagtekening"] == "2026-11-16"
    assert body["ontvangen_at"] == "2026-11-20T09:30:00Z"
    assert body["antwoord_uiterlijk"] == "2027-01-11"  # 8 weeks after the Dagtekening
    assert body["beantwoord_at"] is None
    assert body["product"] == {
        "categorie": "45",
        "code": "45A48",
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-05-31",
        "omvang": {"volume": 90, "eenheid": "01", "frequentie": "2"},
        "budget": None,
    }
    beslissing = body["beslissing"]
    assert (beslissing["uitkomst"], beslissing["regelset"], beslissing["regel"]) == (
        "onderzoek",
        "twente",
        "default",
    )
    assert beslissing["redenen"] == [
        "geen regel van regelset 'twente' past bij ProductCategorie 45, ProductCode 45A48, "
        "Verwijzer type 02: standaarduitkomst onderzoek"
    ]
    assert beslissing["reden_afwijzing"] is None
    [antwoord] = body["antwoorden"]
    [jw319] = rows(app, Bericht, Bericht.type == "JW319")
    assert antwoord == {
        "type": "JW319",
        "identificatie": jw319.identificatie,
        "dagtekening": "2026-11-20",
        "verzonden_at": "2026-11-20T09:30:00Z",
        "verzoek_antwoord": "2",
    }
    assert body["toewijzing_nummers"] == []


def test_what_the_gemeente_must_configure_stays_inside_the_gemeente(client, app, eigen):
    _vot(client, "R-1", "VOT-1")  # twente has no product codes for 'Behandeling individueel'

    gemeente = client.get("/werkvoorraad").json()["items"][0]["beslissingen"][0]
    aanbieder = client.get("/api/v1/verzoeken/R-1", headers=eigen).json()["beslissing"]

    assert any("zijn niet ingesteld" in uitleg for uitleg in gemeente["beheer"])
    assert aanbieder["redenen"] == gemeente["redenen"]
    assert "beheer" not in aanbieder
    assert not any("niet ingesteld" in reden for reden in aanbieder["redenen"])


def test_a_gemeente_without_rule_set_is_no_concern_of_the_aanbieder(client, app, eigen):
    client_bekend(app, gemeente=ZONDER_REGELSET)
    _vot(client, "R-G", "VOT-1", gemeente=ZONDER_REGELSET)

    [verzoek] = rows(app, Verzoek)
    gemeente = client.get(f"/verzoeken/{verzoek.id}").json()["beslissingen"][0]
    aanbieder = client.get("/api/v1/verzoeken/R-G", headers=eigen).json()["beslissing"]

    assert gemeente["beheer"] == [
        f"gemeente {ZONDER_REGELSET} valt onder geen regelset: de uitkomst is IJW_ZONDER_REGELSET"
    ]
    assert not any("regelset" in reden for reden in aanbieder["redenen"])


def test_granted_request_lists_its_jw301_and_the_toewijzing(client, app, eigen):
    client_bekend(app, gemeente=ZONDER_REGELSET)
    _vot(client, "R-G", "VOT-1", gemeente=ZONDER_REGELSET)

    body = client.get("/api/v1/verzoeken/R-G", headers=eigen).json()

    assert (body["status"], body["gemeente"]) == ("toegekend", ZONDER_REGELSET)
    assert body["status_betekenis"]["en"] == "Granted, and assigned with a JW301."
    assert body["antwoord_uiterlijk"] is None
    assert body["beantwoord_at"] == "2026-11-20T09:30:00Z"
    assert body["beslissing"] == {
        "uitkomst": "toekennen",
        "regelset": None,
        "regel": "default",
        "redenen": ["geen regel van toepassing: standaarduitkomst toekennen"],
        "reden_afwijzing": None,
        "besloten_at": "2026-11-20T09:30:00Z",
    }
    [antwoord] = body["antwoorden"]
    [jw301] = rows(app, Bericht, Bericht.type == "JW301")
    assert (antwoord["type"], antwoord["identificatie"]) == ("JW301", jw301.identificatie)
    assert antwoord["verzoek_antwoord"] is None
    [granted] = rows(app, Toewijzing)
    assert body["toewijzing_nummers"] == [granted.nummer]


def test_grant_waiting_for_client_data_owes_the_first_answer(client, app, eigen):
    _vot(client, "R-W", "VOT-1", gemeente=ZONDER_REGELSET)

    body = client.get("/api/v1/verzoeken/R-W", headers=eigen).json()

    assert body["status"] == "wacht_op_clientgegevens"
    assert "contactgegevens" in body["status_betekenis"]["nl"]
    # Received Friday 20 November: 5 working days, as the deadline keeping counts them.
    assert body["antwoord_uiterlijk"] == "2026-11-27"
    assert body["beslissing"]["uitkomst"] == "toekennen"
    assert (body["antwoorden"], body["toewijzing_nummers"]) == ([], [])


def test_request_rejected_by_a_worker_lists_both_jw319s(client, app, eigen):
    _vot(client, "R-1", "VOT-1")
    verzoek = _verzoek(app, "R-1")
    afwijzing = client.post(
        f"/verzoeken/{verzoek.id}/afwijzing",
        json={"besloten_door": "j.devries", "reden": "3", "toelichting": "geen indicatie"},
    )
    assert afwijzing.status_code == 201, afwijzing.text

    body = client.get("/api/v1/verzoeken/R-1", headers=eigen).json()

    assert body["status"] == "afgewezen"
    assert body["status_betekenis"]["nl"] == "Afgewezen (JW319, VerzoekAntwoord 1)."
    assert body["antwoord_uiterlijk"] is None
    assert body["beantwoord_at"] == "2026-11-20T09:30:00Z"
    beslissing = body["beslissing"]
    assert (beslissing["uitkomst"], beslissing["regel"], beslissing["reden_afwijzing"]) == (
        "afwijzen",
        "handmatig",
        "3",
    )
    assert beslissing["redenen"] == []  # the worker's toelichting stays inside the gemeente
    assert "besloten_door" not in beslissing
    assert [(a["type"], a["verzoek_antwoord"]) for a in body["antwoorden"]] == [
        ("JW319", "2"),
        ("JW319", "1"),
    ]
    afwijzing_bericht = _bericht(app, afwijzing.json()["bericht_id"])
    assert body["antwoorden"][1]["identificatie"] == afwijzing_bericht.identificatie


def test_another_aanbieders_reference_is_not_found(client, app, eigen):
    _vot(client, "R-B", "VOT-B", aanbieder=ANDER)

    theirs = client.get("/api/v1/verzoeken/R-B", headers=eigen)
    unknown = client.get("/api/v1/verzoeken/R-ONBEKEND", headers=eigen)

    assert theirs.status_code == unknown.status_code == 404
    assert theirs.headers["content-type"] == "application/problem+json"
    assert theirs.json()["type"] == unknown.json()["type"] == "/problems/verzoek-unknown"
    assert theirs.json()["detail"] == unknown.json()["detail"]
    assert "R-B" not in theirs.text
    other_key = _bearer(sleutel(app, Rol.AANBIEDER, agb=ANDER))
    assert client.get("/api/v1/verzoeken/R-B", headers=other_key).json()["status"] == (
        "in_onderzoek"
    )
    assert rows(app, AuditEntry)[0].actie == "GET /api/v1/verzoeken/{referentie}"
    assert len(rows(app, AuditEntry)) == 1  # the refused reads recorded nothing


def test_reference_in_two_gemeenten_needs_the_gemeente(client, app, eigen):
    _vot(client, "R-1", "VOT-1")
    _vot(client, "R-1", "VOT-2", gemeente="0164")

    ambiguous = client.get("/api/v1/verzoeken/R-1", headers=eigen)
    named = client.get("/api/v1/verzoeken/R-1", params={"gemeente": "0164"}, headers=eigen)
    elsewhere = client.get("/api/v1/verzoeken/R-1", params={"gemeente": "0363"}, headers=eigen)
    not_served = client.get("/api/v1/verzoeken/R-1", params={"gemeente": "0999"}, headers=eigen)

    assert ambiguous.status_code == 409
    assert ambiguous.json()["type"] == "/problems/referentie-ambiguous"
    assert ambiguous.json()["gemeenten"] == ["0153", "0164"]
    assert BSN not in ambiguous.text
    assert named.status_code == 200
    assert (named.json()["gemeente"], named.json()["referentie_aanbieder"]) == ("0164", "R-1")
    assert elsewhere.status_code == 404
    assert (not_served.status_code, not_served.json()["type"]) == (
        404,
        "/problems/gemeente-not-served",
    )


def test_a_reference_longer_than_36_characters_is_refused(client, eigen):
    response = client.get("/api/v1/verzoeken/" + "R" * 37, headers=eigen)

    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-request"


def test_reading_a_request_is_audited_by_the_bsn_hash(client, app, eigen):
    _vot(client, "R-1", "VOT-1")
    verzoek = _verzoek(app, "R-1")

    assert client.get("/api/v1/verzoeken/R-1", headers=eigen).status_code == 200

    [(entry, [gelezen])] = _audit(app)
    assert (entry.actie, entry.rol) == ("GET /api/v1/verzoeken/{referentie}", "aanbieder")
    assert entry.wat == f"verzoek {verzoek.id} (gemeente 0153)"
    audit = app.state.services.audit
    assert (gelezen.bsn_hash, gelezen.gemeente) == (audit.bsn_hash(BSN), "0153")
    _geen_bsn_in_audit(app, BSN)


# --- GET /api/v1/toewijzingen ---------------------------------------------------------------


def test_toewijzingen_lists_only_the_current_ones_of_this_aanbieder(client, app, eigen):
    client_bekend(app)
    toewijzing(app, 1, date(2026, 1, 1), date(2027, 6, 30))
    # Other codes: a JW301 may not hold overlapping toewijzingen of one product (TR302).
    toewijzing(app, 2, date(2026, 1, 1), date(2026, 11, 19), code="45A47")  # ended yesterday
    toewijzing(app, 3, date(2026, 6, 1), date(2026, 11, 20), code="45A49")  # ends today
    toewijzing(app, 4, date(2026, 12, 1), date(2027, 5, 31), code="45A50")  # deleted below
    toewijzing(app, 5, date(2026, 1, 1), date(2027, 6, 30), aanbieder=ANDER)
    toewijzing(app, 6, date(2026, 1, 1), date(2027, 6, 30), bsn=ANDERE_CLIENT)
    toewijzing(app, 7, date(2026, 3, 1), None, categorie=None, code=None, gemeente="0164")
    deleted = client.post("/toewijzingen/0153/4/verwijdering", json={"besloten_door": "a.bakker"})
    assert deleted.status_code == 201, deleted.text

    response = client.get("/api/v1/toewijzingen", params={"bsn": BSN}, headers=eigen)

    assert response.status_code == 200, response.text
    found = response.json()
    assert [(t["gemeente"], t["toewijzing_nummer"]) for t in found] == [
        ("0153", 1),
        ("0153", 3),
        ("0164", 7),
    ]
    assert found[0] == {
        "gemeente": "0153",
        "toewijzing_nummer": 1,
        "product": {"categorie": "45", "code": "45A48"},
        "ingangsdatum": "2026-01-01",
        "einddatum": "2027-06-30",
        "omvang": {"volume": 90, "eenheid": "01", "frequentie": "2"},
        "budget": None,
        "reden_wijziging": None,
        "referentie_aanbieder": None,
        "toegewezen_at": "2026-11-20T09:30:00Z",
        "versie": 1,
    }
    generiek = found[2]
    assert (generiek["product"], generiek["omvang"], generiek["einddatum"]) == (None, None, None)
    in_0164 = client.get(
        "/api/v1/toewijzingen", params={"bsn": BSN, "gemeente": "0164"}, headers=eigen
    ).json()
    assert [t["toewijzing_nummer"] for t in in_0164] == [7]


def test_toewijzing_granted_on_a_request_carries_its_reference(client, app, eigen):
    client_bekend(app, gemeente=ZONDER_REGELSET)
    _vot(client, "R-G", "VOT-1", gemeente=ZONDER_REGELSET)

    [found] = client.get("/api/v1/toewijzingen", params={"bsn": BSN}, headers=eigen).json()

    assert (found["gemeente"], found["referentie_aanbieder"]) == (ZONDER_REGELSET, "R-G")
    assert (found["ingangsdatum"], found["einddatum"]) == ("2026-12-01", "2027-05-31")
    assert found["versie"] == 1


def test_toewijzingen_read_is_audited_per_gemeente_returned(client, app, eigen):
    toewijzing(app, 1, date(2026, 1, 1), date(2027, 6, 30))
    toewijzing(app, 7, date(2026, 1, 1), date(2027, 6, 30), gemeente="0164")

    assert len(client.get("/api/v1/toewijzingen", params={"bsn": BSN}, headers=eigen).json()) == 2

    [(entry, gelezen)] = _audit(app)
    assert (entry.actie, entry.rol) == ("GET /api/v1/toewijzingen", "aanbieder")
    assert entry.wat == "2 toewijzing(en) in every gemeente served: 0153/1, 0164/7"
    hashed = app.state.services.audit.bsn_hash(BSN)
    assert [(row.bsn_hash, row.gemeente) for row in gelezen] == [
        (hashed, "0153"),
        (hashed, "0164"),
    ]
    _geen_bsn_in_audit(app, BSN)


def test_a_client_without_toewijzingen_gets_an_empty_list_and_is_still_audited(client, app, eigen):
    toewijzing(app, 1, date(2026, 1, 1), date(2027, 6, 30), aanbieder=ANDER)

    everywhere = client.get("/api/v1/toewijzingen", params={"bsn": BSN}, headers=eigen)
    in_0164 = client.get(
        "/api/v1/toewijzingen", params={"bsn": BSN, "gemeente": "0164"}, headers=eigen
    )

    assert everywhere.json() == in_0164.json() == []
    hashed = app.state.services.audit.bsn_hash(BSN)
    [(first, alle), (second, een)] = _audit(app)
    assert [(row.bsn_hash, row.gemeente) for row in alle] == [(hashed, g) for g in sorted(SERVED)]
    assert [(row.bsn_hash, row.gemeente) for row in een] == [(hashed, "0164")]
    assert first.wat == "0 toewijzing(en) in every gemeente served"
    assert second.wat == "0 toewijzing(en) in gemeente 0164"
    _geen_bsn_in_audit(app, BSN)


@pytest.mark.parametrize(
    "params",
    [
        {"bsn": "999900019"},  # fails the 11-proef
        {"bsn": "000000000"},
        {"bsn": "99990001"},
        {},
    ],
)
def test_toewijzingen_needs_a_valid_bsn(client, app, eigen, params):
    response = client.get("/api/v1/toewijzingen", params=params, headers=eigen)

    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-request"
    assert response.json()["errors"][0]["location"] == "query.bsn"
    assert "99990001" not in response.text
    assert rows(app, AuditEntry) == []


def test_toewijzingen_in_a_gemeente_not_served_is_refused(client, app, eigen):
    params = {"bsn": BSN, "gemeente": "0999"}
    response = client.get("/api/v1/toewijzingen", params=params, headers=eigen)

    assert (response.status_code, response.json()["type"]) == (404, "/problems/gemeente-not-served")
    assert rows(app, AuditEntry) == []


# --- GET /api/v1/signalen -------------------------------------------------------------------


def _signaal(app, onderwerp_id: int, due: date, **kwargs) -> int:
    services = app.state.services
    values = {"gemeente": "0153", "aanbieder": AGB, "soort": "start_zorg"} | kwargs
    soort = values.pop("soort")
    with services.sessionmaker.begin() as session:
        open_signaal(
            session,
            soort,
            "toewijzing",
            onderwerp_id,
            due=due,
            now=services.clock.now(),
            **values,
        )
    with services.sessionmaker() as session:
        return session.scalar(
            select(Signaal.id).where(Signaal.soort == soort, Signaal.onderwerp_id == onderwerp_id)
        )


@pytest.fixture
def signalen(app):
    """Signals of AGB (open, overdue, met, not yet visible, in 0164) and one of ANDER."""
    ids = {
        "overdue": _signaal(app, 1, date(2026, 11, 18)),
        "b": _signaal(app, 2, date(2026, 11, 25)),
        "c": _signaal(app, 3, date(2026, 11, 25)),
        "hengelo": _signaal(app, 4, date(2026, 12, 10), gemeente="0164", soort="stop_zorg"),
        "ander": _signaal(app, 5, date(2026, 11, 21), aanbieder=ANDER),
        "met": _signaal(app, 6, date(2026, 11, 24)),
        "later": _signaal(app, 7, date(2026, 12, 20), vanaf=date(2026, 12, 1)),
    }
    services = app.state.services
    now = services.clock.now()
    with services.sessionmaker.begin() as session:
        assert meet(session, "start_zorg", "toewijzing", 6, te_laat=False, now=now)
        assert scan(session, date_of(now), now).overdue == 1
    return ids


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_signals_are_the_running_ones_of_this_aanbieder_soonest_first(client, eigen, signalen):
    response = client.get("/api/v1/signalen", headers=eigen)

    assert _ids(response) == [signalen[k] for k in ("overdue", "b", "c", "hengelo")]
    items = response.json()["items"]
    assert {item["aanbieder"] for item in items} == {AGB}
    assert [item["status"] for item in items] == ["overdue", "open", "open", "open"]
    assert response.json()["next"] is None


def test_signals_page_on_with_the_cursor(client, eigen, signalen):
    first = client.get("/api/v1/signalen", params={"limit": 3}, headers=eigen)
    second = client.get(
        "/api/v1/signalen", params={"limit": 3, "after": first.json()["next"]}, headers=eigen
    )

    assert _ids(first) == [signalen[k] for k in ("overdue", "b", "c")]
    assert first.json()["next"] == f"2026-11-25.{signalen['c']}"
    assert _ids(second) == [signalen["hengelo"]]
    assert second.json()["next"] is None
    one = client.get("/api/v1/signalen", params={"limit": 1}, headers=eigen)
    assert (_ids(one), one.json()["next"]) == (
        [signalen["overdue"]],
        f"2026-11-18.{signalen['overdue']}",
    )


def test_signals_filter_on_status_soort_gemeente_and_visibility(client, eigen, signalen):
    def ids(**params) -> list[int]:
        return _ids(client.get("/api/v1/signalen", params=params, headers=eigen))

    assert ids(status="met") == [signalen["met"]]
    assert ids(status="open") == [signalen[k] for k in ("b", "c", "hengelo")]
    assert ids(soort="stop_zorg") == [signalen["hengelo"]]
    assert ids(gemeente="0164") == [signalen["hengelo"]]
    assert ids(zichtbaar="false")[-1] == signalen["later"]
    assert signalen["ander"] not in ids(zichtbaar="false") + ids(status="open")


def test_another_aanbieder_sees_only_its_own_signals(client, app, signalen):
    other_key = _bearer(sleutel(app, Rol.AANBIEDER, agb=ANDER))

    assert _ids(client.get("/api/v1/signalen", headers=other_key)) == [signalen["ander"]]


def test_signals_offer_no_aanbieder_filter(client, eigen, signalen):
    response = client.get("/api/v1/signalen", params={"aanbieder": ANDER}, headers=eigen)

    assert signalen["ander"] not in _ids(response)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"status": "klaar"}, 422),
        ({"gemeente": "0999"}, 404),
        ({"after": "gisteren"}, 422),
        ({"limit": 0}, 422),
    ],
)
def test_signals_refuse_bad_filters(client, eigen, params, status):
    response = client.get("/api/v1/signalen", params=params, headers=eigen)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


# --- keys -----------------------------------------------------------------------------------

PATHS = (
    "/api/v1/verzoeken/R-1",
    f"/api/v1/toewijzingen?bsn={BSN}",
    "/api/v1/signalen",
)


@pytest.mark.parametrize("path", PATHS)
def test_without_a_valid_key_the_answer_is_401(client, path):
    missing = client.get(path, auth=None)
    unknown = client.get(path, headers=_bearer("ijw_niet-bestaand"))

    assert missing.status_code == unknown.status_code == 401
    assert missing.json()["type"] == "/problems/unauthorized"
    assert missing.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("rol", [Rol.BROKER, Rol.GEMEENTE, Rol.OPERATOR, Rol.BEHEERDER])
def test_other_roles_are_refused_with_403(client, app, path, rol):
    gemeenten = SERVED if rol in (Rol.GEMEENTE, Rol.BEHEERDER) else ()
    key = sleutel(app, rol, gemeenten=gemeenten)

    response = client.get(path, headers=_bearer(key))

    assert response.status_code == 403
    assert response.json()["type"] == "/problems/forbidden-role"
    assert rows(app, AuditEntry) == []


def test_openapi_documents_examples_and_problems(client):
    spec = client.get("/openapi.json").json()
    for path, statuses in (
        ("/api/v1/verzoeken/{referentie_aanbieder}", {"401", "403", "404", "409", "422"}),
        ("/api/v1/toewijzingen", {"401", "403", "422"}),
        ("/api/v1/signalen", {"401", "403", "422"}),
    ):
        operation = spec["paths"][path]["get"]
        assert operation["tags"] == ["aanbieder"]
        assert operation["summary"] and operation["description"]
        assert statuses <= set(operation["responses"])
        for status in statuses:
            content = operation["responses"][status]["content"]["application/problem+json"]
            assert content["examples"]
    schemas = spec["components"]["schemas"]
    assert schemas["AanbiederVerzoekOut"]["examples"][0]["status"] == "in_onderzoek"
    assert schemas["HuidigeToewijzingOut"]["examples"][0]["toewijzing_nummer"] == 1001


# --- POST /api/v1/toewijzingen/zoeken -------------------------------------------------------


def test_the_search_with_the_bsn_in_the_body_answers_as_the_query_did(client, app, eigen, caplog):
    toewijzing(app, 1, date(2026, 1, 1), date(2027, 6, 30))
    toewijzing(app, 7, date(2026, 1, 1), date(2027, 6, 30), gemeente="0164")
    toewijzing(app, 8, date(2026, 1, 1), date(2027, 6, 30), bsn=ANDERE_CLIENT)

    with caplog.at_level("WARNING"):
        gezocht = client.post("/api/v1/toewijzingen/zoeken", json={"bsn": BSN}, headers=eigen)
        in_0164 = client.post(
            "/api/v1/toewijzingen/zoeken", json={"bsn": BSN, "gemeente": "0164"}, headers=eigen
        )
    assert not [record for record in caplog.records if record.levelname == "WARNING"]
    with caplog.at_level("WARNING"):
        gevraagd = client.get("/api/v1/toewijzingen", params={"bsn": BSN}, headers=eigen)

    assert gezocht.status_code == 200, gezocht.text
    assert gezocht.json() == gevraagd.json()
    assert [(t["gemeente"], t["toewijzing_nummer"]) for t in gezocht.json()] == [
        ("0153", 1),
        ("0164", 7),
    ]
    assert [t["toewijzing_nummer"] for t in in_0164.json()] == [7]
    [(eerste, gelezen), (tweede, _), (derde, _)] = _audit(app)
    assert (eerste.actie, tweede.actie, derde.actie) == (
        "POST /api/v1/toewijzingen/zoeken",
        "POST /api/v1/toewijzingen/zoeken",
        "GET /api/v1/toewijzingen",
    )
    hashed = app.state.services.audit.bsn_hash(BSN)
    assert [(row.bsn_hash, row.gemeente) for row in gelezen] == [(hashed, "0153"), (hashed, "0164")]
    _geen_bsn_in_audit(app, BSN)
    # The deprecated query form is logged, without the BSN.
    [warning] = [record for record in caplog.records if record.levelname == "WARNING"]
    assert "POST /api/v1/toewijzingen/zoeken" in warning.getMessage()
    assert BSN not in caplog.text


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"bsn": "999900019"}, "body.bsn"),
        ({}, "body.bsn"),
        ({"bsn": BSN, "gemeente": "153"}, "body.gemeente"),
        ({"bsn": BSN, "extra": 1}, "body.extra"),
    ],
)
def test_the_search_refuses_a_bad_body_without_echoing_the_bsn(client, app, eigen, body, location):
    response = client.post("/api/v1/toewijzingen/zoeken", json=body, headers=eigen)

    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-request"
    assert location in {error["location"] for error in response.json()["errors"]}
    assert "999900019" not in response.text
    assert rows(app, AuditEntry) == []


def test_the_search_in_a_gemeente_not_served_is_404(client, app, eigen):
    response = client.post(
        "/api/v1/toewijzingen/zoeken", json={"bsn": BSN, "gemeente": "0999"}, headers=eigen
    )

    assert (response.status_code, response.json()["type"]) == (404, "/problems/gemeente-not-served")
    assert rows(app, AuditEntry) == []


def test_openapi_marks_the_query_form_deprecated_and_documents_the_search(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert paths["/api/v1/toewijzingen"]["get"]["deprecated"] is True
    zoeken = paths["/api/v1/toewijzingen/zoeken"]["post"]
    assert not zoeken.get("deprecated")
    assert {"200", "401", "403", "404", "422"} <= set(zoeken["responses"])
    assert not [p for p in zoeken.get("parameters", []) if p["name"] == "bsn"]
