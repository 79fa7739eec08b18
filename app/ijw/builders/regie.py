"""JW305 Start zorg and JW307 Stop zorg, as an aanbieder sends them (examples, tests).

One product per message; the client's personal data as the gemeente stored them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.ijw.builders.xml import element, header, new_message, optional, serialize
from app.ijw.catalogue import BY_NAME, NS_BASIS, MessageType
from app.ijw.schemas import XsdVersie
from app.ijw.tree import Element
from app.ijw.views import Product

JW305 = BY_NAME["JW305"]
JW307 = BY_NAME["JW307"]


@dataclass(frozen=True, slots=True)
class Persoon:
    """The client as a start or stop names them (CDT_BasisNaam and birth date)."""

    bsn: str
    geboortedatum: date
    datum_gebruik: str | None
    geslacht: str
    achternaam: str
    voorvoegsel: str | None = None
    voornamen: str | None = None
    voorletters: str | None = None


@dataclass(frozen=True, slots=True)
class Regiebericht:
    """One start (stop when `reden_beeindiging` and `einddatum` are given) of one product."""

    aanbieder: str
    gemeente: str
    identificatie: str
    dagtekening: date
    persoon: Persoon
    toewijzing_nummer: int
    product: Product | None
    toewijzing_ingangsdatum: date
    begindatum: date
    reden_beeindiging: str | None = None
    einddatum: date | None = None


def build_jw305(bericht: Regiebericht, xsd_versie: XsdVersie) -> bytes:
    """A JW305 starting the toewijzing's product on `begindatum`."""
    return _build(JW305, "StartProducten", "StartProduct", bericht, xsd_versie)


def build_jw307(bericht: Regiebericht, xsd_versie: XsdVersie) -> bytes:
    """A JW307 stopping the start on `begindatum` as of `einddatum`."""
    if bericht.reden_beeindiging is None or bericht.einddatum is None:
        raise ValueError("a stop needs a RedenBeeindiging and an Einddatum")
    return _build(JW307, "StopProducten", "StopProduct", bericht, xsd_versie)


def _build(
    message_type: MessageType, lijst: str, naam: str, bericht: Regiebericht, versie: XsdVersie
) -> bytes:
    ns = message_type.namespace
    root = new_message(message_type)
    header(
        root,
        message_type,
        bericht.aanbieder,
        bericht.gemeente,
        bericht.identificatie,
        bericht.dagtekening,
        versie,
    )
    client = _client(root, ns, bericht.persoon)
    product = element(element(client, ns, lijst), ns, naam)
    element(product, ns, "ToewijzingNummer", bericht.toewijzing_nummer)
    if bericht.product is not None:  # a toewijzing without a product category names none
        node = element(product, ns, "Product")
        element(node, NS_BASIS, "Categorie", bericht.product.categorie)
        optional(node, NS_BASIS, "Code", bericht.product.code)
    element(product, ns, "ToewijzingIngangsdatum", bericht.toewijzing_ingangsdatum)
    element(product, ns, "Begindatum", bericht.begindatum)
    optional(product, ns, "RedenBeeindiging", bericht.reden_beeindiging)
    optional(product, ns, "Einddatum", bericht.einddatum)
    element(product, ns, "StatusAanlevering", "1")
    return serialize(root)


def _client(parent: Element, ns: str, persoon: Persoon) -> Element:
    client = element(parent, ns, "Client")
    element(client, ns, "Bsn", persoon.bsn)
    geboortedatum = element(client, ns, "Geboortedatum")
    element(geboortedatum, NS_BASIS, "Datum", persoon.geboortedatum)
    optional(geboortedatum, NS_BASIS, "DatumGebruik", persoon.datum_gebruik)
    element(client, ns, "Geslacht", persoon.geslacht)
    naam = element(client, ns, "Naam")
    geslachtsnaam = element(naam, NS_BASIS, "Geslachtsnaam")
    element(geslachtsnaam, NS_BASIS, "Achternaam", persoon.achternaam)
    optional(geslachtsnaam, NS_BASIS, "Voorvoegsel", persoon.voorvoegsel)
    optional(naam, NS_BASIS, "Voornamen", persoon.voornamen)
    optional(naam, NS_BASIS, "Voorletters", persoon.voorletters)
    return client
