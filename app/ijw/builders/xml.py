"""Shared helpers for building outgoing iJw messages: namespaced elements, header, bytes."""

from __future__ import annotations

from datetime import date, datetime, time

from lxml import etree

from app.ijw.catalogue import NS_BASIS, MessageType
from app.ijw.schemas import XsdVersie
from app.ijw.tree import Element

Value = str | int | date | time

BERICHT_VERSIE = "3"
BERICHT_SUBVERSIE = "2"
"""Release 3.2: fixed by pattern in every message schema (CS025/CS015)."""

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
"""Written by hand: lxml's own declaration uses single quotes, the standard's samples double."""

BASIS_PREFIX = "ijw"
"""Prefix of the basisschema namespace, as in the published samples."""


def prefix_of(message_type: MessageType) -> str:
    """The namespace prefix the published samples use for a message, e.g. `jw301`."""
    return message_type.name.lower()


def new_message(message_type: MessageType) -> Element:
    """An empty `Bericht` root declaring the message and basisschema namespaces."""
    ns = message_type.namespace
    return etree.Element(
        f"{{{ns}}}Bericht", nsmap={prefix_of(message_type): ns, BASIS_PREFIX: NS_BASIS}
    )


def format_value(value: Value) -> str:
    """Render a value as the schema expects: xs:date `YYYY-MM-DD`, xs:time `HH:MM:SS`, no zone."""
    if isinstance(value, bool):
        raise TypeError("a boolean has no iJw representation; pass the code list value")
    if isinstance(value, datetime):
        raise TypeError("pass a date or a time, not a datetime")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ValueError("iJw times carry no zone (LDT_Tijd): pass a naive local time")
        return value.strftime("%H:%M:%S")
    return str(value)


def element(parent: Element, ns: str, name: str, text: Value | None = None) -> Element:
    """Append the child `{ns}name` to `parent`, with `text` rendered by `format_value`."""
    child = etree.SubElement(parent, f"{{{ns}}}{name}")
    if text is not None:
        child.text = format_value(text)
    return child


def optional(parent: Element, ns: str, name: str, value: Value | None) -> Element | None:
    """Append `{ns}name` only when `value` is not None; return it, or None when left out."""
    if value is None:
        return None
    return element(parent, ns, name, value)


def versie_class(parent: Element, ns: str, name: str, versie: XsdVersie) -> Element:
    """Append a CDT_XsdVersie class (`XsdVersie` or `XsdVersieRetour`) under `name`."""
    container = element(parent, ns, name)
    element(container, NS_BASIS, "BasisschemaXsdVersie", versie.basisschema)
    element(container, NS_BASIS, "BerichtXsdVersie", versie.bericht)
    return container


def header(
    parent: Element,
    message_type: MessageType,
    afzender: str,
    ontvanger: str,
    identificatie: str,
    dagtekening: date,
    xsd_versie: XsdVersie,
) -> Element:
    """Append the common heenbericht Header; a retour builder appends its own fields after it."""
    ns = message_type.namespace
    head = element(parent, ns, "Header")
    element(head, ns, "BerichtCode", message_type.berichtcode)
    element(head, ns, "BerichtVersie", BERICHT_VERSIE)
    element(head, ns, "BerichtSubversie", BERICHT_SUBVERSIE)
    element(head, ns, "Afzender", afzender)
    element(head, ns, "Ontvanger", ontvanger)
    ident = element(head, ns, "BerichtIdentificatie")
    element(ident, NS_BASIS, "Identificatie", identificatie)
    element(ident, NS_BASIS, "Dagtekening", dagtekening)
    versie_class(head, ns, "XsdVersie", xsd_versie)
    return head


class BuiltXml(bytes):
    """The bytes of a message we built, with the tree they were written from.

    Checking our own message validates this tree instead of parsing the bytes again: the bytes
    are the tree written out, so the schema and the rules see the same document either way.
    Any change to the bytes (replace, slicing, joining) gives plain bytes, which are parsed.
    """

    root: Element


def serialize(root: Element) -> BuiltXml:
    """UTF-8 bytes without BOM, with XML declaration, indented two spaces, final newline."""
    etree.indent(root, space="  ")
    built = BuiltXml(
        XML_DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False) + b"\n"
    )
    built.root = root
    return built
