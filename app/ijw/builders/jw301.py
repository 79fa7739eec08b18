"""JW301 Toewijzing: the gemeente's grant of products to an aanbieder (ijw-domain.md §6.1).

The builder writes what it is given, in the schema's element order; which toewijzingen go in,
and when ReferentieAanbieder or RedenWijziging is filled, is decided by the caller. Codes are
strings as in the code lists ("01", "10"); numbers that the schema types as integers are ints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from app.ijw.builders.xml import element, header, new_message, optional, serialize
from app.ijw.catalogue import BY_NAME, NS_BASIS
from app.ijw.schemas import XsdVersie
from app.ijw.tree import Element
from app.ijw.views import Omvang, Product

JW301 = BY_NAME["JW301"]
_NS = JW301.namespace


@dataclass(frozen=True, slots=True)
class Geslachtsnaam:
    """A surname with its optional voorvoegsel (CDT_Achternaam)."""

    achternaam: str
    voorvoegsel: str | None = None


@dataclass(frozen=True, slots=True)
class VolledigeNaam:
    """A full name (CDT_VolledigeNaam); `naam_gebruik` is COD700."""

    achternaam: str
    naam_gebruik: str
    voorvoegsel: str | None = None
    voornamen: str | None = None
    voorletters: str | None = None
    partnernaam: Geslachtsnaam | None = None


@dataclass(frozen=True, slots=True)
class Communicatie:
    """A special form of communication (COD747) and, for Vorm 1, the language."""

    vorm: str
    taal: str | None = None


@dataclass(frozen=True, slots=True)
class Adres:
    """An address (CDT_Adres with CDT_Huis flattened); the Huis class needs a huisnummer."""

    huisnummer: int | None = None
    huisletter: str | None = None
    huisnummer_toevoeging: str | None = None
    aanduiding_woonadres: str | None = None
    postcode: str | None = None
    straatnaam: str | None = None
    plaatsnaam: str | None = None
    landcode: str | None = None


@dataclass(frozen=True, slots=True)
class Telefoon:
    """One telephone number with its country prefix (CDT_Telefoon)."""

    nummer: str
    landnummer: str = "0031"


@dataclass(frozen=True, slots=True)
class Periode:
    """An open period (CDT_OpenPeriode): both ends optional, inclusive."""

    begindatum: date | None = None
    einddatum: date | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """Contact details of the client or a relatie; `soort` is COD757, `telefoon` holds 0..2."""

    soort: str
    adres: Adres | None = None
    organisatie: str | None = None
    telefoon: tuple[Telefoon, ...] = ()
    emailadres: str | None = None
    periode: Periode | None = None


@dataclass(frozen=True, slots=True)
class Relatie:
    """A relation of the client (e.g. a parent with gezag); `soort` is COD472."""

    nummer: str
    soort: str
    naam: VolledigeNaam
    contact: Contact
    volgorde: int | None = None
    geboortedatum: date | None = None
    datum_gebruik: str | None = None
    geslacht: str | None = None


@dataclass(frozen=True, slots=True)
class ClientGegevens:
    """The client of a JW301 with the Relaties and Contactgegevens the gemeente passes on."""

    bsn: str
    geboortedatum: date
    geslacht: str
    naam: VolledigeNaam
    contacten: tuple[Contact, ...]
    datum_gebruik: str | None = None
    communicatie: Communicatie | None = None
    juridische_status: str | None = None
    wettelijke_vertegenwoordiging: str | None = None
    commentaar: str | None = None
    relaties: tuple[Relatie, ...] = ()


@dataclass(frozen=True, slots=True)
class ToegewezenProduct:
    """One toewijzing; `budget` is in eurocent, `toewijzingstijd` a naive local time."""

    toewijzing_nummer: int
    toewijzingsdatum: date
    toewijzingstijd: time
    ingangsdatum: date
    product: Product | None = None
    referentie_aanbieder: str | None = None
    einddatum: date | None = None
    reden_wijziging: str | None = None
    omvang: Omvang | None = None
    budget: int | None = None
    commentaar: str | None = None


@dataclass(frozen=True, slots=True)
class Toewijzingbericht:
    """A whole JW301: header data, one client and every toegewezen product to send."""

    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: date
    xsd_versie: XsdVersie
    client: ClientGegevens
    producten: tuple[ToegewezenProduct, ...]


def build_jw301(bericht: Toewijzingbericht) -> bytes:
    """Build a JW301 as UTF-8 XML bytes; raises ValueError on input the schema cannot hold."""
    if not bericht.producten:
        raise ValueError("a JW301 needs at least one ToegewezenProduct")
    root = new_message(JW301)
    header(
        root,
        JW301,
        bericht.afzender,
        bericht.ontvanger,
        bericht.identificatie,
        bericht.dagtekening,
        bericht.xsd_versie,
    )
    client = _client(root, bericht.client)
    producten = element(client, _NS, "ToegewezenProducten")
    for product in bericht.producten:
        _toegewezen_product(producten, product)
    return serialize(root)


def _client(parent: Element, client: ClientGegevens) -> Element:
    if not client.contacten:
        raise ValueError("a JW301 client needs at least one Contact")
    node = element(parent, _NS, "Client")
    element(node, _NS, "Bsn", client.bsn)
    _geboortedatum(node, client.geboortedatum, client.datum_gebruik)
    element(node, _NS, "Geslacht", client.geslacht)
    _naam(node, client.naam)
    if client.communicatie is not None:
        communicatie = element(node, _NS, "Communicatie")
        element(communicatie, NS_BASIS, "Vorm", client.communicatie.vorm)
        optional(communicatie, NS_BASIS, "Taal", client.communicatie.taal)
    optional(node, _NS, "JuridischeStatus", client.juridische_status)
    optional(node, _NS, "WettelijkeVertegenwoordiging", client.wettelijke_vertegenwoordiging)
    optional(node, _NS, "Commentaar", client.commentaar)
    if client.relaties:
        relaties = element(node, _NS, "Relaties")
        for relatie in client.relaties:
            _relatie(relaties, relatie)
    contactgegevens = element(node, _NS, "Contactgegevens")
    for contact in client.contacten:
        _contact(contactgegevens, contact)
    return node


def _geboortedatum(parent: Element, datum: date, datum_gebruik: str | None) -> None:
    node = element(parent, _NS, "Geboortedatum")
    element(node, NS_BASIS, "Datum", datum)
    optional(node, NS_BASIS, "DatumGebruik", datum_gebruik)


def _naam(parent: Element, naam: VolledigeNaam) -> None:
    node = element(parent, _NS, "Naam")
    _geslachtsnaam(node, "Geslachtsnaam", Geslachtsnaam(naam.achternaam, naam.voorvoegsel))
    if naam.partnernaam is not None:
        _geslachtsnaam(node, "Partnernaam", naam.partnernaam)
    optional(node, NS_BASIS, "Voornamen", naam.voornamen)
    optional(node, NS_BASIS, "Voorletters", naam.voorletters)
    element(node, NS_BASIS, "NaamGebruik", naam.naam_gebruik)


def _geslachtsnaam(parent: Element, name: str, naam: Geslachtsnaam) -> None:
    node = element(parent, NS_BASIS, name)
    element(node, NS_BASIS, "Achternaam", naam.achternaam)
    optional(node, NS_BASIS, "Voorvoegsel", naam.voorvoegsel)


def _relatie(parent: Element, relatie: Relatie) -> None:
    node = element(parent, _NS, "Relatie")
    element(node, _NS, "Nummer", relatie.nummer)
    optional(node, _NS, "Volgorde", relatie.volgorde)
    element(node, _NS, "Soort", relatie.soort)
    if relatie.geboortedatum is not None:
        _geboortedatum(node, relatie.geboortedatum, relatie.datum_gebruik)
    elif relatie.datum_gebruik is not None:
        raise ValueError(f"Relatie {relatie.nummer}: DatumGebruik needs a Geboortedatum")
    optional(node, _NS, "Geslacht", relatie.geslacht)
    _naam(node, relatie.naam)
    _contact(node, relatie.contact)


def _contact(parent: Element, contact: Contact) -> None:
    if len(contact.telefoon) > 2:
        raise ValueError(f"Contact {contact.soort}: at most two telephone numbers")
    node = element(parent, _NS, "Contact")
    element(node, _NS, "Soort", contact.soort)
    if contact.adres is not None:
        _adres(node, contact.adres)
    optional(node, _NS, "Organisatie", contact.organisatie)
    if contact.telefoon:
        telefoon = element(node, _NS, "Telefoon")
        for name, nummer in zip(("Telefoon01", "Telefoon02"), contact.telefoon, strict=False):
            entry = element(telefoon, NS_BASIS, name)
            element(entry, NS_BASIS, "Telefoonnummer", nummer.nummer)
            element(entry, NS_BASIS, "Landnummer", nummer.landnummer)
    optional(node, _NS, "Emailadres", contact.emailadres)
    if contact.periode is not None:
        periode = element(node, _NS, "Periode")
        optional(periode, NS_BASIS, "Begindatum", contact.periode.begindatum)
        optional(periode, NS_BASIS, "Einddatum", contact.periode.einddatum)


def _adres(parent: Element, adres: Adres) -> None:
    node = element(parent, _NS, "Adres")
    huis_extra = (adres.huisletter, adres.huisnummer_toevoeging, adres.aanduiding_woonadres)
    if adres.huisnummer is not None:
        huis = element(node, NS_BASIS, "Huis")
        element(huis, NS_BASIS, "Huisnummer", adres.huisnummer)
        optional(huis, NS_BASIS, "Huisletter", adres.huisletter)
        optional(huis, NS_BASIS, "HuisnummerToevoeging", adres.huisnummer_toevoeging)
        optional(huis, NS_BASIS, "AanduidingWoonadres", adres.aanduiding_woonadres)
    elif any(value is not None for value in huis_extra):
        raise ValueError(
            "Huisletter, HuisnummerToevoeging or AanduidingWoonadres need a Huisnummer"
        )
    optional(node, NS_BASIS, "Postcode", adres.postcode)
    optional(node, NS_BASIS, "Straatnaam", adres.straatnaam)
    optional(node, NS_BASIS, "Plaatsnaam", adres.plaatsnaam)
    optional(node, NS_BASIS, "LandCode", adres.landcode)


def _toegewezen_product(parent: Element, product: ToegewezenProduct) -> None:
    node = element(parent, _NS, "ToegewezenProduct")
    element(node, _NS, "ToewijzingNummer", product.toewijzing_nummer)
    optional(node, _NS, "ReferentieAanbieder", product.referentie_aanbieder)
    if product.product is not None:
        code = element(node, _NS, "Product")
        element(code, NS_BASIS, "Categorie", product.product.categorie)
        optional(code, NS_BASIS, "Code", product.product.code)
    element(node, _NS, "Toewijzingsdatum", product.toewijzingsdatum)
    element(node, _NS, "Toewijzingstijd", product.toewijzingstijd)
    element(node, _NS, "Ingangsdatum", product.ingangsdatum)
    optional(node, _NS, "Einddatum", product.einddatum)
    optional(node, _NS, "RedenWijziging", product.reden_wijziging)
    if product.omvang is not None:
        omvang = element(node, _NS, "Omvang")
        element(omvang, NS_BASIS, "Volume", product.omvang.volume)
        element(omvang, NS_BASIS, "Eenheid", product.omvang.eenheid)
        element(omvang, NS_BASIS, "Frequentie", product.omvang.frequentie)
    optional(node, _NS, "Budget", product.budget)
    optional(node, _NS, "Commentaar", product.commentaar)


__all__ = [
    "JW301",
    "Adres",
    "ClientGegevens",
    "Communicatie",
    "Contact",
    "Geslachtsnaam",
    "Omvang",
    "Periode",
    "Product",
    "Relatie",
    "Telefoon",
    "ToegewezenProduct",
    "Toewijzingbericht",
    "VolledigeNaam",
    "build_jw301",
]
