"""A Locator names every element as `location` does, indexing each parent's children once."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from app.ijw.parser import parse
from app.ijw.schemas import default_registry
from app.ijw.tree import Locator, SchemaPlaatsen, location
from tests.ijw.repeated import REPEATED, message

CASES = Path(__file__).resolve().parents[1] / "cases"


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


def _schema_valid_messages() -> list[tuple[str, bytes]]:
    found = [(f"{t}×3", message(t, 3)) for t in sorted(REPEATED)]
    found += [(p.parent.name, p.read_bytes()) for p in sorted(CASES.glob("*/input.xml"))]
    return found


def _schema_valid_root(name: str, data: bytes) -> etree._Element:
    """The message's root; the test is skipped when the message fails its schema."""
    parsed = parse(data)
    if not default_registry().report(parsed.type, parsed.root, 1).valid:
        pytest.skip(f"{name} fails its schema: its locations need the sibling walk")
    return parsed.root


@pytest.mark.parametrize(("name", "data"), _schema_valid_messages())
def test_lxml_paths_of_a_schema_valid_tree_are_the_sibling_walk(name: str, data: bytes) -> None:
    root = _schema_valid_root(name, data)
    elements = list(root.iter(etree.Element))

    # A new SchemaPlaatsen each: only its first few locations are lxml's.
    assert [SchemaPlaatsen()(e) for e in elements] == [location(e) for e in elements]


def test_many_locations_in_a_schema_valid_tree_index_the_parents() -> None:
    root = etree.fromstring(message("JW315", 50))
    plaatsen = SchemaPlaatsen()
    elements = list(root.iter(etree.Element))

    assert [plaatsen(e) for e in reversed(elements)] == [location(e) for e in reversed(elements)]
    assert plaatsen.walks > 0


@pytest.mark.parametrize(("name", "data"), _schema_valid_messages())
def test_siblings_of_a_located_element_are_its_parents_path_and_a_step(
    name: str, data: bytes
) -> None:
    root = _schema_valid_root(name, data)
    parents = [e for e in root.iter(etree.Element) if len(e)]

    for parent in parents:
        # The first child through lxml, its siblings through the parent's path it left.
        plaatsen = SchemaPlaatsen()
        assert [plaatsen(e) for e in parent] == [location(e) for e in parent]


def test_a_schema_plaatsen_sets_every_field_of_its_bases() -> None:
    plaatsen = SchemaPlaatsen()
    for klasse in SchemaPlaatsen.__mro__:
        for slot in getattr(klasse, "__slots__", ()):
            getattr(plaatsen, slot)  # an unset slot raises AttributeError


@pytest.mark.parametrize(("name", "data"), _schema_valid_messages())
def test_a_second_tree_of_the_same_shape_gets_the_locations_named_for_the_first(
    name: str, data: bytes
) -> None:
    root = _schema_valid_root(name, data)
    first = [SchemaPlaatsen()(e) for e in root.iter(etree.Element)]
    again = list(parse(data).root.iter(etree.Element))

    assert [SchemaPlaatsen()(e) for e in again] == first == [location(e) for e in again]


def test_siblings_of_a_located_class_not_read_are_numbered_by_their_tag() -> None:
    root = etree.fromstring("<a xmlns='urn:x'><b/><c/><b/><b/></a>")
    plaatsen = SchemaPlaatsen()

    assert plaatsen(root[1]) == "/a/c"
    assert [plaatsen(e) for e in root] == ["/a/b[1]", "/a/c", "/a/b[2]", "/a/b[3]"]


def test_many_siblings_of_a_located_element_index_their_parent() -> None:
    root = etree.fromstring("<a xmlns='urn:x'>" + "<b/>" * 50 + "</a>")
    plaatsen = SchemaPlaatsen()

    assert [plaatsen(e) for e in root] == [location(e) for e in root]
    assert plaatsen.walks == 1
