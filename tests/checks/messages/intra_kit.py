"""Test kit for the intra-message rules: load a base message, mutate it, run the rules.

The base messages next to this file are our own schema-valid messages (test BSNs only). Rule
tests read them with `Bericht.read`, so they do not depend on XSD validation; one test per
message type checks that the base itself is schema-valid.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.issue import Issue
from app.ijw.catalogue import NS_BASIS
from app.ijw.parser import identify
from app.ijw.schemas import SchemaError, SchemaRegistry, default_registry
from app.ijw.tree import Element, kids

HERE = Path(__file__).parent
SHARED = HERE.parents[2].parent / "shared" / "ijw-3.2"
"""The shared reference folder at ../shared/ijw-3.2 from the project root; may be absent."""


def load(name: str) -> Element:
    """A fresh tree of one of our base messages, e.g. `verzoek_jw315`."""
    return etree.fromstring((HERE / f"{name}.xml").read_bytes())


def shared_sample(name: str) -> bytes:
    """Bytes of a shared reference sample, e.g. `JW317`; skips when ../shared is absent."""
    path = SHARED / "samples" / f"{name}.xml"
    if not path.is_file():
        pytest.skip(f"reference samples not available at {SHARED}")
    return path.read_bytes()


def registry() -> SchemaRegistry:
    """Our own schemas; the shared reference XSDs only while ours do not compile yet."""
    try:
        return default_registry()
    except (OSError, etree.LxmlError, KeyError, ValueError):
        shared = SHARED / "xsd"
        if not shared.is_dir():
            pytest.skip("no compilable iJw 3.2 schemas available")
        return SchemaRegistry(shared)


def schema_errors(root: Element) -> list[SchemaError]:
    """XSD violations of a (base) message."""
    return registry().errors(identify(root), root)


def bericht(root: Element) -> Bericht:
    """The message as the rules see it."""
    return Bericht.read(identify(root), root)


def run(root: Element) -> list[Issue]:
    """All intra-message issues of a (mutated) message."""
    return intra.run(bericht(root))


def issues(root: Element, code: str) -> list[Issue]:
    """The issues with one rule code."""
    return [issue for issue in run(root) if issue.code == code]


def find(root: Element, where: str) -> Element:
    """The element at a path of local names below the root, e.g. `Client/Bsn` or `A/B[2]`."""
    element = root
    for step in where.split("/"):
        name, _, index = step.partition("[")
        found = kids(element, name)
        position = int(index.rstrip("]")) - 1 if index else 0
        if position >= len(found):
            raise LookupError(f"no {step} under {where}")
        element = found[position]
    return element


def set_text(root: Element, where: str, value: str) -> Element:
    """Set the text of the element at `where`."""
    element = find(root, where)
    element.text = value
    return root


def remove(root: Element, where: str) -> Element:
    """Remove the element at `where`."""
    element = find(root, where)
    element.getparent().remove(element)
    return root


def insert(
    root: Element, parent: str, xml: str, after: str | None = None, first: bool = False
) -> Element:
    """Insert elements written with prefixes `m:` (message) and `ijw:` (basisschema).

    They go first, after the last child named `after`, or at the end.
    """
    target = find(root, parent) if parent else root
    namespace = etree.QName(root).namespace
    wrapper = etree.fromstring(f'<w xmlns:m="{namespace}" xmlns:ijw="{NS_BASIS}">{xml}</w>')
    position = len(target)
    if first:
        position = 0
    elif after is not None:
        previous = kids(target, after)
        if not previous:
            raise LookupError(f"no {after} in {parent}")
        position = target.index(previous[-1]) + 1
    for offset, child in enumerate(list(wrapper)):
        target.insert(position + offset, child)
    return root


def duplicate(root: Element, where: str) -> Element:
    """Insert a deep copy of the element at `where` right after it; return the copy."""
    element = find(root, where)
    copy = etree.fromstring(etree.tostring(element))
    element.addnext(copy)
    return copy


def one(found: list[Issue]) -> Issue:
    """The only issue found; fails with the whole list otherwise."""
    assert len(found) == 1, found
    return found[0]


def triples(found: list[Issue]) -> list[tuple[str, str, str]]:
    """(code, retourcode, location) of each issue, in order."""
    return [(issue.code, issue.retourcode, issue.location) for issue in found]


def at_each(code: str, *locations: str) -> list[tuple[str, str, str]]:
    """One finding named at several elements: reported at each location, retourcode 0001."""
    return [(code, "0001", location) for location in locations]
