"""Messages with one class repeated many times: the worst case for checks that compare siblings.

`repeated(base, name, count)` copies the first element with local name `name` until its parent
holds `count` of them, all identical, so every pair shares its key and its period: each copy
breaks the duplicate-key and overlap rules against every earlier one. The result stays
schema-valid (every repeated class here is `maxOccurs="unbounded"`). `distinct=True` numbers
the copies' keys instead, for a message that judges clean at scale.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from app.ijw.tree import kids, local

MESSAGES = Path(__file__).resolve().parents[1] / "checks" / "messages"
"""Our own schema-valid base messages (test BSNs only)."""

REPEATED = {
    "JW315": ("verzoek_jw315", "AangevraagdProduct"),
    "JW317": ("verzoek_jw317", "NieuwProduct"),
    "JW305": ("regie_jw305", "StartProduct"),
    "JW307": ("regie_jw307", "StopProduct"),
    "JW323": ("jw323_base", "Prestatie"),
    "JW301": ("jw301_base", "ToegewezenProduct"),
}
"""Per message type: its base message and the class repeated in it."""

_KEYS = frozenset({"ReferentieAanbieder", "ToewijzingNummer", "PrestatieIdentificatie"})


def base(message_type: str) -> bytes:
    """The base message of a type named in `REPEATED`."""
    return (MESSAGES / f"{REPEATED[message_type][0]}.xml").read_bytes()


def repeated(data: bytes, name: str, count: int, *, distinct: bool = False) -> bytes:
    """The message with its first `name` element copied until its parent holds `count`."""
    root = etree.fromstring(data)
    first = next(e for e in root.iter() if isinstance(e.tag, str) and local(e) == name)
    parent = first.getparent()
    for extra in kids(parent, name)[1:]:
        parent.remove(extra)
    anchor = first
    for number in range(2, count + 1):
        twin = copy.deepcopy(first)
        if distinct:
            _renumber(twin, number)
        anchor.addnext(twin)
        anchor = twin
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def message(message_type: str, count: int, *, distinct: bool = False) -> bytes:
    """A message of `message_type` with its repeated class `count` times."""
    return repeated(base(message_type), REPEATED[message_type][1], count, distinct=distinct)


def _renumber(element: etree._Element, number: int) -> None:
    for leaf in element.iter():
        if isinstance(leaf.tag, str) and local(leaf) in _KEYS and leaf.text:
            text = leaf.text.strip()
            leaf.text = str(number) if text.isdigit() else f"{text[:8]}-{number}"
