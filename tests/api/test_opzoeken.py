"""A gemeente worker finds a toewijzing, a client's history and requests; each read is audited."""

from __future__ import annotations

from datetime import date

from app.persistence.models import Bericht, Verzoek
from tests.api.berichten import AGB, BSN, Aangevraagd, Regie, start, vot
from tests.api.flow import accepted, client_bekend, post, rows
from tests.audit.reads import expected_hash, log

DAG = date(2026, 11, 16)
WIE = "j.devries"
ANDERE_BSN = "999900031"


def in_onderzoek(client, referentie: str, identificatie: str, *, bsn: str = BSN) -> int:
    """A JW315 beyond 6,000 minutes: in onderzoek (JW319); its request id."""
    product = Aangevraagd(referentie, date(2026, 12, 1), date(2027, 5, 31), omvang=(300, "01", "2"))
    assert accepted(post(client, vot(identificatie, DAG, product, bsn=bsn)))
    return rows(client.app, Verzoek, Verzoek.referentie_aanbieder == referentie)[0].id


def toegekend(client, app, referentie: str = "R-1") -> tuple[int, int]:
    """A request granted by a worker: its id and its ToewijzingNummer."""
    client_bekend(app)
    verzoek_id = in_onderzoek(client, referentie, f"VOT-{referentie}")
    granted = client.post(f"/verzoeken/{verzoek_id}/toekenning", json={"besloten_door": WIE})
    assert granted.status_code == 201, granted.text
    detail = client.get(f"/verzoeken/{verzoek_id}").json()
    [nummer] = [n for antwoord in detail["antwoorden"] for n in antwoord["toewijzing_nummers"]]
    return verzoek_id, nummer


def test_a_request_lists_its_answers_with_the_toewijzingnummers_a_jw301_granted(client, app):
    verzoek_id, nummer = toegekend(client, app)

    detail = client.get(f"/verzoeken/{verzoek_id}").json()

    berichten = {row.id: row for row in rows(app, Bericht, Bericht.richting == "uit")}
    assert [(a["type"], a["toewijzing_nummers"]) for a in detail["antwoorden"]] == [
        ("JW319", []),
        ("JW301", [nummer]),
    ]
    for antwoord in detail["antwoorden"]:
        assert berichten[antwoord["bericht_id"]].identificatie == antwoord["identificatie"]


def test_a_toewijzing_by_number_shows_its_versions_signals_and_request(client, app):
    verzoek_id, nummer = toegekend(client, app)
    before = len(log(app))

    response = client.get(f"/toewijzingen/0153/{nummer}")

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["gemeente"], body["toewijzing_nummer"], body["aanbieder"]) == ("0153", nummer, AGB)
    assert body["client"] == {"bsn": BSN, "naam": "Jansen"}
    assert body["product"] == {"categorie": "45", "code": "45A48"}
    assert body["verzoek"] == {
        "id": verzoek_id,
        "referentie_aanbieder": "R-1",
        "status": "toegekend",
    }
    [versie] = body["versies"]
    [jw301] = rows(app, Bericht, Bericht.type == "JW301")
    assert (versie["versie"], versie["besloten_door"], versie["jw301_identificatie"]) == (
        1,
        WIE,
        jw301.identificatie,
    )
    assert (body["starts"], body["stops"]) == ([], [])
    signalen = {item["soort"]: item for item in body["signalen"]}
    assert signalen["start_zorg"]["wacht_op"] == f"JW305 op toewijzing {nummer}"
    [(entry, clienten)] = log(app)[before:]
    assert entry.actie == "GET /toewijzingen/{gemeente}/{nummer}"
    assert clienten == {(expected_hash(app, BSN), "0153")}


def test_a_toewijzing_shows_the_starts_that_arrived(client, app):
    client_bekend(app)
    response = client.post(
        "/toewijzingen",
        json={
            "gemeente": "0153",
            "aanbieder": AGB,
            "bsn": BSN,
            "product": {"categorie": "54", "code": "54001"},
            "ingangsdatum": "2026-11-01",
            "einddatum": "2027-10-31",
            "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
            "besloten_door": WIE,
        },
    )
    nummer = response.json()["toewijzing_nummer"]
    regie = Regie(
        nummer, date(2026, 11, 2), categorie="54", code="54001", toewijzing_ingang=date(2026, 11, 1)
    )
    assert accepted(post(client, start("S-1", date(2026, 11, 20), regie)))

    body = client.get(f"/toewijzingen/0153/{nummer}").json()

    [gestart] = body["starts"]
    assert (gestart["begindatum"], gestart["status"], gestart["jw305_identificatie"]) == (
        "2026-11-02",
        "actief",
        "S-1",
    )
    assert body["verzoek"] is None
    signalen = {item["soort"]: item for item in body["signalen"]}
    assert signalen["start_zorg"]["status"] == "met"
    assert signalen["stop_zorg"]["wacht_op"] == f"JW307 op toewijzing {nummer}"


