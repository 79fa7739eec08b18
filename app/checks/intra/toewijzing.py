"""Intra-message rules for our outgoing JW301 toewijzing (XSLT level, retourcode 0001).

Every JW301 we build must pass these, or the provider rejects it with 0001 (ijw-domain §6.1).
Read from the typed JW301 view. The person rules CS002, CS139, TR002 and TR134 on
Geboortedatum live in `persoon.py`; CD041, CD075-CD080 and CS338, which the VOT and VOW share,
in `productregels.py`; TR101 in `sleutels.py`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Mapping

from app.checks.bericht import Bericht
from app.checks.intra import productregels, sleutels
from app.checks.issue import Issue, violation, violations
from app.checks.lexicaal import gevuld, na, waarde
from app.checks.overlap import Periode, Soort, overlapping_pairs
from app.checks.rule import Rule, rule
from app.ijw.catalogue import NS_BASIS
from app.ijw.toewijzingstatus import verwijderd
from app.ijw.tree import Element, kid, kids, text
from app.ijw.views import (
    JW301,
    Adres,
    Client301,
    Contact,
    Relatie,
    ToegewezenProduct,
    VolledigeNaam,
    dagtekening_of,
)

_ADRES_SOORTEN = frozenset({"01", "02", "03"})
_POSTCODE_VERPLICHT = frozenset({"01", "03"})
_NAAMGEBRUIK_MET_PARTNER = frozenset({"1", "2", "3", "4"})
_NAAMGEBRUIK_ZONDER_PARTNER = frozenset({"1", "6"})
# CS089: rules.xsl's pattern "1000ZZ": a non-zero digit, three digits, two letters, no space.
_NL_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Za-z]{2}")


# --- reading helpers --------------------------------------------------------------------------


def _client(bericht: Bericht) -> Client301 | None:
    view: JW301 = bericht.view
    return view.client


def _contacts(bericht: Bericht) -> tuple[Contact, ...]:
    """Every Contact of the message: the Client's Contactgegevens, then each Relatie's."""
    return bericht.shared("JW301.contacten", _lees_contacten)


def _lees_contacten(bericht: Bericht) -> tuple[Contact, ...]:
    client = _client(bericht)
    if client is None:
        return ()
    found = list(client.contacten)
    found.extend(r.contact for r in client.relaties if r.contact is not None)
    return tuple(found)


def _adressen(bericht: Bericht) -> tuple[Adres, ...]:
    """The Adres of every Contact that has one, as `_contacts` orders them."""
    return bericht.shared("JW301.adressen", _lees_adressen)


def _lees_adressen(bericht: Bericht) -> tuple[Adres, ...]:
    return tuple(c.adres for c in _contacts(bericht) if c.adres is not None)


def _namen(client: Client301) -> Iterator[VolledigeNaam]:
    """Naam of the Client, then of each Relatie."""
    if client.naam is not None:
        yield client.naam
    for relatie in client.relaties:
        if relatie.naam is not None:
            yield relatie.naam


def _producten(bericht: Bericht) -> tuple[ToegewezenProduct, ...]:
    client = _client(bericht)
    return () if client is None else client.producten


# --- person: names and communication ---------------------------------------------------------


@rule("CS050", "JW301")
def cs050_naamgebruik_fits_partnernaam(bericht: Bericht) -> Iterator[Issue]:
    """NaamGebruik is 1-4 when a Partnernaam is given, else 1 or 6; retourcode 0001.

    As rules.xsl: at the Partnernaam (when there is one) and the NaamGebruik.
    """
    client = _client(bericht)
    if client is None:
        return
    for naam in _namen(client):
        kinderen = bericht.kinderen(naam.element)
        gebruik_element = kinderen.get("NaamGebruik")
        if gebruik_element is None:
            continue
        gebruik = waarde(gebruik_element)
        partnernaam = kinderen.get("Partnernaam")
        if partnernaam is not None:
            if gebruik not in _NAAMGEBRUIK_MET_PARTNER:
                yield from violations(
                    "CS050",
                    [partnernaam, gebruik_element],
                    f"NaamGebruik {gebruik} is not allowed with a Partnernaam (use 1, 2, 3 or 4)",
                )
        elif gebruik not in _NAAMGEBRUIK_ZONDER_PARTNER:
            yield violation(
                "CS050",
                gebruik_element,
                f"NaamGebruik {gebruik} needs a Partnernaam (without one use 1 or 6)",
            )


@rule("CS318", "JW301")
def cs318_client_naamgebruik_not_niet_natuurlijk(bericht: Bericht) -> Iterator[Issue]:
    """The Client's NaamGebruik is never 6 (niet-natuurlijk persoon); retourcode 0001."""
    client = _client(bericht)
    if client is None or client.naam is None:
        return
    if client.naam.naam_gebruik == "6":
        yield violation(
            "CS318",
            client.naam.element,
            "Client NaamGebruik must not be 6 (niet-natuurlijk persoon)",
            child="NaamGebruik",
        )


