"""Large and repetitive messages over HTTP: bounded answers, valid retours, linear work."""

from __future__ import annotations

import dataclasses
from datetime import date

from lxml import etree
from sqlalchemy import select

from app.ijw.catalogue import BY_NAME
from app.ijw.schemas import MAX_SCHEMA_ERRORS
from app.persistence.models import Bericht
from tests.api.berichten import Aangevraagd, Regie, start, stop, vot
from tests.api.flow import XML, codes, post, toewijzing
from tests.work import growth

DAG = date(2026, 11, 16)
OTHER_TEST_BSN = "999999990"
"""A test-range BSN that passes the 11-proef, other than the message's client."""


def _vot(*producten: Aangevraagd, identificatie: str = "VOT-1") -> bytes:
    return vot(identificatie, DAG, *producten)


def _valid_retour(app, response, retour: str) -> etree._Element:
    root = etree.fromstring(response.content)
    assert app.state.services.registry.errors(BY_NAME[retour], root) == []
    return root


def test_thousands_of_schema_errors_list_the_first_and_count_the_rest(client, app):
    attributes = b" ".join(b'onbekend%d="1"' % i for i in range(5000))
    body = _vot(Aangevraagd("REF-1", date(2026, 12, 1))).replace(
        b"<jw315:Geslacht>", b"<jw315:Geslacht " + attributes + b">"
    )

    response = client.post("/berichten", content=body, headers=XML)

    assert response.status_code == 422
    document = response.json()
    assert document["type"] == "/problems/schema-invalid"
    assert len(document["errors"]) == MAX_SCHEMA_ERRORS
    assert document["more_errors"] == 5000 - MAX_SCHEMA_ERRORS
    assert document["detail"] == "JW315 fails its XSD with 5000 error(s)"
    assert len(response.content) < 30_000


def test_a_bsn_typed_into_geslacht_is_withheld_from_the_422(client):
    body = _vot(Aangevraagd("REF-1", date(2026, 12, 1))).replace(
        b"<jw315:Geslacht>2<", f"<jw315:Geslacht>{OTHER_TEST_BSN}<".encode()
    )

    response = client.post("/berichten", content=body, headers=XML)

    assert response.status_code == 422
    assert OTHER_TEST_BSN not in response.text
    assert any("'(withheld)'" in error["message"] for error in response.json()["errors"])


def test_hundreds_of_identical_products_get_a_valid_technical_retour(client, app):
    body = _vot(*[Aangevraagd("REF-1", date(2026, 12, 1))] * 600)

    response = post(client, body)

    _valid_retour(app, response, "JW316")
    assert codes(response) == {"Header": ["0001"]}


def test_every_start_of_a_long_message_gets_its_own_code(client, app):
    body = start("S-1", DAG, *[Regie(nummer, date(2026, 11, 2)) for nummer in range(1, 301)])

    response = post(client, body)

    root = _valid_retour(app, response, "JW306")
    assert codes(response)["StartProduct"] == ["9019"] * 300
    assert len(root.findall(".//{*}StartProduct")) == 300


def test_parsing_and_judging_take_no_transaction(client, app, monkeypatch):
    services = app.state.services
    held = []

    class RecordingLock:
        def __enter__(self):
            held.append("transaction")

        def __exit__(self, *exc):
            held.remove("transaction")

    read, judge = services.ingest.read, services.ingest.intra_afgekeurd
    seen = []
    monkeypatch.setattr(services.ingest, "read", lambda body: seen.append(list(held)) or read(body))
    monkeypatch.setattr(
        services.ingest, "intra_afgekeurd", lambda b: seen.append(list(held)) or judge(b)
    )
    monkeypatch.setattr(
        app.state, "services", dataclasses.replace(services, transaction_lock=RecordingLock())
    )

    response = post(client, _vot(*[Aangevraagd("REF-1", date(2026, 12, 1))] * 2))

    assert codes(response) == {"Header": ["0001"]}
    assert seen == [[], []]


def _process(app, body: bytes) -> None:
    """Judge, store and answer one message in this thread, then roll it back."""
    ingest = app.state.services.ingest
    bericht = ingest.read(body)
    with app.state.services.sessionmaker() as session:
        ingest.process(session, body, bericht)
        session.rollback()


def test_cross_rules_and_retour_do_linear_work_for_many_starts(app, client):
    def starts(n: int) -> None:
        body = start(f"S-{n}", DAG, *[Regie(i, date(2026, 11, 2)) for i in range(1, n + 1)])
        _process(app, body)

    assert growth(starts, 100, 400) < 1.5


def test_stops_of_many_stored_starts_take_linear_work(app, client):
    for nummer in range(1, 401):
        toewijzing(app, nummer, date(2026, 11, 1), None)
    post(client, start("S-1", DAG, *[Regie(i, date(2026, 11, 2)) for i in range(1, 401)]))
    with app.state.services.sessionmaker() as session:
        assert len(session.scalars(select(Bericht)).all()) == 2  # the start and its retour

    def stops(n: int) -> None:
        producten = [
            Regie(i, date(2026, 11, 2), reden=reden, einddatum=date(2026, 11, 10))
            for i in range(1, n + 1)
            for reden in ("20", "02")  # a temporary and a definitive stop of each start
        ]
        _process(app, stop(f"E-{n}", DAG, *producten))

    assert growth(stops, 100, 400) < 1.5
