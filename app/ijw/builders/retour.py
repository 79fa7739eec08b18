"""Retourberichten JW316/JW318/JW306/JW308 built from the heenbericht (ijw-domain.md §4)."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from lxml import etree

from app.ijw.builders.xml import (
    BASIS_PREFIX,
    element,
    new_message,
    prefix_of,
    serialize,
    versie_class,
)
from app.ijw.builders.xml import optional as optional_element
from app.ijw.catalogue import BY_NAME, NS_BASIS, MessageType
from app.ijw.schemas import XsdVersie
from app.ijw.tree import Element, Locator, local

CODE_GEEN_OPMERKING = "0200"
CODE_NIET_BEOORDEELD = "0233"
CODE_TECHNISCH = "0001"

RETOUR_KLASSEN: dict[str, frozenset[str]] = {
    "JW316": frozenset({"Client", "AangevraagdProduct"}),
    "JW318": frozenset(
        {"Client", "Verzoek", "OngewijzigdProduct", "TeWijzigenProduct", "NieuwProduct"}
    ),
    "JW306": frozenset({"Client", "StartProduct"}),
    "JW308": frozenset({"Client", "StopProduct"}),
}
"""The classes of each retour that end with their own RetourCodes (the XSD's choice)."""


@dataclass(frozen=True, slots=True)
class RetourKenmerken:
    """What the gemeente sets in a retour header: its own id, date and XSD version."""

    identificatie_retour: str
    dagtekening_retour: date
    xsd_versie_retour: XsdVersie


@dataclass(frozen=True, slots=True)
class Beoordeling:
    """How a heenbericht was judged, in the terms a retour needs.

    - accepted: no codes at all;
    - `header_codes` alone: the header is at fault (e.g. 0001 with `xslt_versie`, 9056, 8848);
    - `class_codes`: a fault in the Client or lower; the Client is echoed and every class gets
      its codes, keyed by the class's location in the heenbericht; classes not named get
      `default_class_code` (0200 checked, or 0233 not checked).
    """

    header_codes: tuple[str, ...] = ()
    xslt_versie: str | None = None
    class_codes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    default_class_code: str = CODE_GEEN_OPMERKING

    @property
    def accepted(self) -> bool:
        """True when nothing was wrong."""
        return not self.header_codes and not self.class_codes


ACCEPTED = Beoordeling()


def technisch_afgekeurd(xslt_versie: str) -> Beoordeling:
    """An intra-message (XSLT level) failure: header-only 0001 plus the rules' version."""
    return Beoordeling(header_codes=(CODE_TECHNISCH,), xslt_versie=xslt_versie)


def retour_type(heen: MessageType) -> MessageType:
    """The retour message type that answers a heenbericht type."""
    if heen.retour is None or heen.retour not in RETOUR_KLASSEN:
        raise ValueError(f"{heen.name} has no retourbericht built by the gemeente")
    return BY_NAME[heen.retour]


def build_retour(
    heen_type: MessageType,
    heen_root: Element,
    kenmerken: RetourKenmerken,
    beoordeling: Beoordeling,
) -> bytes:
    """Build the retour for a schema-valid heenbericht and how it was judged, as UTF-8 XML bytes."""
    retour = retour_type(heen_type)
    heen_ns, retour_ns = heen_type.namespace, retour.namespace
    root = new_message(retour)
    header = _echo(_child(heen_root, "Header"), heen_ns, retour_ns)
    _child(header, "BerichtCode").text = retour.berichtcode
    element(header, retour_ns, "IdentificatieRetour", kenmerken.identificatie_retour)
    element(header, retour_ns, "DagtekeningRetour", kenmerken.dagtekening_retour)
    optional_element(header, retour_ns, "XsltVersie", beoordeling.xslt_versie)
    versie_class(header, retour_ns, "XsdVersieRetour", kenmerken.xsd_versie_retour)
    root.append(header)

    if beoordeling.class_codes:
        _retourcodes(header, retour_ns, beoordeling.header_codes or (CODE_GEEN_OPMERKING,))
        heen_client = _child(heen_root, "Client")
        locate = Locator()
        klassen = {
            klasse: locate(klasse)
            for klasse in heen_client.iter()
            if isinstance(klasse.tag, str) and local(klasse) in RETOUR_KLASSEN[retour.name]
        }
        codes_by_element = {
            klasse: beoordeling.class_codes.get(where, (beoordeling.default_class_code,))
            for klasse, where in klassen.items()
        }
        unknown = set(beoordeling.class_codes) - set(klassen.values())
        if unknown:
            raise ValueError(f"no retour class at {sorted(unknown)}")
        root.append(_echo(heen_client, heen_ns, retour_ns, codes_by_element))
    elif beoordeling.header_codes:
        _retourcodes(header, retour_ns, beoordeling.header_codes)

    etree.cleanup_namespaces(root, top_nsmap={prefix_of(retour): retour_ns, BASIS_PREFIX: NS_BASIS})
    return serialize(root)


def build_ontvangstbevestiging(
    heen_type: MessageType, heen_root: etree._Element, kenmerken: RetourKenmerken
) -> bytes:
    """A retour with only a header: the heenbericht was accepted.

    Also for the retours an aanbieder sends on the gemeente's JW301 and JW319 (JW302, JW320),
    which the gemeente does not build otherwise.
    """
    if heen_type.retour is None:
        raise ValueError(f"{heen_type.name} has no retourbericht")
    retour = BY_NAME[heen_type.retour]
    root = new_message(retour)
    header = _echo(_child(heen_root, "Header"), heen_type.namespace, retour.namespace)
    _child(header, "BerichtCode").text = retour.berichtcode
    element(header, retour.namespace, "IdentificatieRetour", kenmerken.identificatie_retour)
    element(header, retour.namespace, "DagtekeningRetour", kenmerken.dagtekening_retour)
    versie_class(header, retour.namespace, "XsdVersieRetour", kenmerken.xsd_versie_retour)
    root.append(header)
    etree.cleanup_namespaces(
        root, top_nsmap={prefix_of(retour): retour.namespace, BASIS_PREFIX: NS_BASIS}
    )
    return serialize(root)


def _echo(
    element: Element,
    heen_ns: str,
    retour_ns: str,
    codes_by_element: Mapping[Element, Sequence[str]] | None = None,
) -> Element:
    """Copy a heenbericht subtree into the retour namespace, closing classes with RetourCodes."""
    # One C-level copy, then one pass to rename: a message of thousands of products is echoed
    # without building every element anew in Python.
    twin = copy.deepcopy(element)
    closing = []
    for original, copied in zip(element.iter(), list(twin.iter()), strict=True):
        if not isinstance(copied.tag, str):
            copied.getparent().remove(copied)
            continue
        copied.tag = _retag(copied.tag, heen_ns, retour_ns)
        copied.attrib.clear()
        copied.tail = None
        if len(copied):
            copied.text = None
        if codes_by_element is not None and original in codes_by_element:
            closing.append((copied, codes_by_element[original]))
    for copied, codes in closing:
        _retourcodes(copied, retour_ns, codes)
    return twin


def _retag(tag: str, heen_ns: str, retour_ns: str) -> str:
    prefix = f"{{{heen_ns}}}"
    return f"{{{retour_ns}}}{tag[len(prefix) :]}" if tag.startswith(prefix) else tag


def _retourcodes(parent: Element, ns: str, codes: Sequence[str]) -> None:
    container = element(parent, ns, "RetourCodes")
    for code in codes:
        element(container, ns, "RetourCode", code)


def _child(parent: Element, name: str) -> Element:
    for child in parent:
        if isinstance(child.tag, str) and local(child) == name:
            return child
    raise ValueError(f"heenbericht has no {name}")


__all__ = [
    "ACCEPTED",
    "CODE_GEEN_OPMERKING",
    "CODE_NIET_BEOORDEELD",
    "CODE_TECHNISCH",
    "Beoordeling",
    "RetourKenmerken",
    "build_ontvangstbevestiging",
    "build_retour",
    "retour_type",
    "technisch_afgekeurd",
]