@rule("CD007", "JW301")
def cd007_taal_only_with_tolk_taal(bericht: Bericht) -> Iterator[Issue]:
    """Communicatie/Taal is filled if and only if Vorm is 1 (tolk taal); retourcode 0001.

    As rules.xsl: at the Taal and the Vorm, those present.
    """
    client = _client(bericht)
    communicatie = client.communicatie if client is not None else None
    if communicatie is None:
        return
    kinderen = bericht.kinderen(communicatie.element)
    taal, vorm = kinderen.get("Taal"), kinderen.get("Vorm")
    tolk = waarde(vorm) == "1"
    if tolk and not gevuld(taal):
        yield from violations("CD007", [taal, vorm], "Taal is required when Communicatie/Vorm is 1")
    elif gevuld(taal) and not tolk:
        yield from violations(
            "CD007", [taal, vorm], "Taal must be empty unless Communicatie/Vorm is 1"
        )


# --- contact ---------------------------------------------------------------------------------


def _soort_tekst(bericht: Bericht, contact: Element) -> str | None:
    """The Soort's text as it stands (TR061 in rules.xsl compares it untrimmed)."""
    soort = bericht.kinderen(contact).get("Soort")
    return None if soort is None else soort.text


@rule("TR061", "JW301")
def tr061_client_has_address_contact(bericht: Bericht) -> Iterator[Issue]:
    """The Client's Contactgegevens hold a Contact with Soort 01, 02 or 03; retourcode 0001.

    As rules.xsl: the Soort's text as it stands, reported at every Contact.
    """
    client = _client(bericht)
    if client is None or client.contactgegevens is None:
        return
    contacten = kids(client.contactgegevens, "Contact")
    if not any(_soort_tekst(bericht, c) in _ADRES_SOORTEN for c in contacten):
        yield from violations(
            "TR061",
            contacten,
            "Contactgegevens need a Contact with Soort 01 (BRP), 02 (correspondentie) "
            "or 03 (verblijf)",
        )


@rule("TR006", "JW301")
def tr006_contact_has_telefoon_or_huis_and_postcode(bericht: Bericht) -> Iterator[Issue]:
    """Each Contact has a Telefoon, or an Adres with both Huis and Postcode; retourcode 0001.

    As rules.xsl: one finding at the Contact for a missing Huis, one for a missing Postcode.
    """
    for contact in _contacts(bericht):
        kinderen = bericht.kinderen(contact.element)
        if "Telefoon" in kinderen:
            continue
        adres = kinderen.get("Adres")
        delen = bericht.kinderen(adres) if adres is not None else {}
        for deel in ("Huis", "Postcode"):
            if deel not in delen:
                yield violation(
                    "TR006",
                    contact.element,
                    f"Contact needs a Telefoon or an Adres with Huis and Postcode (no {deel})",
                )


