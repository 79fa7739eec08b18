"""A Locator names every element as `location` does, indexing each parent's children once."""

from __future__ import annotations

import pytest
from lxml import etree

from app.ijw.tree import Locator, location
from tests.ijw.repeated import REPEATED, message


@pytest.mark.parametrize("message_type", sorted(REPEATED))
def test_every_element_gets_the_location_of_the_sibling_walk(message_type: str) -> None:
    root = etree.fromstring(message(message_type, 3))
    locator = Locator()
    elements = [e for e in root.iter() if isinstance(e.tag, str)]

    # Leaves first, so parents are located through the cache their children filled.
    assert [locator(e) for e in reversed(elements)] == [location(e) for e in reversed(elements)]
    assert locator.walks == sum(1 for e in elements if len(e))


def test_same_name_siblings_are_numbered_and_lone_ones_are_not() -> None:
    root = etree.fromstring("<a xmlns='urn:x'><b/><c><d/></c><b/></a>")
    locator = Locator()

    assert [locator(e) for e in root.iter()] == ["/a", "/a/b[1]", "/a/c", "/a/c/d", "/a/b[2]"]
    assert locator.step(root[2]) == "b[2]"
