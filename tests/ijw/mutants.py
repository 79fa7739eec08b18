"""Deterministic mutants of iJw 3.2 sample messages, for the schema conformance test.

`mutants(sample)` parses one sample message and yields `(mutant_id, xml_bytes)` pairs. Each
mutant is the sample's lxml tree with exactly one change, serialized again, so it is always
well-formed XML whose root keeps the sample's namespace and so its message type. There is no
randomness: the changes are enumerated over the tree in document order, and a mutant whose
bytes equal the message or an earlier mutant is left out.

Kinds of change (the second part of an id):

- `delete`, `duplicate` (a copy right after the element) and `swap-next` (with the next
  sibling, when that has another name): every element under the root.
- `basis-ns` / `message-ns`: the element moved to the other iJw namespace; once per path.
- `value=LABEL`: a leaf's text replaced. Each leaf gets the core cases of its kind (empty and
  padded text; out-of-range codes; ±1 day and ±1 year for dates; one digit more or less and a
  non-digit for codes; 0, -1 and just past likely maxima for numbers; lowercase; lengths at and
  one over a likely maximum). The first leaf of each kind in a message gets the extended cases
  too (impossible dates such as 2026-02-30, the leap day 2024-02-29, dates and times with a
  zone, odd formats and years, non-ASCII digits, signs, malformed versions ...); each later
  leaf of that kind gets one extended case, a different one each time. A leaf repeating an
  earlier path with other indices (a second product, say) gets a fifth of its cases.
- `value=code-NN`: every value of a 1- or 2-digit code's width, on the first leaf of each
  `Parent/Name` (so `Relatie/Soort` and `Contact/Soort` both). Pass one `swept` set to several
  calls to sweep each `Parent/Name` in one message only.

`repeats(sample, times)` is a second family, for the work the rules do rather than the schema
verdict: `TYPE/repeat×N/PATH` has the element at PATH copied until N identical copies stand in
a row (every copy then repeats the key of, and overlaps, every earlier one).

An invalid sample (the README lists JW315's `2027-06-31` and JW318's stray `RetourCode`)
yields a `repair` mutant, with the defect undone, and the mutants of that repaired message
(ids `JW315+repaired/...`); mutants of a message that is invalid already would prove little.

Ids read `TYPE/KIND/PATH`, e.g. `JW315+repaired/delete/Client/AangevraagdeProducten/
AangevraagdProduct[2]/Verwijzer` or `JW323/value=100000000/Declaratie/Clienten/Client[1]/
Prestaties/Prestatie[1]/GeleverdVolume`: the path names the element in the unchanged message
by local names, with a 1-based `[n]` where siblings share its name.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from app.ijw.catalogue import BY_NAMESPACE, MESSAGE_TYPES, NS_BASIS, MessageType

Mutant = tuple[str, bytes]
Case = tuple[str, str]
"""A leaf text edit: (label, new text)."""

_PARSER = etree.XMLParser(no_network=True, resolve_entities=False)
_SPREAD = 5
"""A leaf repeating an earlier path gets every fifth of its cases."""

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIME = re.compile(r"\d{2}:\d{2}:\d{2}")
_VERSION = re.compile(r"\d+\.\d+\.\d+")
_INDEX = re.compile(r"\[\d+\]")

_INTEGER_NAMES = frozenset(
    {
        "Bedrag",
        "BeschikkingNummer",
        "Budget",
        "GeleverdVolume",
        "Huisnummer",
        "Nummer",
        "ProductTarief",
        "TotaalBedrag",
        "ToewijzingNummer",
        "Volgorde",
        "Volume",
    }
)
"""Leaves holding a number rather than a code: no leading-zero or width semantics."""

_INTEGER_EDGES = ("0", "-1", "99999", "100000", "99999999", "100000000")
_INTEGER_EXTENDED = ("1.0", "999999999", "1000000000", "999999999999", "1000000000000")

_LIKELY_MAX_LENGTH: dict[str, tuple[int, ...]] = {
    "AanduidingWoonadres": (2,),
    "Achternaam": (200,),
    "Afzender": (8,),
    "BerichtCode": (3,),
    "Bsn": (9,),
    "Code": (5,),
    "Commentaar": (200, 4000),
    "DeclaratieNummer": (12,),
    "Emailadres": (80,),
    "Huisletter": (1,),
    "HuisnummerToevoeging": (4,),
    "Identificatie": (12,),
    "IdentificatieRetour": (12,),
    "LandCode": (2,),
    "Landnummer": (4,),
    "Naam": (64,),
    "Ontvanger": (4,),
    "Organisatie": (35,),
    "Plaatsnaam": (80,),
    "Postcode": (6, 8),
    "ProductCode": (5,),
    "ReferentieAanbieder": (36,),
    "ReferentieNummer": (20,),
    "RetourCode": (4,),
    "Straatnaam": (24,),
    "Taal": (25,),
    "Telefoonnummer": (15,),
    "VorigReferentieNummer": (20,),
    "Voorletters": (6,),
    "Voornamen": (200,),
    "Voorvoegsel": (10,),
    "ZorgverlenerCode": (8,),
}
"""Likely maximum lengths of leaves: a mutant at each length and one one longer."""

_OUT_OF_RANGE: dict[str, tuple[str, ...]] = {
    "BerichtSubversie": ("1", "3", "02", "20"),
    "BerichtVersie": ("4", "2", "03", "30"),
    "Categorie": ("39", "00", "99", "5", "055"),
    "DebetCredit": ("X", "DC", "d", "c"),
    "Eenheid": ("02", "2", "00", "99", "004"),
    "Frequentie": ("3", "0", "9", "04"),
    "Geslacht": ("3", "00", "01"),
    "LandCode": ("XX", "NLD", "nl"),
    "ProductCategorie": ("39", "00", "99", "5", "045"),
    "RedenBeeindiging": ("19", "00", "99", "1"),
    "RetourCode": ("0000", "9999", "200", "02000"),
    "StatusAanlevering": ("2", "9", "4", "0", "01"),
}
"""Codes just outside (some just inside) each code list, on top of the generic digit cases."""

_IMPOSSIBLE_DATES = ("2026-02-30", "2025-02-29", "2027-06-31", "2026-13-01", "2026-00-10")
_ODD_DATES = (
    "2024-02-29",
    "2000-02-29",
    "1900-02-29",
    "0001-01-01",
    "9999-12-31",
    "0000-01-01",
    "-2026-04-01",
    "12026-04-01",
    "2026-4-1",
    "20260401",
    "01-04-2026",
)
_ZONES = ("Z", "+01:00", "-05:00", "+14:00")
_TIMES = (
    "00:00:00",
    "23:59:59",
    "24:00:00",
    "25:00:00",
    "12:60:00",
    "12:34:60",
    "12:34",
    "1:02:03",
    "12:34:56.789",
    "123456",
)
_VERSIONS_CORE = ("1.0", "01.0.0")
_VERSIONS_EXTENDED = ("0.0.0", "10.20.30", "1.0.0.0", "1.a.0", "v1.0.0", "1..0")


def parse(data: bytes) -> etree._Element:
    """Parse a message without network access or entity expansion."""
    return etree.fromstring(data, _PARSER)


def message_type_of(root: etree._Element) -> MessageType:
    """The message type a root element's namespace names."""
    return BY_NAMESPACE[etree.QName(root).namespace]


