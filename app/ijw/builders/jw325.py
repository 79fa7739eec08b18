"""JW325 Declaratie-antwoord: the gemeente's answer to a JW323, by outcome (IV087).

- fully granted: Header 0200, DeclaratieAntwoord 8001, toegekend = ingediend, no Clienten;
- intra-message (XSLT) failure: Header 0001 with XsltVersie, no DeclaratieAntwoord;
- a header fault (9056, 8848, S300): Header with its code, no DeclaratieAntwoord;
- a fault in the Declaratie class (9333): TotaalToegekendBedrag 0 (TR342), no Clienten;
- otherwise only the rejected prestaties, echoed with their codes;
  Σ rejected IngediendBedrag = ingediend − toegekend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lxml import etree

from app.ijw.builders.xml import (
    BASIS_PREFIX,
    BERICHT_SUBVERSIE,
    BERICHT_VERSIE,
    element,
    new_message,
    optional,
    prefix_of,
    serialize,
    versie_class,
)
from app.ijw.catalogue import BY_NAME, NS_BASIS
from app.ijw.schemas import XsdVersie
from app.ijw.tree import Element

JW323 = BY_NAME["JW323"]
JW325 = BY_NAME["JW325"]
_NS = JW325.namespace

GEEN_OPMERKING = "0200"
VOLLEDIG_TOEGEKEND = "8001"


@dataclass(frozen=True, slots=True)
class AfgewezenClient:
    """A client with its rejected prestaties: each the JW323's element and its codes."""

    bsn: str
    prestaties: Sequence[tuple[Element, Sequence[str]]]


@dataclass(frozen=True, slots=True)
class Antwoord:
    """The DeclaratieAntwoord class; amounts in signed eurocent (credit negative)."""

    declaratie_nummer: str
    ingediend: int
    toegekend: int
    retourcodes: Sequence[str]
    clienten: Sequence[AfgewezenClient] = ()


@dataclass(frozen=True, slots=True)
class Declaratieantwoord:
    """A whole JW325."""

    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: date
    xsd_versie: XsdVersie
    declaratie_identificatie: str
    declaratie_dagtekening: date
    xsd_versie_declaratie: XsdVersie
    header_codes: Sequence[str]
    xslt_versie: str | None = None
    antwoord: Antwoord | None = None


def build_jw325(bericht: Declaratieantwoord) -> bytes:
    """Build a JW325 as UTF-8 XML bytes, elements in schema order."""
    root = new_message(JW325)
    head = element(root, _NS, "Header")
    element(head, _NS, "BerichtCode", JW325.berichtcode)
    element(head, _NS, "BerichtVersie", BERICHT_VERSIE)
    element(head, _NS, "BerichtSubversie", BERICHT_SUBVERSIE)
    element(head, _NS, "Afzender", bericht.afzender)
    element(head, _NS, "Ontvanger", bericht.ontvanger)
    ident = element(head, _NS, "BerichtIdentificatie")
    element(ident, NS_BASIS, "Identificatie", bericht.identificatie)
    element(ident, NS_BASIS, "Dagtekening", bericht.dagtekening)
    versie_class(head, _NS, "XsdVersie", bericht.xsd_versie)
    declaratie = element(head, _NS, "DeclaratieIdentificatie")
    element(declaratie, NS_BASIS, "Identificatie", bericht.declaratie_identificatie)
    element(declaratie, NS_BASIS, "Dagtekening", bericht.declaratie_dagtekening)
    optional(head, _NS, "XsltVersie", bericht.xslt_versie)
    versie_class(head, _NS, "XsdVersieDeclaratie", bericht.xsd_versie_declaratie)
    _retourcodes(head, bericht.header_codes)
    if bericht.antwoord is not None:
        _antwoord(root, bericht.antwoord)
    etree.cleanup_namespaces(root, top_nsmap={prefix_of(JW325): _NS, BASIS_PREFIX: NS_BASIS})
    return serialize(root)


def _antwoord(root: Element, antwoord: Antwoord) -> None:
    body = element(root, _NS, "DeclaratieAntwoord")
    element(body, _NS, "DeclaratieNummer", antwoord.declaratie_nummer)
    _totaal(body, "TotaalIngediendBedrag", antwoord.ingediend)
    _totaal(body, "TotaalToegekendBedrag", antwoord.toegekend)
    if antwoord.clienten:
        clienten = element(body, _NS, "Clienten")
        for afgewezen in antwoord.clienten:
            client = element(clienten, _NS, "Client")
            element(client, _NS, "Bsn", afgewezen.bsn)
            prestaties = element(client, _NS, "Prestaties")
            for prestatie, codes in afgewezen.prestaties:
                echo = _echo(prestatie)
                _retourcodes(echo, codes)
                prestaties.append(echo)
            _retourcodes(client, (GEEN_OPMERKING,))
    _retourcodes(body, antwoord.retourcodes)


def _totaal(parent: Element, name: str, bedrag: int) -> None:
    container = element(parent, _NS, name)
    element(container, NS_BASIS, "TotaalBedrag", abs(bedrag))
    element(container, NS_BASIS, "DebetCredit", "C" if bedrag < 0 else "D")


def _echo(source: Element) -> Element:
    """Copy a JW323 subtree into the JW325 namespace; basisschema elements keep theirs."""
    prefix = f"{{{JW323.namespace}}}"
    tag = source.tag
    twin = etree.Element(f"{{{_NS}}}{tag[len(prefix) :]}" if tag.startswith(prefix) else tag)
    children = [child for child in source if isinstance(child.tag, str)]
    twin.text = source.text.strip() if not children and source.text else None
    for child in children:
        twin.append(_echo(child))
    return twin


def _retourcodes(parent: Element, codes: Sequence[str]) -> None:
    container = element(parent, _NS, "RetourCodes")
    for code in codes:
        element(container, _NS, "RetourCode", code)


__all__ = [
    "JW325",
    "AfgewezenClient",
    "Antwoord",
    "Declaratieantwoord",
    "GEEN_OPMERKING",
    "VOLLEDIG_TOEGEKEND",
    "build_jw325",
]
