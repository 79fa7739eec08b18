"""POST /berichten takes UTF-8 only and never a DTD, whatever encoding smuggles one in."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.persistence.models import Bericht, Ontvangst
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import accepted, post

XML = {"Content-Type": "application/xml"}
TEXT = vot(
    "VOT-ENC", date(2026, 11, 16), Aangevraagd("REF-ENC", date(2026, 12, 1), date(2027, 5, 31))
).decode()
XXE = '<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'


def _with_prolog(declaration: str, *, use_entity: bool = False) -> str:
    text = TEXT.replace("?>\n", "?>\n" + declaration, 1)
    return text.replace(">Jansen<", ">&ext;<", 1) if use_entity else text


def _refused(client, app, body: bytes, slug: str) -> dict:
    response = client.post("/berichten", content=body, headers=XML)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document = response.json()
    assert document["type"] == f"/problems/{slug}"
    assert "root:" not in response.text  # nothing of /etc/passwd ever comes back
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Bericht)) == 0
        record = session.scalars(select(Ontvangst).order_by(Ontvangst.id.desc())).first()
    assert (record.http_status, record.uitkomst) == (400, slug)
    return document


ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_message_in_utf16_or_utf32_is_refused(client, app, encoding):
    _refused(client, app, TEXT.encode(encoding), "not-utf8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("use_entity", [False, True], ids=["unused", "used"])
def test_a_doctype_with_an_external_entity_in_utf16_is_refused(client, app, encoding, use_entity):
    body = _with_prolog(XXE, use_entity=use_entity).encode(encoding)
    _refused(client, app, body, "not-utf8")


@pytest.mark.parametrize(
    "body",
    [
        b"\xfe\xff" + TEXT.encode(),
        TEXT.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(),
        TEXT.replace(">Jansen<", ">Jans\xe9n<").encode("latin-1"),
        TEXT.replace(">Jansen<", ">Jan\x00sen<").encode(),
    ],
    ids=["utf16-bom-on-utf8", "utf16-declared", "latin1-byte", "nul-byte"],
)
def test_other_signs_of_another_encoding_are_refused(client, app, body):
    _refused(client, app, body, "not-utf8")


def test_a_utf8_byte_order_mark_is_accepted(client):
    # XML 1.0 (4.3.3) allows a UTF-8 entity to begin with the byte order mark.
    assert accepted(post(client, b"\xef\xbb\xbf" + TEXT.encode()))


DTDS = {
    "system-dtd": ('<!DOCTYPE Bericht SYSTEM "http://127.0.0.1:9/bericht.dtd">\n', False),
    "internal-entity": ('<!DOCTYPE x [<!ENTITY ext "Jansen">]>\n', True),
    "external-entity-unused": (XXE, False),
    "external-entity-used": (XXE, True),
    "parameter-entity": ('<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n', False),
}


@pytest.mark.parametrize(("declaration", "use_entity"), DTDS.values(), ids=DTDS.keys())
def test_every_dtd_in_utf8_is_a_forbidden_construct(client, app, declaration, use_entity):
    body = _with_prolog(declaration, use_entity=use_entity).encode()
    document = _refused(client, app, body, "forbidden-construct")
    assert "DOCTYPE" in document["detail"]


def test_xinclude_is_not_processed(client, app, tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text("<geheim>sleutel-42</geheim>")
    body = TEXT.replace(
        "<jw315:Client>",
        '<jw315:Client><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
        f'href="{secret.as_uri()}"/>',
        1,
    ).encode()
    response = client.post("/berichten", content=body, headers=XML)
    assert response.status_code == 422, response.text
    assert response.json()["type"] == "/problems/schema-invalid"
    assert "sleutel-42" not in response.text
    assert "include" in response.text


def test_processing_instructions_are_dropped_and_the_message_processed(client):
    body = _with_prolog('<?xml-stylesheet href="http://127.0.0.1:9/x.xsl"?>\n').replace(
        "<jw315:Client>", "<jw315:Client><?php system('id'); ?>", 1
    )
    assert accepted(post(client, body.encode()))
