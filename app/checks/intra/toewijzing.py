"""Intra-message rules for our outgoing JW301 toewijzing (XSLT level, retourcode 0001).

Every JW301 we build must pass these, or the provider rejects it with 0001 (ijw-domain §6.1).
The person rules CS002, CS139, TR002 and TR134 on Geboortedatum live in `persoon.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from app.checks.bericht import Bericht
from app.checks.issue import Issue, violation, violations
from app.checks.overlap import Periode, Soort, overlapping_pairs
from app.checks.rule import Rule, rule
from app.ijw.catalogue import NS_BASIS
from app.ijw.tree import Element, datum, elements, kid, kids, number, text
from app.ijw.views import fields

_ADRES_SOORTEN = frozenset({"01", "02", "03"})
_POSTCODE_VERPLICHT = frozenset({"01", "03"})
_NAAMGEBRUIK_MET_PARTNER = frozenset({"1", "2", "3", "4"})
_NAAMGEBRUIK_ZONDER_PARTNER = frozenset({"1", "6"})
_EENHEDEN_ZONDER_PER_DAG = frozenset({"14", "16", "83", "84"})
_FREQUENTIES_ZONDER_PER_DAG = frozenset({"2", "4", "6"})
_VERWIJDERD = frozenset({"13", "01"})
# CS089: rules.xsl's pattern "1000ZZ": a non-zero digit, three digits, two letters, no space.
_NL_POSTCODE = re.compile(r"[1-9][0-9]{3}[A-Za-z]{2}")
# CD080/CS338 only bind toewijzingen that end after 2020 or are open (rules.xsl, CD080 text).
_GRENS_2020 = date(2020, 12, 31)


# --- reading helpers --------------------------------------------------------------------------


def _client(bericht: Bericht) -> tuple[Element, dict[str, Element]] | None:
    client = fields(bericht.root).get("Client")
    return None if client is None else (client, fields(client))


def _contacts(client: dict[str, Element]) -> Iterator[tuple[Element, dict[str, Element]]]:
    """Every Contact of the message: the Client's Contactgegevens, then each Relatie's."""
    for contact in elements(client.get("Contactgegevens")):
        yield contact, fields(contact)
    for relatie in elements(client.get("Relaties")):
        relatie_contact = fields(relatie).get("Contact")
        if relatie_contact is not None:
            yield relatie_contact, fields(relatie_contact)


def _adressen(client: dict[str, Element]) -> Iterator[tuple[Element, dict[str, Element]]]:
    for _contact, found in _contacts(client):
        adres = found.get("Adres")
        if adres is not None:
            yield adres, fields(adres)


def _namen(client: dict[str, Element]) -> Iterator[Element]:
    """Naam of the Client, then of each Relatie."""
    naam = client.get("Naam")
    if naam is not None:
        yield naam
    for relatie in elements(client.get("Relaties")):
        naam = fields(relatie).get("Naam")
        if naam is not None:
            yield naam


@dataclass(frozen=True, slots=True)
class _Toegewezen:
    """One ToegewezenProduct's children, read once."""

    element: Element
    found: dict[str, Element]
    categorie: str | None
    code: str | None
    omvang: dict[str, Element] | None

    def get(self, name: str) -> Element | None:
        return self.found.get(name)

    def has(self, name: str) -> bool:
        return name in self.found

    @property
    def nummer(self) -> str:
        return text(self.found.get("ToewijzingNummer")) or "?"

    @property
    def ingangsdatum(self) -> date | None:
        return datum(self.found.get("Ingangsdatum"))

    @property
    def einddatum(self) -> date | None:
        return datum(self.found.get("Einddatum"))

    @property
    def reden(self) -> str | None:
        return text(self.found.get("RedenWijziging"))

    @property
    def na_2020_of_open(self) -> bool:
        einde = self.einddatum
        return einde is None or einde > _GRENS_2020


def _producten(bericht: Bericht) -> list[_Toegewezen]:
    """Every ToegewezenProduct, read once per message for all the rules below."""
    return bericht.shared("ToegewezenProducten", _read_producten)


