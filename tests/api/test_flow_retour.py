"""JW302 and JW320: stored, acknowledged in JSON and linked to the message they answer."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.access.toegang import Rol
from app.persistence.models import Bericht
from app.toewijzingen import repository
from tests.api.flow import XML, rows
from tests.keys import bearer, sleutel

BASE_301 = Path(__file__).parent.parent / "checks" / "messages" / "jw301_base.xml"


def retour(
    kind: str,
    code: str,
    identificatie: str,
    identificatie_retour: str,
    codes: tuple[str, ...] = (),
    body: str = "",
) -> bytes:
    """A JW302/JW320 on a message of gemeente 0363 to aanbieder 12345678."""
    retourcodes = "".join(f"<{kind}:RetourCode>{c}</{kind}:RetourCode>" for c in codes)
    retourcodes = f"<{kind}:RetourCodes>{retourcodes}</{kind}:RetourCodes>" if codes else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{kind}:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:{kind}="http://www.istandaarden.nl/ijw/3_2/{kind}/schema">
  <{kind}:Header>
    <{kind}:BerichtCode>{code}</{kind}:BerichtCode>
    <{kind}:BerichtVersie>3</{kind}:BerichtVersie>
    <{kind}:BerichtSubversie>2</{kind}:BerichtSubversie>
    <{kind}:Afzender>0363</{kind}:Afzender>
    <{kind}:Ontvanger>12345678</{kind}:Ontvanger>
    <{kind}:BerichtIdentificatie>
      <ijw:Identificatie>{identificatie}</ijw:Identificatie>
      <ijw:Dagtekening>2026-04-01</ijw:Dagtekening>
    </{kind}:BerichtIdentificatie>
    <{kind}:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{kind}:XsdVersie>
    <{kind}:IdentificatieRetour>{identificatie_retour}</{kind}:IdentificatieRetour>
    <{kind}:DagtekeningRetour>2026-04-02</{kind}:DagtekeningRetour>
    <{kind}:XsdVersieRetour>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </{kind}:XsdVersieRetour>
    {retourcodes}
  </{kind}:Header>{body}
</{kind}:Bericht>
""".encode()


@pytest.fixture
def sent_301(app) -> int:
    """Our JW301 T301BASE0001 to aanbieder 12345678, as if the decisions issue had sent it."""
    xml = BASE_301.read_bytes()
    services = app.state.services
    with services.sessionmaker.begin() as session:
        row = repository.add(
            session,
            Bericht(
                richting="uit",
                type="JW301",
                berichtcode="436",
                afzender="0363",
                ontvanger="12345678",
                gemeente="0363",
                identificatie="T301BASE0001",
                dagtekening_date=services.clock.now().date(),
                sha256=hashlib.sha256(xml).hexdigest(),
                xml=xml,
                at=services.clock.now(),
                uitkomst="verzonden",
            ),
        )
        return row.id


