"""JW315 Verzoek om toewijzing, as an aanbieder sends it (the demo, examples).

The client's personal data as `Persoon` holds them; every product referred by one referrer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.ijw.builders.regie import Persoon
from app.ijw.builders.xml import element, header, new_message, optional, serialize
from app.ijw.catalogue import BY_NAME, NS_BASIS
from app.ijw.schemas import XsdVersie
from app.ijw.views import Omvang, Product

JW315 = BY_NAME["JW315"]


@dataclass(frozen=True, slots=True)
class Aanvraag:
    """One AangevraagdProduct: a product for a period, with its volume and referrer."""

    referentie: str
    product: Product
    ingangsdatum: date
    einddatum: date | None
    omvang: Omvang | None
    verwijzer_type: str = "02"
    verwijzer_code: str | None = "01012345"
    verwijzer_naam: str | None = None


@dataclass(frozen=True, slots=True)
class Verzoekbericht:
    """A JW315 from one aanbieder to one gemeente for one client."""

    aanbieder: str
    gemeente: str
    identificatie: str
    dagtekening: date
    persoon: Persoon
    producten: tuple[Aanvraag, ...]


def build_jw315(bericht: Verzoekbericht, xsd_versie: XsdVersie) -> bytes:
    """A JW315 asking a toewijzing for each product."""
    if not bericht.producten:
        raise ValueError("a JW315 asks for at least one product")
    ns = JW315.namespace
    root = new_message(JW315)
    header(
        root,
        JW315,
        bericht.aanbieder,
        bericht.gemeente,
        bericht.identificatie,
        bericht.dagtekening,
        xsd_versie,
    )
    persoon = bericht.persoon
    client = element(root, ns, "Client")
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
    lijst = element(client, ns, "AangevraagdeProducten")
    for aanvraag in bericht.producten:
        item = element(lijst, ns, "AangevraagdProduct")
        element(item, ns, "ReferentieAanbieder", aanvraag.referentie)
        product = element(item, ns, "Product")
        element(product, NS_BASIS, "Categorie", aanvraag.product.categorie)
        optional(product, NS_BASIS, "Code", aanvraag.product.code)
        element(item, ns, "ToewijzingIngangsdatum", aanvraag.ingangsdatum)
        optional(item, ns, "ToewijzingEinddatum", aanvraag.einddatum)
        if aanvraag.omvang is not None:
            omvang = element(item, ns, "Omvang")
            element(omvang, NS_BASIS, "Volume", aanvraag.omvang.volume)
            element(omvang, NS_BASIS, "Eenheid", aanvraag.omvang.eenheid)
            element(omvang, NS_BASIS, "Frequentie", aanvraag.omvang.frequentie)
        verwijzer = element(item, ns, "Verwijzer")
        element(verwijzer, NS_BASIS, "Type", aanvraag.verwijzer_type)
        optional(verwijzer, NS_BASIS, "ZorgverlenerCode", aanvraag.verwijzer_code)
        optional(verwijzer, NS_BASIS, "Naam", aanvraag.verwijzer_naam)
    return serialize(root)
