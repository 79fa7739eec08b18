"""Messages with one class repeated many times: the worst case for checks that compare siblings.

`repeated(base, name, count)` copies the first element with local name `name` until its parent
holds `count` of them, all identical, so every pair shares its key and its period: each copy
breaks the duplicate-key and overlap rules against every earlier one. The result stays
schema-valid (every repeated class here is `maxOccurs="unbounded"`). `distinct=True` numbers
the copies' keys and gives each copy one day of its own (every date in it), so no two share a
key or overlap: the worst case for a rule that compares every pair and finds nothing. The days
run back from the first copy's when its dates are on or before the header's Dagtekening (a
start or stop reports the past), forward otherwise (a request asks for the future), so no copy
crosses the Dagtekening and breaks a rule the first one keeps.
"""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta
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

_KEYS = frozenset(
    {"ReferentieAanbieder", "ToewijzingNummer", "PrestatieIdentificatie", "ReferentieNummer"}
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    richting = _richting(root, first)
    if distinct:
        _renumber(first, 1, richting)
    anchor = first
    for number in range(2, count + 1):
        twin = copy.deepcopy(first)
        if distinct:
            _renumber(twin, number, richting)
        anchor.addnext(twin)
        anchor = twin
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def message(message_type: str, count: int, *, distinct: bool = False) -> bytes:
    """A message of `message_type` with its repeated class `count` times."""
    return repeated(base(message_type), REPEATED[message_type][1], count, distinct=distinct)


def _dates(element: etree._Element) -> list[etree._Element]:
    return [
        leaf
        for leaf in element.iter()
        if isinstance(leaf.tag, str) and leaf.text and _DATE.fullmatch(leaf.text.strip())
    ]


def _richting(root: etree._Element, first: etree._Element) -> int:
    """-1 when every date of `first` is on or before the message's Dagtekening, else 1."""
    dagtekening = next(
        e for e in root.iter() if isinstance(e.tag, str) and local(e) == "Dagtekening"
    )
    grens = (dagtekening.text or "").strip()
    return -1 if all(leaf.text.strip() <= grens for leaf in _dates(first)) else 1


def _renumber(element: etree._Element, number: int, richting: int) -> None:
    """Give copy `number` keys of its own and one day of its own: every date the copy's first
    date moved `number - 1` days (back when `richting` is -1), so its periods are that single
    day (never reversed)."""
    for leaf in element.iter():
        if isinstance(leaf.tag, str) and local(leaf) in _KEYS and leaf.text:
            text = leaf.text.strip()
            leaf.text = str(number) if text.isdigit() else f"{text[:8]}-{number}"
    dates = _dates(element)
    if dates:
        day = min(date.fromisoformat(leaf.text.strip()) for leaf in dates)
        for leaf in dates:
            leaf.text = (day + timedelta(days=richting * (number - 1))).isoformat()
