"""Shared builder helpers: namespaces, optional children, value formats, header, bytes."""

from datetime import UTC, date, datetime, time

import pytest
from lxml import etree

from app.ijw.builders.xml import (
    element,
    format_value,
    header,
    new_message,
    optional,
    serialize,
)
from app.ijw.catalogue import BY_NAME, NS_BASIS
from app.ijw.schemas import XsdVersie

JW316 = BY_NAME["JW316"]


def test_new_message_declares_message_and_basisschema_prefixes():
    root = new_message(JW316)
    assert root.tag == f"{{{JW316.namespace}}}Bericht"
    assert root.nsmap == {"jw316": JW316.namespace, "ijw": NS_BASIS}


def test_optional_adds_only_values_that_are_not_none():
    root = new_message(JW316)
    assert optional(root, JW316.namespace, "Leeg", None) is None
    zero = optional(root, JW316.namespace, "Nul", 0)
    assert zero is not None and zero.text == "0"
    assert [etree.QName(e).localname for e in root] == ["Nul"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2024, 2, 29), "2024-02-29"),
        (time(7, 3), "07:03:00"),
        (time(23, 59, 59, 999999), "23:59:59"),
        (999900006, "999900006"),
        ("0153", "0153"),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (time(12, 0, tzinfo=UTC), ValueError),
        (datetime(2026, 4, 1, 12, 0), TypeError),
        (True, TypeError),
    ],
)
def test_format_value_refuses_what_ijw_cannot_express(value, error):
    with pytest.raises(error):
        format_value(value)


def test_header_can_be_extended_by_a_retour_builder():
    root = new_message(JW316)
    ns = JW316.namespace
    head = header(
        root, JW316, "12345678", "0153", "ABC-1", date(2026, 4, 1), XsdVersie("1.0.0", "1.0.1")
    )
    element(head, ns, "IdentificatieRetour", "R-1")
    assert [etree.QName(e).localname for e in head] == [
        "BerichtCode",
        "BerichtVersie",
        "BerichtSubversie",
        "Afzender",
        "Ontvanger",
        "BerichtIdentificatie",
        "XsdVersie",
        "IdentificatieRetour",
    ]
    assert head.findtext(f"{{{ns}}}BerichtCode") == "447"
    assert [e.text for e in head.find(f"{{{ns}}}XsdVersie")] == ["1.0.0", "1.0.1"]
    assert all(e.tag.startswith(f"{{{NS_BASIS}}}") for e in head.find(f"{{{ns}}}XsdVersie"))


def test_serialize_gives_utf8_bytes_with_declaration_and_no_bom():
    root = new_message(JW316)
    element(root, JW316.namespace, "Naam", "Zoë")
    data = serialize(root)
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<jw316:Bericht')
    assert "Zoë".encode() in data
    assert data.endswith(b"</jw316:Bericht>\n")