def test_an_unknown_toewijzing_is_404_and_another_gemeentes_is_out_of_scope(client, app):
    assert client.get("/toewijzingen/0153/4242").json()["type"] == "/problems/toewijzing-unknown"
    assert client.get("/toewijzingen/0518/1").json()["type"] == "/problems/gemeente-not-served"


def test_a_clients_history_comes_from_a_bsn_in_the_body_decided_requests_included(client, app):
    _, nummer = toegekend(client, app, "R-1")
    afgewezen = in_onderzoek(client, "R-2", "VOT-R-2")
    assert (
        client.post(
            f"/verzoeken/{afgewezen}/afwijzing", json={"besloten_door": WIE, "reden": "2"}
        ).status_code
        == 201
    )
    in_onderzoek(client, "R-3", "VOT-R-3", bsn=ANDERE_BSN)
    before = len(log(app))

    response = client.post("/clienten/zoeken", json={"bsn": BSN, "gemeente": "0153"})

    assert response.status_code == 200, response.text
    assert BSN not in str(response.request.url)
    body = response.json()
    assert [(item["referentie_aanbieder"], item["status"]) for item in body["verzoeken"]] == [
        ("R-2", "afgewezen"),
        ("R-1", "toegekend"),
    ]
    assert [(t["toewijzing_nummer"], t["actueel"]) for t in body["toewijzingen"]] == [
        (nummer, True)
    ]
    assert body["namen"] == [{"gemeente": "0153", "naam": "Jansen"}]
    [(entry, clienten)] = log(app)[before:]
    assert entry.actie == "POST /clienten/zoeken"
    assert BSN not in entry.wat
    assert clienten == {(expected_hash(app, BSN), "0153")}


def test_a_search_that_finds_nothing_is_still_a_recorded_read(client, app):
    response = client.post("/clienten/zoeken", json={"bsn": ANDERE_BSN})

    assert response.status_code == 200
    assert (response.json()["verzoeken"], response.json()["toewijzingen"]) == ([], [])
    [(entry, clienten)] = log(app)
    assert {gemeente for _, gemeente in clienten} == {"0153", "0164", "0363"}


def test_an_invalid_bsn_is_refused_without_echoing_it(client, app):
    response = client.post("/clienten/zoeken", json={"bsn": "999900019"})

    assert response.status_code == 422
    assert "999900019" not in response.text
    assert log(app) == []


def test_requests_by_referentie_status_and_aanbieder_page_newest_first(client, app):
    toegekend(client, app, "R-1")
    for nummer, bsn in ((2, "999900031"), (3, "999900043"), (4, "999900055")):
        in_onderzoek(client, f"R-{nummer}", f"VOT-R-{nummer}", bsn=bsn)

    by_ref = client.get("/verzoeken", params={"referentie_aanbieder": "R-1"}).json()
    assert [(i["referentie_aanbieder"], i["status"]) for i in by_ref["items"]] == [
        ("R-1", "toegekend")
    ]
    decided = client.get("/verzoeken", params={"status": "toegekend", "aanbieder": AGB}).json()
    assert [i["referentie_aanbieder"] for i in decided["items"]] == ["R-1"]
    assert client.get("/verzoeken", params={"aanbieder": "12345678"}).json()["items"] == []

    first = client.get("/verzoeken", params={"limit": 3}).json()
    assert [i["referentie_aanbieder"] for i in first["items"]] == ["R-4", "R-3", "R-2"]
    rest = client.get("/verzoeken", params={"limit": 3, "after": first["next"]}).json()
    assert ([i["referentie_aanbieder"] for i in rest["items"]], rest["next"]) == (["R-1"], None)
    [*_, (entry, clienten)] = log(app)
    assert entry.actie == "GET /verzoeken"
    assert clienten == {(expected_hash(app, BSN), "0153")}
