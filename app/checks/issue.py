"""A rule violation found in a message: frozen data, never an exception."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from app.ijw.tree import location

RETOURCODE_TECHNISCH = "0001"
"""The retourcode for every intra-message (XSLT level) violation."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One violated rule: official code, retourcode, XPath location and a readable message."""

    code: str
    retourcode: str
    location: str
    message: str


def violation(code: str, element: etree._Element, message: str, child: str | None = None) -> Issue:
    """An intra-message violation at `element` (or its child named `child`), retourcode 0001."""
    where = location(element)
    if child is not None:
        where = f"{where}/{child}"
    return Issue(code, RETOURCODE_TECHNISCH, where, message)