@rule("CD034", "JW301")
def cd034_postcode_for_brp_and_verblijf(bericht: Bericht) -> Iterator[Issue]:
    """A Contact with Soort 01 (BRP) or 03 (verblijf) has an Adres/Postcode; retourcode 0001.

    As rules.xsl: at the Soort (and the Postcode when present but empty).
    """
    for contact in _contacts(bericht):
        kinderen = bericht.kinderen(contact.element)
        soort = kinderen.get("Soort")
        if waarde(soort) not in _POSTCODE_VERPLICHT:
            continue
        adres = kinderen.get("Adres")
        postcode = None if adres is None else bericht.kinderen(adres).get("Postcode")
        if not gevuld(postcode):
            yield from violations(
                "CD034",
                [soort, postcode],
                f"Contact with Soort {waarde(soort)} needs an Adres/Postcode",
            )


@rule("CD009", "JW301")
def cd009_periode_only_for_tijdelijk_adres(bericht: Bericht) -> Iterator[Issue]:
    """Contact/Periode is only allowed when Soort is 04 (tijdelijk adres); retourcode 0001."""
    for contact in _contacts(bericht):
        kinderen = bericht.kinderen(contact.element)
        periode = kinderen.get("Periode")
        if periode is None:
            continue
        soort = kinderen.get("Soort")
        if waarde(soort) != "04":
            yield from violations(
                "CD009",
                [soort, periode],
                f"Periode is only allowed with Soort 04, not {contact.soort}",
            )


@rule("CD005", "JW301")
def cd005_postcode_with_landcode(bericht: Bericht) -> Iterator[Issue]:
    """An Adres has a LandCode if and only if it has a Postcode; retourcode 0001.

    As rules.xsl: at the filled one (and the other when present but empty).
    """
    for adres in _adressen(bericht):
        kinderen = bericht.kinderen(adres.element)
        postcode, landcode = kinderen.get("Postcode"), kinderen.get("LandCode")
        met_postcode, met_landcode = gevuld(postcode), gevuld(landcode)
        if met_postcode == met_landcode:
            continue
        if met_postcode:
            yield from violations(
                "CD005", [postcode, landcode], "Adres with a Postcode needs a LandCode"
            )
        else:
            yield from violations(
                "CD005", [postcode, landcode], "Adres with a LandCode needs a Postcode"
            )


@rule("CD025", "JW301")
def cd025_huisnummer_for_nederland(bericht: Bericht) -> Iterator[Issue]:
    """An Adres with LandCode NL has a Huis/Huisnummer; retourcode 0001.

    As rules.xsl: at the LandCode (and the Huisnummer when present but empty).
    """
    for adres in _adressen(bericht):
        kinderen = bericht.kinderen(adres.element)
        landcode = kinderen.get("LandCode")
        if waarde(landcode) != "NL":
            continue
        huis = kinderen.get("Huis")
        huisnummer = None if huis is None else bericht.kinderen(huis).get("Huisnummer")
        if not gevuld(huisnummer):
            yield from violations(
                "CD025", [landcode, huisnummer], "Adres with LandCode NL needs a Huis/Huisnummer"
            )


def _nl_adressen(bericht: Bericht) -> Iterable[tuple[Element, Element | None]]:
    """(LandCode, Postcode) of every Adres with LandCode NL, in document order.

    A JW301's from its view (LandCode is only in an Adres there), any other message's by a
    search for every basisschema LandCode.
    """
    client = _client(bericht) if bericht.type.name == "JW301" and len(bericht.root) == 2 else None
    if client is None:
        return [
            (landcode, kid(landcode.getparent(), "Postcode"))
            for landcode in bericht.root.iter(f"{{{NS_BASIS}}}LandCode")
            if text(landcode) == "NL"
        ]
    # Relaties come before the Client's Contactgegevens in the schema.
    contacten = [r.contact for r in client.relaties if r.contact is not None]
    contacten.extend(client.contacten)
    return [
        (c.adres.landcode_element, c.adres.postcode_element)
        for c in contacten
        if c.adres is not None and c.adres.landcode == "NL" and c.adres.landcode_element is not None
    ]


