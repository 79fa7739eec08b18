"""The werkvoorraad and a worker's decisions over HTTP: grant, reject, the answer order."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from pydantic import TypeAdapter

from app.api.outbox import OutboxPage
from app.api.verzoeken import WerkvoorraadPage
from app.decisions.ruleset import bundled_folder
from app.main import create_app
from app.persistence.models import Bericht, Beslissing, Outbox, Toewijzing, Verzoek
from tests.api.berichten import AGB, BSN, Aangevraagd, TeWijzigen, vot, vow
from tests.api.flow import CONTACT, accepted, client_bekend, post, rows, toewijzing
from tests.keys import aangemeld

DAG = date(2026, 11, 16)
START, EIND = date(2026, 12, 1), date(2027, 5, 31)


def _xml(app, bericht_id: int):
    [row] = rows(app, Bericht, Bericht.id == bericht_id)
    return etree.fromstring(row.xml)


def _text(root, name: str) -> list[str]:
    return [e.text for e in root.iter(f"{{*}}{name}")]


def _in_onderzoek(client, app, referentie="R-1", identificatie="VOT-1", **kwargs) -> Verzoek:
    """A VOT the bundled Twente rules leave to a worker (no product codes configured)."""
    assert accepted(
        post(client, vot(identificatie, DAG, Aangevraagd(referentie, START, EIND, **kwargs)))
    )
    [verzoek] = rows(app, Verzoek, Verzoek.referentie_aanbieder == referentie)
    assert verzoek.status == "in_onderzoek"
    return verzoek


def test_werkvoorraad_lists_requests_in_onderzoek_with_their_decision(client, app):
    _in_onderzoek(client, app)
    [item] = client.get("/werkvoorraad", params={"gemeente": "0153"}).json()["items"]
    assert item["status"] == "in_onderzoek"
    assert item["uiterlijk"] == "2027-01-11"  # 8 weeks after the Dagtekening
    assert item["ontvangen_at"] == "2026-11-20T09:30:00+00:00"  # aware UTC on every database
    assert item["product"]["minuten"] == 90 * 27  # 90 min/week over 27 ISO weeks
    assert item["product"]["verwijzer"]["type"] == "02"
    [beslissing] = item["beslissingen"]
    assert (beslissing["regelset"], beslissing["regel"], beslissing["uitkomst"]) == (
        "twente",
        "default",
        "onderzoek",
    )
    assert any("zijn niet ingesteld" in uitleg for uitleg in beslissing["beheer"])
    assert not any("niet ingesteld" in reden for reden in beslissing["redenen"])
    assert client.get("/werkvoorraad", params={"gemeente": "0164"}).json() == {
        "items": [],
        "next": None,
    }
    assert client.get("/werkvoorraad", params={"aanbieder": "11111111"}).json()["items"] == []


def test_werkvoorraad_sorts_by_due_date_and_filters_on_it(client, app):
    _in_onderzoek(client, app, "R-1", "VOT-1")
    post(client, vot("VOT-2", date(2026, 11, 2), Aangevraagd("R-2", START, EIND), bsn="999900031"))
    listed = client.get("/werkvoorraad").json()["items"]
    assert [item["referentie_aanbieder"] for item in listed] == ["R-2", "R-1"]
    due_soon = client.get("/werkvoorraad", params={"uiterlijk_voor": "2027-01-01"}).json()
    assert [item["referentie_aanbieder"] for item in due_soon["items"]] == ["R-2"]


def test_werkvoorraad_pages_with_a_cursor_on_due_date_and_id(client, app):
    _in_onderzoek(client, app, "R-1", "VOT-1")
    post(client, vot("VOT-2", date(2026, 11, 2), Aangevraagd("R-2", START, EIND), bsn="999900031"))
    post(client, vot("VOT-3", date(2026, 11, 2), Aangevraagd("R-3", START, EIND), bsn="999900043"))

    first = client.get("/werkvoorraad", params={"limit": 2}).json()
    rest = client.get("/werkvoorraad", params={"limit": 2, "after": first["next"]}).json()

    assert [item["referentie_aanbieder"] for item in first["items"]] == ["R-2", "R-3"]
    last = first["items"][-1]
    assert first["next"] == f"{last['uiterlijk']}.{last['id']}"
    assert [item["referentie_aanbieder"] for item in rest["items"]] == ["R-1"]
    assert rest["next"] is None


@pytest.mark.parametrize("after", ["2026-12-28", "2026-12-28.0", "2026-13-01.1", "x.1", "1.2.3"])
def test_werkvoorraad_refuses_a_cursor_it_did_not_hand_out(client, after):
    response = client.get("/werkvoorraad", params={"after": after})

    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "query.after"


def test_a_cursor_on_a_day_that_does_not_exist_continues_after_it(client, app):
    _in_onderzoek(client, app, "R-1", "VOT-1")  # uiterlijk 2027-01-11

    assert len(client.get("/werkvoorraad", params={"after": "2027-02-29.1"}).json()["items"]) == 0
    assert len(client.get("/werkvoorraad", params={"after": "2026-02-29.1"}).json()["items"]) == 1


def test_worker_grants_a_vot_as_requested(client, app):
    verzoek = _in_onderzoek(client, app)
    client_bekend(app)
    response = client.post(
        f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "j.devries"}
    )
    assert response.status_code == 201, response.text
    root = _xml(app, response.json()["bericht_id"])
    assert _text(root, "ReferentieAanbieder") == ["R-1"]
    assert _text(root, "Ingangsdatum") == ["2026-12-01"]
    assert _text(root, "Volume") == ["90"]
    assert _text(root, "RedenWijziging") == []
    [stored] = rows(app, Verzoek)
    assert stored.status == "toegekend"
    beslissingen = rows(app, Beslissing)
    assert [(b.regel, b.uitkomst, b.besloten_door) for b in beslissingen] == [
        ("default", "onderzoek", "engine"),
        ("handmatig", "toekennen", "j.devries"),
    ]
    assert [w.type for w in rows(app, Outbox)] == ["JW319", "JW301"]
    assert client.get("/werkvoorraad").json()["items"] == []


def test_worker_grants_a_vot_with_another_volume_and_end(client, app):
    verzoek = _in_onderzoek(client, app)
    client_bekend(app)
    response = client.post(
        f"/verzoeken/{verzoek.id}/toekenning",
        json={
            "besloten_door": "j.devries",
            "einddatum": "2027-02-28",
            "omvang": {"volume": 60, "eenheid": "01", "frequentie": "2"},
        },
    )
    assert response.status_code == 201, response.text
    root = _xml(app, response.json()["bericht_id"])
    assert (_text(root, "Einddatum"), _text(root, "Volume")) == (["2027-02-28"], ["60"])
    [stored] = rows(app, Toewijzing)
    assert (stored.einddatum_date, stored.volume) == (date(2027, 2, 28), 60)


def test_a_grant_that_breaks_the_standard_is_refused_and_stores_nothing(client, app):
    verzoek = _in_onderzoek(client, app)
    client_bekend(app)
    response = client.post(
        f"/verzoeken/{verzoek.id}/toekenning",
        json={"besloten_door": "j.devries", "einddatum": None},  # weekly without an end: CD076
    )
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/toewijzing-invalid"
    assert "CD076" in [error["code"] for error in response.json()["errors"]]
    assert rows(app, Toewijzing) == []
    assert rows(app, Verzoek)[0].status == "in_onderzoek"


def test_a_grant_ending_before_it_starts_is_refused(client, app):
    verzoek = _in_onderzoek(client, app)
    client_bekend(app)
    response = client.post(
        f"/verzoeken/{verzoek.id}/toekenning",
        json={"besloten_door": "j.devries", "einddatum": "2026-11-30"},
    )
    assert response.status_code == 422
    assert "CS003" in response.json()["detail"]


def test_a_grant_without_contactgegevens_is_refused(client, app):
    verzoek = _in_onderzoek(client, app)
    response = client.post(f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "x"})
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/clientgegevens-ontbreken"
    assert rows(app, Toewijzing) == []


def test_worker_rejects_with_woonplaatsbeginsel(client, app):
    verzoek = _in_onderzoek(client, app)
    response = client.post(
        f"/verzoeken/{verzoek.id}/afwijzing",
        json={"besloten_door": "j.devries", "reden": "8", "woonplaatsbeginsel_gemeente": "0164"},
    )
    assert response.status_code == 201, response.text
    root = _xml(app, response.json()["bericht_id"])
    assert _text(root, "VerzoekAntwoord") == ["1"]
    assert _text(root, "RedenAfwijzingVerzoek") == ["8"]
    assert _text(root, "Gemeente") == ["0164"]
    assert rows(app, Verzoek)[0].status == "afgewezen"
    assert rows(app, Beslissing)[-1].reden_afwijzing == "8"


@pytest.mark.parametrize(
    "body",
    [
        {"besloten_door": "x", "reden": "8"},
        {"besloten_door": "x", "reden": "3", "woonplaatsbeginsel_gemeente": "0164"},
        {"besloten_door": "x", "reden": "10"},
        {"besloten_door": "x", "reden": "8", "woonplaatsbeginsel_gemeente": "0999"},
        {"reden": "3"},
    ],
)
def test_invalid_rejections_are_refused(client, app, body):
    verzoek = _in_onderzoek(client, app)
    response = client.post(f"/verzoeken/{verzoek.id}/afwijzing", json=body)
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-request"
    assert rows(app, Verzoek)[0].status == "in_onderzoek"


def test_the_answer_order_is_enforced(client, app):
    verzoek = _in_onderzoek(client, app)
    client_bekend(app)
    assert (
        client.post(f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "a"}).status_code
        == 201
    )
    again = client.post(f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "a"})
    reject = client.post(
        f"/verzoeken/{verzoek.id}/afwijzing", json={"besloten_door": "a", "reden": "7"}
    )
    assert (again.status_code, again.json()["code"]) == (409, "TR359")
    assert (reject.status_code, reject.json()["code"]) == (409, "TR359")
    assert [w.type for w in rows(app, Outbox)] == ["JW319", "JW301"]


def test_nothing_follows_a_rejection(client, app):
    verzoek = _in_onderzoek(client, app)
    client_bekend(app)
    client.post(f"/verzoeken/{verzoek.id}/afwijzing", json={"besloten_door": "a", "reden": "7"})
    grant = client.post(f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "a"})
    assert (grant.status_code, grant.json()["code"]) == (409, "TR365")


def test_unknown_verzoek(client):
    assert client.post("/verzoeken/999/toekenning", json={"besloten_door": "a"}).status_code == 404
    assert client.get("/verzoeken/999").status_code == 404


def test_a_vow_is_granted_only_as_asked(client, app):
    toewijzing(app, 1001, date(2026, 9, 1), date(2027, 2, 28))
    client_bekend(app)
    wijziging = vow(
        "VOW-1",
        DAG,
        "R-W",
        te_wijzigen=[TeWijzigen(1001, date(2026, 12, 1), date(2027, 2, 28), (120, "01", "2"))],
    )
    assert accepted(post(client, wijziging))
    [verzoek] = rows(app, Verzoek)
    assert verzoek.status == "in_onderzoek"
    changed = client.post(
        f"/verzoeken/{verzoek.id}/toekenning",
        json={"besloten_door": "a", "einddatum": "2027-01-31"},
    )
    assert changed.status_code == 422
    granted = client.post(f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "a"})
    assert granted.status_code == 201, granted.text
    root = _xml(app, granted.json()["bericht_id"])
    # Volume per week changes from 1 December: 1001 ends the day before, a new number follows.
    producten = [
        (
            p.findtext("{*}ToewijzingNummer"),
            p.findtext("{*}Einddatum"),
            p.findtext("{*}RedenWijziging"),
            p.findtext("{*}ReferentieAanbieder"),
        )
        for p in root.iter("{*}ToegewezenProduct")
    ]
    assert producten == [("1001", "2026-11-30", "12", "R-W"), ("1002", "2027-02-28", None, "R-W")]


@pytest.fixture
def granting_client(settings, clock, tmp_path):
    """An app whose Twente rule set knows 45A48 as 'Behandeling individueel' (rule A1)."""
    twente = (bundled_folder() / "twente.toml").read_text(encoding="utf-8")
    (tmp_path / "twente.toml").write_text(
        twente.replace("productcodes = []", 'productcodes = ["45A48"]', 1), encoding="utf-8"
    )
    app = create_app(settings.model_copy(update={"ruleset_dir": tmp_path}), clock=clock)
    with TestClient(app) as test_client:
        aangemeld(test_client)
        yield test_client, app


def test_clientgegevens_release_the_grants_that_waited(granting_client):
    client, app = granting_client
    assert accepted(post(client, vot("VOT-1", DAG, Aangevraagd("R-1", START, EIND))))
    [verzoek] = rows(app, Verzoek)
    assert verzoek.status == "wacht_op_clientgegevens"
    assert [item["status"] for item in client.get("/werkvoorraad").json()["items"]] == [
        "wacht_op_clientgegevens"
    ]
    assert rows(app, Toewijzing) == [] and rows(app, Outbox) == []
    body = {
        "gemeente": "0153",
        "bsn": BSN,
        "geboortedatum": "2014-06-09",
        "geslacht": "2",
        "naam": {"achternaam": "Jansen", "voorletters": "A"},
        "contacten": [CONTACT],
        "vastgelegd_door": "brp-koppeling",
    }
    response = client.put("/clientgegevens", json=body)
    assert response.status_code == 200, response.text
    [sent] = response.json()["verzonden_berichten"]
    root = _xml(app, sent)
    assert _text(root, "ReferentieAanbieder") == ["R-1"]
    assert _text(root, "Voorletters") == ["A"]
    assert _text(root, "Toewijzingsdatum") == ["2026-11-20"]  # the decision, not the release
    [stored] = rows(app, Verzoek)
    assert stored.status == "toegekend"
    [beslissing] = rows(app, Beslissing)
    assert (beslissing.regel, beslissing.uitkomst, beslissing.bericht_id) == (
        "A1",
        "toekennen",
        sent,
    )
    again = client.put("/clientgegevens", json=body)
    assert again.json() == {"verzonden_berichten": []}


def test_clientgegevens_a_jw301_cannot_carry_are_refused_without_echoing_the_bsn(client, app):
    body = {
        "gemeente": "0153",
        "bsn": BSN,
        "geboortedatum": "2014-06-09",
        "geslacht": "2",
        "naam": {"achternaam": "Jansen"},
        "contacten": [{"soort": "01", "adres": {"straatnaam": "Oude Markt"}}],
        "vastgelegd_door": "brp-koppeling",
    }
    response = client.put("/clientgegevens", json=body)
    assert response.status_code == 422
    assert {"TR006", "CD034"} <= {error["code"] for error in response.json()["errors"]}
    assert BSN not in response.text
    bad_bsn = client.put("/clientgegevens", json=body | {"bsn": "999900019"})
    assert bad_bsn.status_code == 422 and "999900019" not in bad_bsn.text
    assert client.put("/clientgegevens", json=body | {"gemeente": "0999"}).status_code == 404


def test_verwijzing_is_recorded_and_replaced(client):
    body = {
        "gemeente": "0153",
        "aanbieder": AGB,
        "referentie_aanbieder": "R-1",
        "datum": "2026-10-01",
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
        "vastgelegd_door": "aanbieder-software",
    }
    assert client.put("/verwijzingen", json=body).status_code == 201
    replaced = client.put("/verwijzingen", json=body | {"datum": "2026-10-02"})
    assert (replaced.status_code, replaced.json()["datum"]) == (200, "2026-10-02")
    for bad in (
        {"verwijzer": {"type": "07"}},
        {"verwijzer": {"type": "02"}},
        {"datum": "2026-02-30"},
    ):
        assert client.put("/verwijzingen", json=body | bad).status_code == 422
    assert client.put("/verwijzingen", json=body | {"gemeente": "0999"}).status_code == 404


def test_outbox_pages_with_a_cursor(client, app):
    _in_onderzoek(client, app, "R-1", "VOT-1")
    post(client, vot("VOT-2", DAG, Aangevraagd("R-2", START, EIND), bsn="999900031"))
    first = client.get("/outbox", params={"limit": 1}).json()
    assert [item["type"] for item in first["items"]] == ["JW319"]
    assert "<jw319:ReferentieAanbieder>R-1<" in first["items"][0]["xml"]
    rest = client.get("/outbox", params={"after": first["next"]}).json()
    # Our Identificatie is the message's own id: unique per gemeente and type (TR056)
    assert [item["identificatie"] for item in rest["items"]] == [
        str(rest["items"][0]["bericht_id"])
    ]
    assert first["items"][0]["identificatie"] != rest["items"][0]["identificatie"]
    assert client.get("/outbox", params={"after": rest["next"]}).json()["items"] == []


def test_the_lists_sent_without_revalidation_match_their_documented_models(client, app):
    _in_onderzoek(client, app)
    other_client = vot("VOT-2", DAG, Aangevraagd("R-2", START, EIND), bsn="999900031")
    assert accepted(post(client, other_client))
    werkvoorraad = client.get("/werkvoorraad").json()
    outbox = client.get("/outbox").json()
    assert len(werkvoorraad["items"]) == 2 and len(outbox["items"]) == 2
    for model, body in ((WerkvoorraadPage, werkvoorraad), (OutboxPage, outbox)):
        adapter = TypeAdapter(model)
        assert adapter.dump_python(adapter.validate_python(body), mode="json") == body
