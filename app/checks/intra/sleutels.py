"""TR101 (no repeated key in a message), written once for every message type it applies to.

rules.xsl keys a class by some of its children and compares each element of that class with
its siblings only (the Prestaties of one Client, say). Of a group that shares a key it makes
one finding, at the last of the group, naming every member as a Locatie; we report that
finding once per member. A key element that is absent is part of the key as "absent".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from lxml import etree

from app.checks.bericht import Bericht
from app.checks.issue import Issue, violations
from app.checks.rule import Rule
from app.ijw.tree import Element, path

_GEEN_SLEUTEL = object()
"""A key element present without a value: rules.xsl matches such an element with no sibling."""


@dataclass(frozen=True, slots=True)
class Sleutel:
    """The logical key of one class: the children (paths of local names) that identify it."""

    klasse: str
    velden: tuple[str, ...]
    omschrijving: str
    """The key in words, for the message: e.g. `ToewijzingNummer, Product and Begindatum`."""

    def van(self, element: Element) -> Hashable:
        """The key of one element, or `_GEEN_SLEUTEL` when a key element has no value."""
        waarden: list[Hashable] = []
        for veld in self.velden:
            found = path(element, *veld.split("/"))
            if found is None:
                waarden.append(None)
            elif not found.text:
                return _GEEN_SLEUTEL
            else:
                waarden.append(_waarde(veld, found.text))
        return tuple(waarden)


def _waarde(veld: str, text: str) -> Hashable:
    # ToewijzingNummer is an integer: 0300201 and 300201 are one number (ijw-domain.md §10),
    # where rules.xsl compares the text. Every other key compares as text, as there.
    if veld == "ToewijzingNummer":
        try:
            return int(text)
        except ValueError:
            return text
    return text


_CLIENT = Sleutel("Client", ("Bsn",), "Bsn")
_PRESTATIE = Sleutel(
    "Prestatie",
    ("ProductReferentie/ReferentieNummer", "ProductReferentie/VorigReferentieNummer"),
    "ReferentieNummer and VorigReferentieNummer",
)

SLEUTELS: Mapping[str, tuple[Sleutel, ...]] = {
    "JW301": (
        _CLIENT,
        Sleutel("Contact", ("Soort",), "Soort"),
        Sleutel("Relatie", ("Nummer",), "Nummer"),
        Sleutel("ToegewezenProduct", ("ToewijzingNummer",), "ToewijzingNummer"),
    ),
    "JW305": (
        _CLIENT,
        Sleutel(
            "StartProduct",
            ("ToewijzingNummer", "Product/Categorie", "Product/Code", "Begindatum"),
            "ToewijzingNummer, Product and Begindatum",
        ),
    ),
    "JW307": (
        _CLIENT,
        Sleutel(
            "StopProduct",
            (
                "ToewijzingNummer",
                "Product/Categorie",
                "Product/Code",
                "Begindatum",
                "RedenBeeindiging",
                "Einddatum",
            ),
            "ToewijzingNummer, Product, Begindatum, RedenBeeindiging and Einddatum",
        ),
    ),
    "JW315": (
        _CLIENT,
        Sleutel("AangevraagdProduct", ("ReferentieAanbieder",), "ReferentieAanbieder"),
    ),
    "JW317": (
        _CLIENT,
        Sleutel("Verzoek", ("ReferentieAanbieder",), "ReferentieAanbieder"),
        Sleutel("OngewijzigdProduct", ("ToewijzingNummer",), "ToewijzingNummer"),
        Sleutel("TeWijzigenProduct", ("ToewijzingNummer",), "ToewijzingNummer"),
        Sleutel(
            "NieuwProduct",
            ("Product/Categorie", "Product/Code", "GewensteIngangsdatum"),
            "Product and GewensteIngangsdatum",
        ),
    ),
    "JW319": (
        Sleutel(
            "Antwoord",
            ("ReferentieAanbieder", "VerzoekAntwoord"),
            "ReferentieAanbieder and VerzoekAntwoord",
        ),
        Sleutel("Woonplaatsbeginsel", ("Gemeente",), "Gemeente"),
    ),
    "JW323": (
        _CLIENT,
        Sleutel("Declaratie", ("DeclaratieNummer",), "DeclaratieNummer"),
        _PRESTATIE,
    ),
    "JW325": (
        _CLIENT,
        Sleutel("DeclaratieAntwoord", ("DeclaratieNummer",), "DeclaratieNummer"),
        _PRESTATIE,
    ),
}
"""Per message type, the classes rules.xsl keys for TR101 and their keys."""


Gesleuteld = tuple[Element, Sleutel, Hashable]
"""A keyed element, its class's key and its group: siblings of one class with one key."""

LEZERS: dict[str, Callable[[Bericht], Iterable[Gesleuteld]]] = {}
"""Per message type, a reader of its keyed elements from what its other rules read anyway;
every keyed element with a key, in document order, exactly as `gesleuteld_in_boom` finds them."""


def gesleuteld_in_boom(bericht: Bericht) -> Iterator[Gesleuteld]:
    """Every keyed element with a key, in document order, found in the tree."""
    root = bericht.root
    namespace = etree.QName(root).namespace
    sleutels = {f"{{{namespace}}}{s.klasse}": s for s in SLEUTELS[bericht.type.name]}
    for element in root.iter(*sleutels):
        sleutel = sleutels[element.tag]
        key = sleutel.van(element)
        if key is not _GEEN_SLEUTEL:
            yield element, sleutel, (element.getparent(), element.tag, key)


def tr101_no_duplicate_keys(bericht: Bericht) -> Iterator[Issue]:
    """TR101: no two sibling elements of a keyed class share their key; retourcode 0001."""
    lezer = LEZERS.get(bericht.type.name, gesleuteld_in_boom)
    # Every keyed element in document order, with its group.
    gelezen = list(lezer(bericht))
    groepen: dict[Hashable, list[Element]] = {}
    for element, _sleutel, groep in gelezen:
        groepen.setdefault(groep, []).append(element)
    for element, sleutel, groep in gelezen:
        leden = groepen[groep]
        if len(leden) > 1 and element is leden[-1]:
            yield from violations(
                "TR101",
                leden,
                f"{sleutel.klasse} with this {sleutel.omschrijving} occurs more than once",
            )


TR101: Mapping[str, Rule] = {
    message_type: Rule("TR101", frozenset({message_type}), tr101_no_duplicate_keys)
    for message_type in SLEUTELS
}
"""The one TR101 check, registered per message type where that type's rules list it."""