@rule("CS089", "JW301", "JW302")
def cs089_dutch_postcode_format(bericht: Bericht) -> Iterator[Issue]:
    """An Adres with LandCode NL has a Postcode in the format 9999XX; retourcode 0001.

    As rules.xsl: every basisschema LandCode in the message (so the JW302 retour's too); a
    missing Postcode breaks the format as well (besides CD005), reported at the LandCode, a
    wrong one at the Postcode and the LandCode.
    """
    for landcode, postcode in _nl_adressen(bericht):
        if postcode is not None and _NL_POSTCODE.fullmatch(postcode.text or "") is not None:
            continue
        yield from violations(
            "CS089",
            [postcode, landcode] if postcode is not None else [landcode],
            "Postcode with LandCode NL must be 4 digits and 2 letters (9999XX)",
        )


@rule("CS003", "JW301")
def cs003_contact_periode_einddatum_not_before_begindatum(bericht: Bericht) -> Iterator[Issue]:
    """Contact/Periode/Einddatum is on or after its Begindatum; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at both dates.
    """
    for contact in _contacts(bericht):
        periode = bericht.kinderen(contact.element).get("Periode")
        if periode is None:
            continue
        dates = bericht.kinderen(periode)
        einde = dates.get("Einddatum")
        if einde is None:
            continue
        begin = dates.get("Begindatum")
        if na(begin, einde):
            yield from violations(
                "CS003",
                [begin, einde],
                f"Periode Einddatum {text(einde)} is before Begindatum {text(begin)}",
            )


# --- toegewezen product ----------------------------------------------------------------------


@rule("CS003", "JW301")
def cs003_einddatum_not_before_ingangsdatum(bericht: Bericht) -> Iterator[Issue]:
    """ToegewezenProduct Einddatum is on or after its Ingangsdatum; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at both dates.
    """
    for product in _producten(bericht):
        kinderen = bericht.kinderen(product.element)
        einde = kinderen.get("Einddatum")
        if einde is None:
            continue
        begin = kinderen.get("Ingangsdatum")
        if na(begin, einde):
            yield from violations(
                "CS003",
                [begin, einde],
                f"Einddatum {text(einde)} is before Ingangsdatum {text(begin)} "
                f"(ToewijzingNummer {product.nummer})",
            )


# The Omvang, Budget and Product rules, written once for the VOT, VOW and toewijzing.
cd041_omvang_required_with_productcode = productregels.CD041.voor("JW301")
cd080_no_omvang_without_productcode = productregels.OMVANG_ZONDER_CODE.voor("JW301")
cd077_no_omvang_with_budget = productregels.CD077.voor("JW301")
cd078_no_budget_with_omvang = productregels.CD078.voor("JW301")
cd079_product_required_without_budget = productregels.CD079.voor("JW301")
cd075_einddatum_required_with_budget = productregels.CD075.voor("JW301")
cd076_einddatum_required_per_week = productregels.CD076.voor("JW301")
cs338_no_per_dag_for_etmaal_dagdeel_euro_stuks = productregels.EENHEID_NIET_PER_DAG.voor("JW301")


@rule("CS335", "JW301")
def cs335_verwijderd_needs_equal_dates(bericht: Bericht) -> Iterator[Issue]:
    """RedenWijziging 13 (verwijderd) only with Einddatum = Ingangsdatum; retourcode 0001."""
    for product in _producten(bericht):
        if product.reden_wijziging != "13":
            continue
        # Stricter than rules.xsl, which skips a missing Einddatum: §6.1 asks for equal dates.
        if product.einddatum is None or product.einddatum != product.ingangsdatum:
            yield violation(
                "CS335",
                product.element,
                f"RedenWijziging 13 needs Einddatum equal to Ingangsdatum "
                f"(ToewijzingNummer {product.nummer})",
                child="RedenWijziging",
            )


@rule("CS336", "JW301")
def cs336_reden_administratieve_correctie_vervallen(bericht: Bericht) -> Iterator[Issue]:
    """RedenWijziging 01 (administratieve correctie, vervallen) is never used; retourcode 0001."""
    for product in _producten(bericht):
        if product.reden_wijziging == "01":
            yield violation(
                "CS336",
                product.element,
                f"RedenWijziging 01 is withdrawn; use 14 (ToewijzingNummer {product.nummer})",
                child="RedenWijziging",
            )