def test_accepting_jw302_is_linked_to_the_301_it_answers(client, app, sent_301):
    response = client.post(
        "/berichten", content=retour("jw302", "437", "T301BASE0001", "A1"), headers=XML
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    ack = response.json()
    assert ack["berichttype"] == "JW302"
    assert ack["geaccepteerd"] is True
    assert ack["retourcodes"] == []
    assert ack["herhaald"] is False
    assert ack["beantwoordt"] == {
        "berichttype": "JW301",
        "bericht_id": sent_301,
        "identificatie": "T301BASE0001",
        "dagtekening": "2026-11-20",
    }
    [stored] = rows(app, Bericht, Bericht.type == "JW302")
    assert (stored.beantwoordt_id, stored.identificatie_retour) == (sent_301, "A1")


def test_rejecting_jw302_reports_its_codes(client, sent_301):
    body = retour("jw302", "437", "T301BASE0001", "A2", codes=("8848",))
    ack = client.post("/berichten", content=body, headers=XML).json()
    assert (ack["geaccepteerd"], ack["retourcodes"]) == (False, ["8848"])


def test_repost_of_a_jw302_is_acknowledged_again_and_stored_once(client, app, sent_301):
    body = retour("jw302", "437", "T301BASE0001", "A3")
    first = client.post("/berichten", content=body, headers=XML).json()
    second = client.post("/berichten", content=body, headers=XML).json()
    assert second == first | {"herhaald": True}
    assert len(rows(app, Bericht, Bericht.type == "JW302")) == 1


def test_a_different_jw302_reusing_an_identificatie_retour_gets_409(client, sent_301):
    client.post("/berichten", content=retour("jw302", "437", "T301BASE0001", "A4"), headers=XML)
    other = retour("jw302", "437", "T301BASE0001", "A4", codes=("9332",))
    response = client.post("/berichten", content=other, headers=XML)
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/retour-identificatie-conflict"


def test_jw302_on_a_message_we_never_sent_is_stored_unlinked(client, app):
    ack = client.post(
        "/berichten", content=retour("jw302", "437", "ONBEKEND", "A5"), headers=XML
    ).json()
    assert ack["beantwoordt"] is None
    [stored] = rows(app, Bericht, Bericht.type == "JW302")
    assert stored.beantwoordt_id is None


def test_jw320_with_a_class_code_is_not_accepted(client):
    antwoord = (
        "<jw320:Antwoord><jw320:ReferentieAanbieder>9003</jw320:ReferentieAanbieder>"
        "<jw320:VerzoekAntwoord>2</jw320:VerzoekAntwoord><jw320:RetourCodes>"
        "<jw320:RetourCode>9360</jw320:RetourCode></jw320:RetourCodes></jw320:Antwoord>"
    )
    body = retour("jw320", "489", "T319-1", "B1", codes=("0200",), body=antwoord)
    ack = client.post("/berichten", content=body, headers=XML).json()
    assert (ack["berichttype"], ack["geaccepteerd"], ack["retourcodes"]) == (
        "JW320",
        False,
        ["9360"],
    )


def test_retour_for_a_gemeente_not_served_gets_422(client):
    body = retour("jw302", "437", "T301BASE0001", "A6").replace(
        b"0363</jw302:Afzender", b"0344</jw302:Afzender"
    )
    assert client.post("/berichten", content=body, headers=XML).status_code == 422


def test_a_retour_from_another_aanbieder_is_answered_as_for_an_unknown_message(
    client, app, sent_301
):
    """Our JW301 went to 12345678: 87654322 cannot acknowledge it or learn its id and date."""
    ander = sleutel(app, Rol.AANBIEDER, agb="87654322")
    body = retour("jw302", "437", "T301BASE0001", "X1").replace(
        b"12345678</jw302:Ontvanger>", b"87654322</jw302:Ontvanger>"
    )
    onbekend = retour("jw302", "437", "ONBEKEND", "X2").replace(
        b"12345678</jw302:Ontvanger>", b"87654322</jw302:Ontvanger>"
    )

    answers = [
        client.post("/berichten", content=b, headers=XML | bearer(ander)) for b in (body, onbekend)
    ]

    assert [a.status_code for a in answers] == [200, 200]
    acks = [a.json() for a in answers]
    assert acks[0]["beantwoordt"] is None
    assert {k: v for k, v in acks[0].items() if k != "bericht_id"} == {
        k: v for k, v in acks[1].items() if k != "bericht_id"
    }
    stored = rows(app, Bericht, Bericht.type == "JW302")
    assert [row.beantwoordt_id for row in stored] == [None, None]


def test_the_right_aanbieder_still_links_its_retour(client, app, sent_301):
    eigen = sleutel(app, Rol.AANBIEDER, agb="12345678")
    body = retour("jw302", "437", "T301BASE0001", "X3")
    ack = client.post("/berichten", content=body, headers=XML | bearer(eigen)).json()
    assert ack["beantwoordt"]["bericht_id"] == sent_301