def mutants(sample: bytes, swept: set[str] | None = None) -> Iterator[Mutant]:
    """Yield `(mutant_id, xml_bytes)` for every mutant of one sample message.

    `swept` holds the `Parent/Name` code leaves already swept through every value of their
    width; those swept here are added to it.
    """
    root = parse(sample)
    name = message_type_of(root).name
    swept = set() if swept is None else swept
    seen = {_serialize(root)}
    fixed = repaired(root)
    if fixed is None:
        yield from _unique(_mutants_of(name, root, swept), seen)
    else:
        yield from _unique([(f"{name}/repair", lambda: fixed)], seen)
        yield from _unique(_mutants_of(f"{name}+repaired", fixed, swept), seen)


def repeats(sample: bytes, times: int) -> Iterator[Mutant]:
    """Yield `(TYPE/repeat×N/PATH, xml_bytes)`: each element under the root, `times` in a row.

    Elements are taken once per generic path (the first product, not every one); a sample
    with defects the README lists is repaired first.
    """
    root = parse(sample)
    fixed = repaired(root)
    root = root if fixed is None else fixed
    name = message_type_of(root).name
    seen: set[str] = set()
    for index, element in enumerate(root.iter(etree.Element)):
        path = _path(element)
        generic = _INDEX.sub("", path)
        if index == 0 or generic in seen:
            continue
        seen.add(generic)
        tree = copy.deepcopy(root)
        original = list(tree.iter(etree.Element))[index]
        for _ in range(times - 1):
            original.addnext(copy.deepcopy(original))
        yield f"{name}/repeat×{times}/{path}", _serialize(tree)