@rule("TR134", "JW301")
def tr134_toewijzingsdatum_not_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """Toewijzingsdatum is not after the message's Dagtekening; retourcode 0001.

    As rules.xsl (its checkafter on the texts, `lexicaal.na`): at the Dagtekening and the date.
    """
    dagtekening = dagtekening_of(bericht.header)
    for product in _producten(bericht):
        toewijzingsdatum = bericht.kinderen(product.element).get("Toewijzingsdatum")
        if toewijzingsdatum is not None and na(toewijzingsdatum, dagtekening):
            yield from violations(
                "TR134",
                [dagtekening, toewijzingsdatum],
                f"Toewijzingsdatum {text(toewijzingsdatum)} is after the Dagtekening "
                f"{text(dagtekening)}",
            )


# --- uniqueness and overlap ------------------------------------------------------------------


def _soort(product: ToegewezenProduct) -> Soort:
    """TR302's "same product": no Product clashes with all; else same Categorie and Code."""
    soort = product.product
    return None if soort is None or not soort.categorie else (soort.categorie, soort.code)


def _periode(product: ToegewezenProduct) -> Periode:
    """[Ingangsdatum, Einddatum], inclusive and open-ended; none without an Ingangsdatum."""
    begin = product.ingangsdatum
    return None if begin is None else (begin, product.einddatum)


@rule("TR302", "JW301")
def tr302_no_overlapping_same_product(bericht: Bericht) -> Iterator[Issue]:
    """Same-product periods do not overlap in the message (deleted aside); retourcode 0001."""
    producten = [
        p
        for p in _producten(bericht)
        if not verwijderd(p.reden_wijziging, p.ingangsdatum, p.einddatum)
    ]
    for earlier, product in overlapping_pairs(producten, _soort, _periode):
        yield from violations(
            "TR302",
            [earlier.element, product.element],
            f"ToegewezenProduct {product.nummer} overlaps ToegewezenProduct "
            f"{earlier.nummer} for the same product",
        )


# --- TR101 from the view ---------------------------------------------------------------------

_TR101 = {sleutel.klasse: sleutel for sleutel in sleutels.SLEUTELS["JW301"]}
"""The keys of a Client, Relatie, Contact and ToegewezenProduct."""


def _sleutel(kinderen: Mapping[str, Element], naam: str) -> tuple[Hashable] | None:
    """A one-field key from the field's raw text; None when the field is present but empty."""
    found = kinderen.get(naam)
    if found is None:
        return (None,)
    tekst = found.text
    return (tekst,) if tekst else None


def _tr101_gesleuteld(bericht: Bericht) -> Iterable[sleutels.Gesleuteld]:
    """TR101's keyed Client, Relaties, Contacts and ToegewezenProducten, read from the view.

    As `sleutels.gesleuteld_in_boom` finds them, in document order; the tree is searched where
    it is not shaped as the view reads it (see `_gesleuteld_in_view`).
    """
    found = _gesleuteld_in_view(bericht)
    return sleutels.gesleuteld_in_boom(bericht) if found is None else found


def _gesleuteld_in_view(bericht: Bericht) -> list[sleutels.Gesleuteld] | None:
    """The keyed classes from the view; None unless it read every one of them.

    It did when the root holds just the Header and one Client, the Client repeats no child's
    name, each Relatie holds one Contact at most, every Relatie, Contact and ToegewezenProduct
    has its class's tag, and none was one of too many to keep its children. A keyed class
    elsewhere (in a Naam, say) breaks the schema, which every message the rules judge passed.
    """
    client = _client(bericht)
    root = bericht.root
    if client is None or len(root) != 2:
        return None
    kinderen = client.kinderen
    tags = sleutels.klasse_tags("JW301", root)
    if kinderen is None or len(kinderen) != len(client.element):
        return None
    if client.element.tag != tags["Client"]:
        return None
    found: list[sleutels.Gesleuteld] = []
    sleutel = _sleutel(kinderen, "Bsn")
    if sleutel is not None:
        found.append((client.element, _TR101["Client"], ("Client", sleutel)))
    for naam in kinderen:  # in document order
        if naam == "Relaties":
            if not _relaties(client.relaties, tags, found):
                return None
        elif naam == "Contactgegevens":
            if not _contacten(client.contacten, tags, "Contactgegevens", found):
                return None
        elif naam == "ToegewezenProducten" and not _producten_gesleuteld(
            client.producten, tags, found
        ):
            return None
    return found


