"""TR101 (no repeated key in a message), written once for every message type it applies to.

rules.xsl keys a class by some of its children and compares each element of that class with
its siblings only (the Prestaties of one Client, say). Of a group that shares a key it makes
one finding, at the last of the group, naming every member as a Locatie; we report that
finding once per member. A key element that is absent is part of the key as "absent".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter

from lxml import etree

from app.checks.bericht import Bericht
from app.checks.issue import Issue, violations
from app.checks.rule import Rule
from app.ijw.tree import Element, children_by_name

_GEEN_SLEUTEL = object()
"""A key element present without a value: rules.xsl matches such an element with no sibling."""


@dataclass(frozen=True, slots=True)
class Sleutel:
    """The logical key of one class: the children (paths of local names) that identify it."""

    klasse: str
    velden: tuple[str, ...]
    omschrijving: str
    """The key in words, for the message: e.g. `ToewijzingNummer, Product and Begindatum`."""
    plan: tuple[tuple[bool, str, str | None], ...] = field(init=False, repr=False, compare=False)
    """Each field's child name, the part for a field such as Product/Code, and whether it is
    the ToewijzingNummer (read as a number)."""

    def __post_init__(self) -> None:
        """Plan the reading of the key once, not per element."""
        object.__setattr__(self, "plan", _plan(self.velden))

    def van(self, kinderen: Mapping[str, Element]) -> Hashable:
        """The key of one element, given its children by name (the first of each, as `kid`).

        `_GEEN_SLEUTEL` when a key element has no value.
        """
        waarden: list[Hashable] = []
        binnen: dict[str, dict[str, Element]] | None = None
        for nummer, naam, deel in self.plan:
            found = kinderen.get(naam)
            if deel is not None and found is not None:
                # Product/Categorie and Product/Code: the Product's children read once.
                if binnen is None:
                    binnen = {}
                onder = binnen.get(naam)
                if onder is None:
                    onder = binnen[naam] = children_by_name(found)
                found = onder.get(deel)
            if found is None:
                waarden.append(None)
            elif not found.text:
                return _GEEN_SLEUTEL
            elif nummer:
                waarden.append(_nummer(found.text))
            else:
                waarden.append(found.text)
        return tuple(waarden)


def _plan(velden: tuple[str, ...]) -> tuple[tuple[bool, str, str | None], ...]:
    plan = []
    for veld in velden:
        naam, _, deel = veld.partition("/")
        if "/" in deel:
            raise ValueError(f"key field {veld} is deeper than a class and its child")
        plan.append((veld == "ToewijzingNummer", naam, deel or None))
    return tuple(plan)


def _nummer(text: str) -> Hashable:
    # ToewijzingNummer is an integer: 0300201 and 300201 are one number (ijw-domain.md §10),
    # where rules.xsl compares the text. Every other key compares as text, as there.
    try:
        return int(text)
    except ValueError:
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

EENMALIG: dict[str, Callable[[Bericht], bool]] = {}
"""Per message type, a test from its view that no two keyed elements share a group: when it
holds, TR101 reads no key at all. False when the view cannot tell."""


def _per_tag(message_type: str, root: Element) -> dict[str, Sleutel]:
    """The keyed classes of a message type by their qualified tag in this root's namespace."""
    ijk = (message_type, root.tag)
    found = _PER_TAG.get(ijk)
    if found is None:
        namespace = etree.QName(root).namespace
        found = {f"{{{namespace}}}{s.klasse}": s for s in SLEUTELS[message_type]}
        if len(_PER_TAG) < _MAX_PER_TAG:
            _PER_TAG[ijk] = found
    return found


_PER_TAG: dict[tuple[str, str], dict[str, Sleutel]] = {}
_MAX_PER_TAG = 256
"""Bound on the cache: a tree judged without its schema may have any root tag."""


def klasse_tags(message_type: str, root: Element) -> dict[str, str]:
    """The qualified tag of each keyed class of a message type, by class, in the root's namespace.

    Named as TR101 names them: a root without a namespace gives tags no element has.
    """
    ijk = (message_type, root.tag)
    found = _KLASSE_TAGS.get(ijk)
    if found is None:
        found = {sleutel.klasse: tag for tag, sleutel in _per_tag(message_type, root).items()}
        if len(_KLASSE_TAGS) < _MAX_PER_TAG:
            _KLASSE_TAGS[ijk] = found
    return found


_KLASSE_TAGS: dict[tuple[str, str], dict[str, str]] = {}


def gesleuteld_in_boom(bericht: Bericht) -> Iterator[Gesleuteld]:
    """Every keyed element with a key, in document order, found in the tree."""
    root = bericht.root
    sleutels = _per_tag(bericht.type.name, root)
    for element in root.iter(*sleutels):
        tag = element.tag
        sleutel = sleutels[tag]
        key = sleutel.van(bericht.kinderen(element))
        if key is not _GEEN_SLEUTEL:
            yield element, sleutel, (element.getparent(), tag, key)


def tr101_no_duplicate_keys(bericht: Bericht) -> Iterable[Issue]:
    """TR101: no two sibling elements of a keyed class share their key; retourcode 0001."""
    name = bericht.type.name
    eenmalig = EENMALIG.get(name)
    if eenmalig is not None and eenmalig(bericht):
        return ()
    lezer = LEZERS.get(name, gesleuteld_in_boom)
    # Every keyed element in document order, with its group.
    gelezen = list(lezer(bericht))
    # Usually every group is one element: a set of the groups says so without grouping them.
    if len(set(map(_GROEP, gelezen))) == len(gelezen):
        return ()
    return _dubbel(gelezen)


_GROEP = itemgetter(2)


def _dubbel(gelezen: list[Gesleuteld]) -> Iterator[Issue]:
    """One finding per group of several elements, at its last, naming every member."""
    groepen: dict[Hashable, list[Element]] = {}
    for element, _sleutel, groep in gelezen:
        leden = groepen.get(groep)
        if leden is None:
            groepen[groep] = [element]
        else:
            leden.append(element)
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