def repaired(root: etree._Element) -> etree._Element | None:
    """A copy with the sample defects the README lists undone, or None if there are none.

    An impossible date becomes the last day of its month; a `RetourCode` outside a
    `RetourCodes` list is dropped.
    """
    fixed = copy.deepcopy(root)
    changed = False
    for element in list(fixed.iter(etree.Element)):
        text = element.text or ""
        match = _DATE.fullmatch(text)
        if len(element) == 0 and match and _to_date(text) is None:
            year, month, _ = (int(part) for part in match.groups())
            if 1 <= month <= 12:
                element.text = _last_day(year, month).isoformat()
                changed = True
        parent = element.getparent()
        if (
            etree.QName(element).localname == "RetourCode"
            and parent is not None
            and etree.QName(parent).localname != "RetourCodes"
        ):
            parent.remove(element)
            changed = True
    return fixed if changed else None


def _unique(
    candidates: Iterable[tuple[str, Callable[[], etree._Element]]], seen: set[bytes]
) -> Iterator[Mutant]:
    for mutant_id, build in candidates:
        data = _serialize(build())
        if data not in seen:
            seen.add(data)
            yield mutant_id, data


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _mutants_of(
    prefix: str, root: etree._Element, swept: set[str]
) -> Iterator[tuple[str, Callable[[], etree._Element]]]:
    """Yield `(mutant_id, build)`, where `build()` returns a changed copy of `root`."""
    elements = list(root.iter(etree.Element))
    message_ns = etree.QName(root).namespace
    per_path: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()

    def change(index: int, edit: Callable[[etree._Element], None]):
        def build() -> etree._Element:
            tree = copy.deepcopy(root)
            edit(list(tree.iter(etree.Element))[index])
            return tree

        return build

    for index, element in enumerate(elements):
        if index == 0:
            continue
        path = _path(element)
        generic = _INDEX.sub("", path)
        per_path[generic] += 1
        repeat = per_path[generic] - 1
        yield f"{prefix}/delete/{path}", change(index, _delete)
        yield f"{prefix}/duplicate/{path}", change(index, _duplicate)
        if _next_element(element) is not None and _next_element(element).tag != element.tag:
            yield f"{prefix}/swap-next/{path}", change(index, _swap_next)
        qname = etree.QName(element)
        if not repeat:
            other = NS_BASIS if qname.namespace == message_ns else message_ns
            kind = "basis-ns" if other == NS_BASIS else "message-ns"
            rename = _renamer(f"{{{other}}}{qname.localname}")
            yield f"{prefix}/{kind}/{path}", change(index, rename)
        if len(element) != 0:
            continue
        text = element.text or ""
        kind = _kind_of(qname.localname, text)
        per_kind[kind] += 1
        core, extended = _cases(qname.localname, text, kind)
        cases = list(core)
        if per_kind[kind] == 1:
            cases += extended
        elif extended:
            cases.append(extended[(per_kind[kind] - 2) % len(extended)])
        if repeat:
            cases = cases[repeat % _SPREAD :: _SPREAD]
        sweep_key = f"{etree.QName(element.getparent()).localname}/{qname.localname}"
        if kind == "code" and len(text) <= 2 and sweep_key not in swept:
            swept.add(sweep_key)
            cases += [(f"code-{code}", code) for code in _all_codes(len(text))]
        for label, value in cases:
            yield f"{prefix}/value={label}/{path}", change(index, _setter(value))


