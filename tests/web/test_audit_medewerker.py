"""Reads by people in the werkplek are audited like reads by keys, and GET /audit names them."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from app.access.toegang import Rol
from app.clock import as_utc
from app.gebruikers.medewerker import Medewerker
from app.persistence.models import AuditEntry
from tests.audit.reads import BSN_0153, BSN_0164, expected_hash, log
from tests.conftest import NOW
from tests.keys import bearer, sleutel
from tests.web.werkplek import account


def _lezen(app, medewerker: Medewerker, gelezen, wat: str = "verzoek 7") -> None:
    services = app.state.services
    with services.sessionmaker.begin() as session:
        services.audit.record(
            session,
            medewerker,
            actie="GET /werkplek/verzoeken/{id}",
            wat=wat,
            gelezen=gelezen,
            now=NOW,
        )


def _medewerker(app, naam: str, rol: str, gemeenten: tuple[str, ...]) -> Medewerker:
    gebruiker_id = account(app, naam, rol=rol, gemeenten=gemeenten)
    return Medewerker(id=gebruiker_id, gebruikersnaam=naam, rol=rol, gemeenten=frozenset(gemeenten))  # type: ignore[arg-type]


def test_a_person_s_read_is_recorded_with_their_account_and_role(client, app):
    jansen = _medewerker(app, "j.jansen", "teamleider", ("0153",))
    _lezen(app, jansen, [(BSN_0153, "0153")])
    [(entry, clienten)] = log(app)
    assert (entry.key_id, entry.gebruiker_id, entry.rol) == (None, jansen.id, "teamleider")
    assert (entry.actie, entry.wat, as_utc(entry.at)) == (
        "GET /werkplek/verzoeken/{id}",
        "verzoek 7",
        NOW,
    )
    assert clienten == {(expected_hash(app, BSN_0153), "0153")}


def test_the_audit_log_names_the_person_who_read(client, app):
    jansen = _medewerker(app, "j.jansen", "medewerker", ("0153",))
    _lezen(app, jansen, [(BSN_0153, "0153")])
    beheerder = sleutel(app, Rol.BEHEERDER, gemeenten=["0153"])
    [item] = client.get("/audit", headers=bearer(beheerder)).json()["items"]
    assert item["gebruiker_id"] == jansen.id
    assert item["gebruikersnaam"] == "j.jansen"
    assert item["rol"] == "medewerker"
    assert (item["key_id"], item["key_prefix"], item["key_naam"]) == (None, None, None)
    assert item["clienten"] == [{"bsn_hash": expected_hash(app, BSN_0153), "gemeente": "0153"}]


def test_a_persons_reads_are_in_the_scope_of_their_gemeenten(client, app):
    hengelo = _medewerker(app, "h.hendriks", "beheerder", ("0164",))
    _lezen(app, hengelo, [], wat="werkvoorraad: 0 verzoeken")
    _lezen(app, hengelo, [(BSN_0164, "0164")], wat="verzoek 8")
    enschede = sleutel(app, Rol.BEHEERDER, gemeenten=["0153"])
    assert client.get("/audit", headers=bearer(enschede)).json()["items"] == []
    eigen = sleutel(app, Rol.BEHEERDER, gemeenten=["0164"])
    items = client.get("/audit", headers=bearer(eigen)).json()["items"]
    assert [(item["wat"], item["gebruikersnaam"]) for item in items] == [
        ("verzoek 8", "h.hendriks"),
        ("werkvoorraad: 0 verzoeken", "h.hendriks"),
    ]


def test_the_audit_log_filters_by_account(client, app):
    jansen = _medewerker(app, "j.jansen", "medewerker", ("0153",))
    pieters = _medewerker(app, "p.pieters", "medewerker", ("0153",))
    _lezen(app, jansen, [(BSN_0153, "0153")], wat="door jansen")
    _lezen(app, pieters, [(BSN_0153, "0153")], wat="door pieters")
    beheerder = sleutel(app, Rol.BEHEERDER, gemeenten=["0153"])
    items = client.get(
        "/audit", params={"gebruiker_id": pieters.id}, headers=bearer(beheerder)
    ).json()["items"]
    assert [item["wat"] for item in items] == ["door pieters"]


def test_key_reads_still_name_their_key(client, app):
    beheerder = sleutel(app, Rol.BEHEERDER, gemeenten=["0153"])
    client.get("/audit", params={"bsn": BSN_0153}, headers=bearer(beheerder))
    [item] = client.get("/audit", headers=bearer(beheerder)).json()["items"]
    assert item["key_id"] is not None and item["key_naam"] == "beheerder 0153"
    assert item["rol"] == "beheerder"
    assert (item["gebruiker_id"], item["gebruikersnaam"]) == (None, None)


def test_an_entry_names_exactly_one_of_key_and_person(client, app):
    with app.state.services.sessionmaker.begin() as session, pytest.raises(IntegrityError):
        session.execute(
            insert(AuditEntry).values(at=NOW, rol="medewerker", actie="x", wat="niemand")
        )


def test_the_audit_search_filters_by_account_with_the_bsn_in_the_body(client, app):
    jansen = _medewerker(app, "j.jansen", "medewerker", ("0153",))
    pieters = _medewerker(app, "p.pieters", "medewerker", ("0153",))
    _lezen(app, jansen, [(BSN_0153, "0153")], wat="door jansen")
    _lezen(app, pieters, [(BSN_0153, "0153")], wat="door pieters")
    beheerder = sleutel(app, Rol.BEHEERDER, gemeenten=["0153"])
    response = client.post(
        "/audit/zoeken",
        json={"bsn": BSN_0153, "gebruiker_id": jansen.id},
        headers=bearer(beheerder),
    )
    assert response.status_code == 200, response.text
    assert [(item["wat"], item["gebruikersnaam"]) for item in response.json()["items"]] == [
        ("door jansen", "j.jansen")
    ]