def _read_producten(bericht: Bericht) -> list[_Toegewezen]:
    read = _client(bericht)
    if read is None:
        return []
    out = []
    for element in elements(read[1].get("ToegewezenProducten")):
        found = fields(element)
        product = found.get("Product")
        product_fields = fields(product) if product is not None else {}
        omvang = found.get("Omvang")
        out.append(
            _Toegewezen(
                element,
                found,
                text(product_fields.get("Categorie")),
                text(product_fields.get("Code")),
                fields(omvang) if omvang is not None else None,
            )
        )
    return out


# --- person: names and communication ---------------------------------------------------------


@rule("CS050", "JW301")
def cs050_naamgebruik_fits_partnernaam(bericht: Bericht) -> Iterator[Issue]:
    """NaamGebruik is 1-4 when a Partnernaam is given, else 1 or 6; retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    for naam in _namen(read[1]):
        found = fields(naam)
        gebruik = text(found.get("NaamGebruik"))
        if gebruik is None:
            continue
        if "Partnernaam" in found:
            if gebruik not in _NAAMGEBRUIK_MET_PARTNER:
                yield violation(
                    "CS050",
                    naam,
                    f"NaamGebruik {gebruik} is not allowed with a Partnernaam (use 1, 2, 3 or 4)",
                    child="NaamGebruik",
                )
        elif gebruik not in _NAAMGEBRUIK_ZONDER_PARTNER:
            yield violation(
                "CS050",
                naam,
                f"NaamGebruik {gebruik} needs a Partnernaam (without one use 1 or 6)",
                child="NaamGebruik",
            )


@rule("CS318", "JW301")
def cs318_client_naamgebruik_not_niet_natuurlijk(bericht: Bericht) -> Iterator[Issue]:
    """The Client's NaamGebruik is never 6 (niet-natuurlijk persoon); retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    naam = read[1].get("Naam")
    if naam is not None and text(fields(naam).get("NaamGebruik")) == "6":
        yield violation(
            "CS318",
            naam,
            "Client NaamGebruik must not be 6 (niet-natuurlijk persoon)",
            child="NaamGebruik",
        )


@rule("CD007", "JW301")
def cd007_taal_only_with_tolk_taal(bericht: Bericht) -> Iterator[Issue]:
    """Communicatie/Taal is filled if and only if Vorm is 1 (tolk taal); retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    communicatie = read[1].get("Communicatie")
    if communicatie is None:
        return
    found = fields(communicatie)
    tolk = text(found.get("Vorm")) == "1"
    taal = text(found.get("Taal")) is not None
    if tolk and not taal:
        yield violation("CD007", communicatie, "Taal is required when Communicatie/Vorm is 1")
    elif taal and not tolk:
        yield violation(
            "CD007",
            communicatie,
            "Taal must be empty unless Communicatie/Vorm is 1",
            child="Taal",
        )


# --- contact ---------------------------------------------------------------------------------


@rule("TR061", "JW301")
def tr061_client_has_address_contact(bericht: Bericht) -> Iterator[Issue]:
    """The Client's Contactgegevens hold a Contact with Soort 01, 02 or 03; retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    gegevens = read[1].get("Contactgegevens")
    if gegevens is None:
        return
    soorten = {text(fields(c).get("Soort")) for c in elements(gegevens)}
    if not soorten & _ADRES_SOORTEN:
        yield violation(
            "TR061",
            gegevens,
            "Contactgegevens need a Contact with Soort 01 (BRP), 02 (correspondentie) "
            "or 03 (verblijf)",
        )


@rule("TR006", "JW301")
def tr006_contact_has_telefoon_or_huis_and_postcode(bericht: Bericht) -> Iterator[Issue]:
    """Each Contact has a Telefoon, or an Adres with both Huis and Postcode; retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    for contact, found in _contacts(read[1]):
        if "Telefoon" in found:
            continue
        adres = found.get("Adres")
        adres_fields = fields(adres) if adres is not None else {}
        if "Huis" not in adres_fields or "Postcode" not in adres_fields:
            yield violation(
                "TR006", contact, "Contact needs a Telefoon or an Adres with Huis and Postcode"
            )


@rule("CD034", "JW301")
def cd034_postcode_for_brp_and_verblijf(bericht: Bericht) -> Iterator[Issue]:
    """A Contact with Soort 01 (BRP) or 03 (verblijf) has an Adres/Postcode; retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    for contact, found in _contacts(read[1]):
        soort = text(found.get("Soort"))
        if soort not in _POSTCODE_VERPLICHT:
            continue
        adres = found.get("Adres")
        if adres is None:
            yield violation("CD034", contact, f"Contact with Soort {soort} needs an Adres/Postcode")
        elif text(fields(adres).get("Postcode")) is None:
            yield violation(
                "CD034", adres, f"Adres of a Contact with Soort {soort} needs a Postcode"
            )