def _path(element: etree._Element) -> str:
    steps = []
    parent = element.getparent()
    while parent is not None:
        step = etree.QName(element).localname
        same = [sibling for sibling in parent if sibling.tag == element.tag]
        if len(same) > 1:
            step += f"[{same.index(element) + 1}]"
        steps.append(step)
        element, parent = parent, parent.getparent()
    return "/".join(reversed(steps))


def _next_element(element: etree._Element) -> etree._Element | None:
    following = element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following


def _delete(element: etree._Element) -> None:
    element.getparent().remove(element)


def _duplicate(element: etree._Element) -> None:
    element.addnext(copy.deepcopy(element))


def _swap_next(element: etree._Element) -> None:
    following = _next_element(element)
    element.tail, following.tail = following.tail, element.tail
    following.addnext(element)


def _renamer(tag: str) -> Callable[[etree._Element], None]:
    def rename(element: etree._Element) -> None:
        element.tag = tag

    return rename


def _setter(value: str) -> Callable[[etree._Element], None]:
    def set_text(element: etree._Element) -> None:
        element.text = value

    return set_text


def _kind_of(name: str, text: str) -> str:
    if _DATE.fullmatch(text):
        return "date"
    if _TIME.fullmatch(text):
        return "time"
    if _VERSION.fullmatch(text):
        return "version"
    if text.isascii() and text.isdigit():
        return "integer" if name in _INTEGER_NAMES else "code"
    return "text"


def _cases(name: str, text: str, kind: str) -> tuple[list[Case], list[Case]]:
    """The core and the extended text edits of a leaf."""
    core: list[Case] = [("empty", ""), ("padded", f" {text} ")]
    extended: list[Case] = [("blank", " "), ("tab-newline", f"\t{text}\n")]
    core += [(value, value) for value in _OUT_OF_RANGE.get(name, ())]
    if name == "BerichtCode":
        core += [(other.berichtcode, other.berichtcode) for other in MESSAGE_TYPES]
    if kind == "date":
        core += _shifted_dates(text)
        extended += [(value, value) for value in _IMPOSSIBLE_DATES + _ODD_DATES]
        extended += [(text + suffix, text + suffix) for suffix in (*_ZONES, "T00:00:00")]
    elif kind == "time":
        core += [(text + zone, text + zone) for zone in _ZONES]
        extended += [(value, value) for value in _TIMES]
    elif kind == "version":
        core += [(value, value) for value in _VERSIONS_CORE]
        extended += [(value, value) for value in _VERSIONS_EXTENDED]
    elif kind in ("code", "integer"):
        core += [("one-digit-more", text + text[-1]), ("non-digit", text[:-1] + "A")]
        if len(text) > 1:
            core.append(("one-digit-less", text[1:]))
        extended += [
            ("leading-zero", "0" + text),
            ("non-ascii-digit", "\u0663" + text[1:]),
            ("negative", "-" + text),
            ("plus-sign", "+" + text),
            ("zeros", "0" * len(text)),
        ]
        if kind == "integer":
            core += [(value, value) for value in _INTEGER_EDGES]
            extended += [(value, value) for value in _INTEGER_EXTENDED]
    if text != text.lower():
        core.append(("lowercase", text.lower()))
    filler = "9" if text.isdigit() else "x"
    for limit in _LIKELY_MAX_LENGTH.get(name, ()):
        for length in (limit, limit + 1):
            if length > len(text):
                core.append((f"length{length}", (text + filler * length)[:length]))
    return core, extended


def _shifted_dates(text: str) -> list[Case]:
    day = _to_date(text)
    if day is None:
        return []
    shifted = [
        ("plus-1-day", day + dt.timedelta(days=1)),
        ("minus-1-day", day - dt.timedelta(days=1)),
        ("plus-1-year", _add_years(day, 1)),
        ("minus-1-year", _add_years(day, -1)),
    ]
    return [(f"{label}:{new.isoformat()}", new.isoformat()) for label, new in shifted if new]


def _all_codes(width: int) -> list[str]:
    return [f"{number:0{width}d}" for number in range(10**width)]


def _to_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _add_years(day: dt.date, years: int) -> dt.date | None:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return None


def _last_day(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
