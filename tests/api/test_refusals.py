"""POST /berichten refuses what is no processable message, specifically, and records it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.persistence.models import Bericht, Ontvangst
from tests.api.berichten import Aangevraagd, start, vot

XML = {"Content-Type": "application/xml"}
DAG = date(2026, 11, 16)


def _vot(identificatie="VOT-1", **kwargs) -> bytes:
    return vot(
        identificatie, DAG, Aangevraagd("REF-1", date(2026, 12, 1), date(2027, 5, 31)), **kwargs
    )


def _records(app):
    with app.state.services.sessionmaker() as session:
        return session.scalars(select(Ontvangst).order_by(Ontvangst.id)).all()


def _problem(response, status: int, slug: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document = response.json()
    assert document["type"] == f"/problems/{slug}"
    assert document["status"] == status
    return document


@pytest.mark.parametrize(
    ("body", "slug", "fragment"),
    [
        (b"<jw315:Bericht", "not-well-formed", "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
            "forbidden-construct",
            "DOCTYPE",
        ),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><x/>', "not-utf8", "ISO-8859-1"),
    ],
)
def test_malformed_bodies_get_400_with_a_specific_type(client, app, body, slug, fragment):
    document = _problem(client.post("/berichten", content=body, headers=XML), 400, slug)
    assert fragment in document["detail"]
    record = _records(app)[-1]
    assert (record.http_status, record.uitkomst, record.body) == (400, slug, body)


def test_wrong_content_type_gets_415_and_the_body_is_kept(client, app):
    body = _vot()
    response = client.post("/berichten", content=body, headers={"Content-Type": "application/json"})
    document = _problem(response, 415, "unsupported-media-type")
    assert "application/json" in document["detail"]
    assert _records(app)[-1].body == body


def test_text_xml_is_accepted_as_well(client):
    response = client.post("/berichten", content=_vot(), headers={"Content-Type": "text/xml"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml"


def test_over_the_limit_gets_413(client, app):
    limit = app.state.services.settings.max_body_bytes
    response = client.post("/berichten", content=b" " * (limit + 1), headers=XML)
    _problem(response, 413, "too-large")
    record = _records(app)[-1]
    assert (record.http_status, record.body) == (413, None)


def test_schema_invalid_gets_422_listing_each_error_with_its_line_and_no_retour(client, app):
    body = _vot().replace(b"<ijw:Volume>90</ijw:Volume>", b"<ijw:Volume>veel</ijw:Volume>")
    document = _problem(client.post("/berichten", content=body, headers=XML), 422, "schema-invalid")
    assert document["berichttype"] == "JW315"
    [error] = document["errors"]
    assert (
        error["line"]
        == body.decode()
        .splitlines()
        .index(next(line for line in body.decode().splitlines() if "veel" in line))
        + 1
    )
    assert "Volume" in error["message"]
    with app.state.services.sessionmaker() as session:
        assert session.scalars(select(Bericht)).all() == []


def test_bsn_never_appears_in_a_schema_error(client):
    body = _vot(bsn="99990001X")
    response = client.post("/berichten", content=body, headers=XML)
    _problem(response, 422, "schema-invalid")
    assert "99990001" not in response.text


def test_message_type_a_gemeente_does_not_receive_gets_422(client):
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<jw301:Bericht xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema"/>'
    )
    document = _problem(
        client.post("/berichten", content=body, headers=XML), 422, "message-type-not-received"
    )
    assert "JW301" in document["detail"]


def test_other_release_and_foreign_xml_get_422(client):
    other = b'<Bericht xmlns="http://www.istandaarden.nl/ijw/3_1/jw315/schema"/>'
    _problem(client.post("/berichten", content=other, headers=XML), 422, "other-release")
    foreign = b'<invoice xmlns="urn:example"/>'
    _problem(client.post("/berichten", content=foreign, headers=XML), 422, "unknown-message-type")


def test_gemeente_not_served_gets_422_and_changes_nothing(client, app):
    document = _problem(
        client.post("/berichten", content=_vot(gemeente="0344"), headers=XML),
        422,
        "gemeente-not-served",
    )
    assert "0344" in document["detail"]
    with app.state.services.sessionmaker() as session:
        assert session.scalars(select(Bericht)).all() == []


def test_every_request_leaves_a_record(client, app):
    client.post("/berichten", content=_vot(), headers=XML)
    client.post("/berichten", content=b"<kapot", headers=XML)
    client.post("/berichten", content=start("S-1", DAG), headers={"Content-Type": "text/plain"})
    statuses = [(r.http_status, r.uitkomst) for r in _records(app)]
    assert statuses == [
        (200, "geaccepteerd"),
        (400, "not-well-formed"),
        (415, "unsupported-media-type"),
    ]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/vooroverleggen", "GET, POST"),
        ("PUT", "/vooroverleggen", "GET, POST"),
        ("DELETE", "/toewijzingen/0153/1/wijziging", "POST"),
        ("POST", "/signalen.csv", "GET"),
    ],
)
def test_a_method_the_path_does_not_serve_names_every_one_it_does(client, method, path, allow):
    response = client.request(method, path)

    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.headers["content-type"] == "application/problem+json"