@rule("CD009", "JW301")
def cd009_periode_only_for_tijdelijk_adres(bericht: Bericht) -> Iterator[Issue]:
    """Contact/Periode is only allowed when Soort is 04 (tijdelijk adres); retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    for contact, found in _contacts(read[1]):
        soort = text(found.get("Soort"))
        if "Periode" in found and soort != "04":
            yield violation(
                "CD009",
                contact,
                f"Periode is only allowed with Soort 04, not {soort}",
                child="Periode",
            )


@rule("CD005", "JW301")
def cd005_postcode_with_landcode(bericht: Bericht) -> Iterator[Issue]:
    """An Adres has a LandCode if and only if it has a Postcode; retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    for adres, found in _adressen(read[1]):
        postcode = text(found.get("Postcode")) is not None
        landcode = text(found.get("LandCode")) is not None
        if postcode and not landcode:
            yield violation("CD005", adres, "Adres with a Postcode needs a LandCode")
        elif landcode and not postcode:
            yield violation("CD005", adres, "Adres with a LandCode needs a Postcode")


@rule("CD025", "JW301")
def cd025_huisnummer_for_nederland(bericht: Bericht) -> Iterator[Issue]:
    """An Adres with LandCode NL has a Huis/Huisnummer; retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    for adres, found in _adressen(read[1]):
        if text(found.get("LandCode")) != "NL":
            continue
        huis = found.get("Huis")
        if huis is None or text(fields(huis).get("Huisnummer")) is None:
            yield violation("CD025", adres, "Adres with LandCode NL needs a Huis/Huisnummer")


@rule("CS089", "JW301", "JW302")
def cs089_dutch_postcode_format(bericht: Bericht) -> Iterator[Issue]:
    """An Adres with LandCode NL has a Postcode in the format 9999XX; retourcode 0001.

    As rules.xsl: every basisschema LandCode in the message (so the JW302 retour's too); a
    missing Postcode breaks the format as well (besides CD005), reported at the LandCode, a
    wrong one at the Postcode and the LandCode.
    """
    for landcode in bericht.root.iter(f"{{{NS_BASIS}}}LandCode"):
        if text(landcode) != "NL":
            continue
        postcode = kid(landcode.getparent(), "Postcode")
        if postcode is not None and _NL_POSTCODE.fullmatch(postcode.text or "") is not None:
            continue
        yield from violations(
            "CS089",
            [postcode, landcode] if postcode is not None else [landcode],
            "Postcode with LandCode NL must be 4 digits and 2 letters (9999XX)",
        )


@rule("CS003", "JW301")
def cs003_contact_periode_einddatum_not_before_begindatum(bericht: Bericht) -> Iterator[Issue]:
    """Contact/Periode/Einddatum is on or after its Begindatum; retourcode 0001."""
    read = _client(bericht)
    if read is None:
        return
    for _contact, found in _contacts(read[1]):
        periode = found.get("Periode")
        if periode is None:
            continue
        dates = fields(periode)
        begin, einde = datum(dates.get("Begindatum")), datum(dates.get("Einddatum"))
        if begin is not None and einde is not None and einde < begin:
            yield violation(
                "CS003",
                periode,
                f"Periode Einddatum {einde} is before Begindatum {begin}",
                child="Einddatum",
            )


# --- toegewezen product ----------------------------------------------------------------------


@rule("CS003", "JW301")
def cs003_einddatum_not_before_ingangsdatum(bericht: Bericht) -> Iterator[Issue]:
    """ToegewezenProduct Einddatum is on or after its Ingangsdatum; retourcode 0001."""
    for product in _producten(bericht):
        begin, einde = product.ingangsdatum, product.einddatum
        if begin is not None and einde is not None and einde < begin:
            yield violation(
                "CS003",
                product.element,
                f"Einddatum {einde} is before Ingangsdatum {begin} "
                f"(ToewijzingNummer {product.nummer})",
                child="Einddatum",
            )


@rule("CD041", "JW301")
def cd041_omvang_required_with_productcode(bericht: Bericht) -> Iterator[Issue]:
    """A ToegewezenProduct with a Product/Code has an Omvang; retourcode 0001."""
    for product in _producten(bericht):
        if product.code is not None and product.omvang is None:
            yield violation(
                "CD041",
                product.element,
                f"ToegewezenProduct {product.nummer} has a Product Code but no Omvang",
            )


@rule("CD080", "JW301")
def cd080_no_omvang_without_productcode(bericht: Bericht) -> Iterator[Issue]:
    """No Omvang without Product/Code (Einddatum open or after 2020); retourcode 0001."""
    for product in _producten(bericht):
        if product.omvang is not None and product.code is None and product.na_2020_of_open:
            yield violation(
                "CD080",
                product.element,
                f"ToegewezenProduct {product.nummer} has an Omvang but no Product Code",
                child="Omvang",
            )


@rule("CD077", "JW301")
def cd077_no_omvang_with_budget(bericht: Bericht) -> Iterator[Issue]:
    """A ToegewezenProduct with a Budget has no Omvang; retourcode 0001."""
    for product in _producten(bericht):
        if product.has("Budget") and product.omvang is not None:
            yield violation(
                "CD077",
                product.element,
                f"ToegewezenProduct {product.nummer} has a Budget, so Omvang must be absent",
                child="Budget",
            )


@rule("CD078", "JW301")
def cd078_no_budget_with_omvang(bericht: Bericht) -> Iterator[Issue]:
    """A ToegewezenProduct with an Omvang has no Budget; retourcode 0001."""
    for product in _producten(bericht):
        if product.omvang is not None and product.has("Budget"):
            yield violation(
                "CD078",
                product.element,
                f"ToegewezenProduct {product.nummer} has an Omvang, so Budget must be absent",
                child="Omvang",
            )


@rule("CD079", "JW301")
def cd079_product_required_without_budget(bericht: Bericht) -> Iterator[Issue]:
    """A ToegewezenProduct without a Budget has a Product; retourcode 0001."""
    for product in _producten(bericht):
        if not product.has("Budget") and not product.has("Product"):
            yield violation(
                "CD079",
                product.element,
                f"ToegewezenProduct {product.nummer} has neither a Product nor a Budget",
            )


@rule("CD075", "JW301")
def cd075_einddatum_required_with_budget(bericht: Bericht) -> Iterator[Issue]:
    """A ToegewezenProduct with a Budget has an Einddatum; retourcode 0001."""
    for product in _producten(bericht):
        if product.has("Budget") and text(product.get("Einddatum")) is None:
            yield violation(
                "CD075",
                product.element,
                f"ToegewezenProduct {product.nummer} has a Budget but no Einddatum",
            )


@rule("CD076", "JW301")
def cd076_einddatum_required_per_week(bericht: Bericht) -> Iterator[Issue]:
    """A ToegewezenProduct with Frequentie 2 (per week) has an Einddatum; retourcode 0001."""
    for product in _producten(bericht):
        if product.omvang is None or text(product.omvang.get("Frequentie")) != "2":
            continue
        if text(product.get("Einddatum")) is None:
            yield violation(
                "CD076",
                product.element,
                f"ToegewezenProduct {product.nummer} has Frequentie 2 (per week) but no Einddatum",
            )


@rule("CS338", "JW301")
def cs338_no_per_dag_for_etmaal_dagdeel_euro_stuks(bericht: Bericht) -> Iterator[Issue]:
    """Eenheid 14/16/83/84 needs Frequentie 2/4/6 (Einddatum open or >2020); retourcode 0001."""
    for product in _producten(bericht):
        omvang = product.omvang
        if omvang is None or not product.na_2020_of_open:
            continue
        eenheid = text(omvang.get("Eenheid"))
        frequentie = text(omvang.get("Frequentie"))
        if eenheid in _EENHEDEN_ZONDER_PER_DAG and frequentie not in _FREQUENTIES_ZONDER_PER_DAG:
            yield violation(
                "CS338",
                product.element,
                f"Eenheid {eenheid} needs Frequentie 2, 4 or 6, not {frequentie}",
                child="Omvang/Frequentie",
            )


@rule("CS335", "JW301")
def cs335_verwijderd_needs_equal_dates(bericht: Bericht) -> Iterator[Issue]:
    """RedenWijziging 13 (verwijderd) only with Einddatum = Ingangsdatum; retourcode 0001."""
    for product in _producten(bericht):
        if product.reden != "13":
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
        if product.reden == "01":
            yield violation(
                "CS336",
                product.element,
                f"RedenWijziging 01 is withdrawn; use 14 (ToewijzingNummer {product.nummer})",
                child="RedenWijziging",
            )


@rule("TR134", "JW301")
def tr134_toewijzingsdatum_not_after_dagtekening(bericht: Bericht) -> Iterator[Issue]:
    """Toewijzingsdatum is not after the message's Dagtekening; retourcode 0001."""
    dagtekening = bericht.header.dagtekening
    for product in _producten(bericht):
        toewijzingsdatum = datum(product.get("Toewijzingsdatum"))
        if toewijzingsdatum is not None and toewijzingsdatum > dagtekening:
            yield violation(
                "TR134",
                product.element,
                f"Toewijzingsdatum {toewijzingsdatum} is after the Dagtekening {dagtekening}",
                child="Toewijzingsdatum",
            )


# --- uniqueness and overlap ------------------------------------------------------------------


def _duplicates(
    elements: Iterable[Element], key: Callable[[Element], Hashable], what: str
) -> Iterator[Issue]:
    """TR101 for one class: each element whose key an earlier sibling already had."""
    seen: set[Hashable] = set()
    for element in elements:
        value = key(element)
        if value in seen:
            yield violation("TR101", element, f"{what} occurs more than once in the message")
        seen.add(value)


def _key_of(name: str, convert: Callable[[Element | None], Hashable]) -> Callable:
    return lambda element: convert(fields(element).get(name))


@rule("TR101", "JW301")
def tr101_no_duplicate_keys(bericht: Bericht) -> Iterator[Issue]:
    """No two Clients, Contacts, Relaties or ToegewezenProducten share a key; retourcode 0001."""
    yield from _duplicates(
        kids(bericht.root, "Client"), _key_of("Bsn", text), "Client with this Bsn"
    )
    read = _client(bericht)
    if read is None:
        return
    client = read[1]
    yield from _duplicates(
        elements(client.get("Contactgegevens")),
        _key_of("Soort", text),
        "Contact with this Soort",
    )
    yield from _duplicates(
        elements(client.get("Relaties")), _key_of("Nummer", text), "Relatie with this Nummer"
    )
    # ToewijzingNummer is an integer: 0300201 and 300201 are the same key (§10).
    yield from _duplicates(
        elements(client.get("ToegewezenProducten")),
        _key_of("ToewijzingNummer", number),
        "ToegewezenProduct with this ToewijzingNummer",
    )


def _soort(product: _Toegewezen) -> Soort:
    """TR302's "same product": no Product clashes with all; else same Categorie and Code."""
    return None if product.categorie is None else (product.categorie, product.code)


def _periode(product: _Toegewezen) -> Periode:
    """[Ingangsdatum, Einddatum], inclusive and open-ended; none without an Ingangsdatum."""
    begin = product.ingangsdatum
    return None if begin is None else (begin, product.einddatum)


def _verwijderd(product: _Toegewezen) -> bool:
    """Deleted (§6.1): RedenWijziging 13 (or the withdrawn 01) with Einddatum = Ingangsdatum."""
    einde = product.einddatum
    return product.reden in _VERWIJDERD and einde is not None and einde == product.ingangsdatum


@rule("TR302", "JW301")
def tr302_no_overlapping_same_product(bericht: Bericht) -> Iterator[Issue]:
    """Same-product periods do not overlap in the message (deleted aside); retourcode 0001."""
    producten = [p for p in _producten(bericht) if not _verwijderd(p)]
    for earlier, product in overlapping_pairs(producten, _soort, _periode):
        yield violation(
            "TR302",
            product.element,
            f"ToegewezenProduct {product.nummer} overlaps ToegewezenProduct "
            f"{earlier.nummer} for the same product",
        )


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
    tr101_no_duplicate_keys,
    tr302_no_overlapping_same_product,
)
