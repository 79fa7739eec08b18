"""Values as rules.xsl compares them: XPath 1.0 numbers of an element's lexical text.

The official rules compare dates as `number(translate(text(), '-', ''))` and read the
upper bound of `checkafter` through `substring(text(), 1, 10)`. The schema collapses
whitespace and allows zones, long and negative years, so their verdicts on such values follow
from these readings, not from the date: a padded Dagtekening is cut short and a zone makes a
date no number at all (which compares false).
"""

from __future__ import annotations

import re

from app.ijw.tree import Element
from app.ijw.views import Header, dagtekening_of

_XML_SPACE = " \t\r\n"
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def getal(tekst: str | None) -> float | None:
    """XPath 1.0 `number()` of a string; None where XPath gives NaN."""
    if tekst is None:
        return None
    stripped = tekst.strip(_XML_SPACE)
    # Plain ASCII digits (every date once its dashes are gone) need no pattern.
    if stripped.isdigit() and stripped.isascii():
        return float(stripped)
    return float(stripped) if _NUMBER.fullmatch(stripped) else None


def datumgetal(element: Element | None, eerste_tien: bool = False) -> float | None:
    """`number(translate(text(), "-", ""))` of a date element (its first ten characters if so)."""
    if element is None:
        return None
    return tekstgetal(element.text, eerste_tien)


def tekstgetal(tekst: str | None, eerste_tien: bool = False) -> float | None:
    """`datumgetal` of a date element's text as read (None for an element without text)."""
    if tekst is None:
        return None
    cijfers = (tekst[:10] if eerste_tien else tekst).replace("-", "")
    # Plain ASCII digits (every date as written) are their own number: `getal` without a call.
    if cijfers.isdigit() and cijfers.isascii():
        return float(cijfers)
    return getal(cijfers)


_LAATSTE_DAGTEKENING: tuple[str | None, float | None] = (None, None)
"""The last Dagtekening text read and its number: each message's rules read it several times.

One entry, replaced as a whole (so a thread reads a matching pair): it never fills up.
"""


def dagtekeninggetal(header: Header) -> float | None:
    """The header's Dagtekening as checkafter reads an upper bound: of its first ten characters."""
    global _LAATSTE_DAGTEKENING
    tekst = header.dagtekening_ruw
    if tekst is None:  # a header not read from a tree
        return datumgetal(dagtekening_of(header), eerste_tien=True)
    laatste = _LAATSTE_DAGTEKENING
    if laatste[0] == tekst:
        return laatste[1]
    found = tekstgetal(tekst, eerste_tien=True)
    _LAATSTE_DAGTEKENING = (tekst, found)
    return found


def groter(links: float | None, rechts: float | None) -> bool:
    """XPath `>` of two numbers: false when either is NaN."""
    return links is not None and rechts is not None and links > rechts


def na(datum: Element | None, grens: Element | None) -> bool:
    """rules.xsl's `checkafter` finding: `datum` lies after `grens` (or either is missing).

    `grens` is read through its first ten characters, as the stylesheet does.
    """
    if datum is None or grens is None:
        return True
    return groter(datumgetal(datum), datumgetal(grens, eerste_tien=True))


def gevuld(element: Element | None) -> bool:
    """rules.xsl's `*` test: the element is present and holds more than whitespace."""
    return element is not None and bool((element.text or "").strip(_XML_SPACE))


def waarde(element: Element | None) -> str:
    """`normalize-space(text())` of an element, as rules.xsl compares codes; "" when absent."""
    if element is None:
        return ""
    tekst = element.text  # lxml makes a new string on each read: read once
    if tekst is None:
        return ""
    if tekst.isalnum():  # a code as written: no white space to normalise
        return tekst
    return " ".join(part for part in re.split(r"[ \t\r\n]+", tekst) if part)