def _relaties(
    relaties: tuple[Relatie, ...], tags: dict[str, str], found: list[sleutels.Gesleuteld]
) -> bool:
    tag, relatie_sleutel = tags["Relatie"], _TR101["Relatie"]
    for relatie in relaties:
        kinderen = relatie.kinderen
        if kinderen is None or relatie.element.tag != tag:
            return False
        sleutel = _sleutel(kinderen, "Nummer")
        if sleutel is not None:
            found.append((relatie.element, relatie_sleutel, ("Relatie", sleutel)))
        contact = relatie.contact
        # The view reads the last Contact, the children by name the first: one unless alike.
        if kinderen.get("Contact") is not (None if contact is None else contact.element):
            return False
        if contact is not None and not _contacten((contact,), tags, relatie.element, found):
            return False
    return True


def _contacten(
    contacten: Iterable[Contact],
    tags: dict[str, str],
    groep: Hashable,
    found: list[sleutels.Gesleuteld],
) -> bool:
    tag, contact_sleutel = tags["Contact"], _TR101["Contact"]
    for contact in contacten:
        kinderen = contact.kinderen
        if kinderen is None or contact.element.tag != tag:
            return False
        sleutel = _sleutel(kinderen, "Soort")
        if sleutel is not None:
            found.append((contact.element, contact_sleutel, (groep, sleutel)))
    return True


def _producten_gesleuteld(
    producten: tuple[ToegewezenProduct, ...],
    tags: dict[str, str],
    found: list[sleutels.Gesleuteld],
) -> bool:
    tag, product_sleutel = tags["ToegewezenProduct"], _TR101["ToegewezenProduct"]
    for product in producten:
        kinderen = product.kinderen
        if kinderen is None or product.element.tag != tag:
            return False
        nummer = kinderen.get("ToewijzingNummer")
        if nummer is None:
            sleutel: tuple[Hashable] = (None,)
        elif nummer.text:
            sleutel = (sleutels._nummer(nummer.text),)
        else:
            continue
        found.append((product.element, product_sleutel, ("ToegewezenProduct", sleutel)))
    return True


sleutels.LEZERS["JW301"] = _tr101_gesleuteld


RULES: tuple[Rule, ...] = (
    cs050_naamgebruik_fits_partnernaam,
    cs318_client_naamgebruik_not_niet_natuurlijk,
    cd007_taal_only_with_tolk_taal,
    tr061_client_has_address_contact,
    tr006_contact_has_telefoon_or_huis_and_postcode,
    cd034_postcode_for_brp_and_verblijf,
    cd009_periode_only_for_tijdelijk_adres,
    cd005_postcode_with_landcode,
    cd025_huisnummer_for_nederland,
    cs089_dutch_postcode_format,
    cs003_contact_periode_einddatum_not_before_begindatum,
    cs003_einddatum_not_before_ingangsdatum,
    cd041_omvang_required_with_productcode,
    cd080_no_omvang_without_productcode,
    cd077_no_omvang_with_budget,
    cd078_no_budget_with_omvang,
    cd079_product_required_without_budget,
    cd075_einddatum_required_with_budget,
    cd076_einddatum_required_per_week,
    cs338_no_per_dag_for_etmaal_dagdeel_euro_stuks,
    cs335_verwijderd_needs_equal_dates,
    cs336_reden_administratieve_correctie_vervallen,
    tr134_toewijzingsdatum_not_after_dagtekening,
    sleutels.TR101["JW301"],
    tr302_no_overlapping_same_product,
)
