"""Small, fast helpers to read an iJw element tree by local names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from lxml import etree

Element = etree._Element


_LOCAL_NAMES: dict[str, str] = {}
"""Local name by qualified tag: lxml builds `.tag` anew on every access, slicing it is not free."""
_MAX_LOCAL_NAMES = 4096
"""Bound on the cache: a message that fails its schema may carry any number of invented tags."""

_ANY_NAMESPACE: dict[str, str] = {}
"""`{*}name` by local name: lxml matches such a tag on children in C, without a Python loop."""


def local(element: Element) -> str:
    """Local name of an element (its tag without namespace)."""
    tag = element.tag
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag[tag.index("}") + 1 :] if tag[0] == "{" else tag
        if len(_LOCAL_NAMES) < _MAX_LOCAL_NAMES:
            _LOCAL_NAMES[tag] = name
    return name


def _any_namespace(name: str) -> str:
    found = _ANY_NAMESPACE.get(name)
    if found is None:
        found = _ANY_NAMESPACE[name] = "{*}" + name
    return found


def kids(element: Element | None, name: str) -> list[Element]:
    """Children with this local name, in document order."""
    if element is None:
        return []
    return list(element.iterchildren(_ANY_NAMESPACE.get(name) or _any_namespace(name)))


def kid(element: Element | None, name: str) -> Element | None:
    """The first child with this local name, or None."""
    if element is None:
        return None
    for child in element.iterchildren(_ANY_NAMESPACE.get(name) or _any_namespace(name)):
        return child
    return None


def children_by_name(element: Element) -> dict[str, Element]:
    """The element children by local name, the first of each name (as `kid` finds it)."""
    names = _LOCAL_NAMES
    try:
        found = {names[child.tag]: child for child in element}
    except KeyError:  # a tag not cached yet, or a comment (whose tag is no string)
        pass
    else:
        if len(found) == len(element):  # else a name repeats: the first of it must win
            return found
    found = {}
    for child in element:
        if child.tag.__class__ is str:
            found.setdefault(local(child), child)
    return found


def path(element: Element | None, *names: str) -> Element | None:
    """Follow a chain of first children by local name; None where the chain breaks."""
    wildcards = _ANY_NAMESPACE
    for name in names:
        if element is None:
            return None
        element = next(element.iterchildren(wildcards.get(name) or _any_namespace(name)), None)
    return element


def text(element: Element | None, *names: str) -> str | None:
    """Stripped text of the element reached by `names`, or None when absent or empty."""
    found = path(element, *names) if names else element
    if found is None:
        return None
    value = found.text
    return (value.strip() or None) if value is not None else None


def xs_date(value: str) -> date:
    """An xs:date as a date; years outside 1..9999 (valid XSD, no Python date) clamp to the ends."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        year = int(value[: value.index("-", 1)])
        if year < 1:
            return date.min
        if year > 9999:
            return date.max
        raise


def datum(element: Element | None, *names: str) -> date | None:
    """The xs:date reached by `names` as a date, or None when absent."""
    value = text(element, *names)
    return xs_date(value) if value is not None else None


def number(element: Element | None, *names: str) -> int | None:
    """The xs:integer reached by `names` as an int, or None when absent."""
    value = text(element, *names)
    return int(value) if value is not None else None


def required_text(element: Element) -> str:
    """Stripped text of an element the schema requires to have a value."""
    value = text(element)
    if value is None:
        raise ValueError(f"{local(element)} has no value")
    return value


def required_datum(element: Element) -> date:
    """The xs:date of an element the schema requires."""
    return xs_date(required_text(element))


def required_number(element: Element) -> int:
    """The xs:integer of an element the schema requires."""
    return int(required_text(element))


def elements(container: Element | None) -> list[Element]:
    """The element children of a container (none when it is absent)."""
    if container is None:
        return []
    return list(container.iterchildren(etree.Element))


def location(element: Element) -> str:
    """XPath of local names from the root, with [n] where siblings share a name.

    Walks every sibling of every ancestor: for many locations in one tree use a `Locator`.
    """
    steps: list[str] = []
    current: Element | None = element
    while current is not None:
        name = local(current)
        parent = current.getparent()
        if parent is not None:
            same = kids(parent, name)
            if len(same) > 1:
                name = f"{name}[{same.index(current) + 1}]"
        steps.append(name)
        current = parent
    return "/" + "/".join(reversed(steps))


class Locator:
    """`location` for many elements of one unchanging tree, each parent's children indexed once.

    n locations cost O(n + depth) instead of a walk over the siblings for each.
    """

    __slots__ = ("_paths", "_steps", "walks")

    def __init__(self) -> None:
        # Keyed by the lxml proxies themselves: holding them keeps each node's proxy (and so its
        # identity) alive for as long as this locator lives.
        self._paths: dict[Element, str] = {}
        self._steps: dict[Element, str] = {}
        self.walks = 0
        """How many parents had their children indexed: the work done, for tests."""

    def __call__(self, element: Element) -> str:
        """The element's location, as `location` gives it."""
        found = self._paths.get(element)
        if found is None:
            parent = element.getparent()
            if parent is None:
                found = "/" + local(element)
            else:
                step = self._steps.get(element)
                if step is None:
                    self._index(parent)
                    step = self._steps[element]
                found = f"{self(parent)}/{step}"
            self._paths[element] = found
        return found

    def step(self, element: Element) -> str:
        """The last step of the element's location, e.g. `AangevraagdProduct[2]`."""
        return self(element).rsplit("/", 1)[1]

    def _index(self, parent: Element) -> None:
        self.walks += 1
        children = [child for child in parent if isinstance(child.tag, str)]
        names = [local(child) for child in children]
        total: dict[str, int] = {}
        for name in names:
            total[name] = total.get(name, 0) + 1
        seen: dict[str, int] = {}
        for child, name in zip(children, names, strict=True):
            if total[name] > 1:
                seen[name] = seen.get(name, 0) + 1
                self._steps[child] = f"{name}[{seen[name]}]"
            else:
                self._steps[child] = name


_DIRECT = 2
"""Children of one parent a `Plaatsen` locates by a search of their siblings, before indexing."""


class Plaatsen(Locator):
    """A `Locator` that indexes a parent's children only once several of them are located.

    A message with a finding or two locates a handful of elements: a search of the
    same-named siblings of each step costs less than indexing every parent on the way up.
    From the third child of a parent located on, the parent is indexed, so many locations
    stay linear.
    """

    __slots__ = ("_asked", "_gelezen")

    def __init__(self, gelezen: Mapping[Element, Mapping[str, Element]] | None = None) -> None:
        """`gelezen` gives, for classes already read, their children by local name."""
        super().__init__()
        self._asked: dict[Element, int] = {}
        self._gelezen = gelezen or {}

    def __call__(self, element: Element) -> str:
        """The element's location, as `location` gives it."""
        paths = self._paths
        found = paths.get(element)
        if found is not None:
            return found
        # Up to the nearest ancestor located before (or the root), then down again: no
        # recursion, one step per ancestor.
        steps = self._steps
        climbed: list[tuple[Element, str]] = []
        current = element
        while True:
            parent = current.getparent()
            if parent is None:
                found = paths[current] = "/" + local(current)
                break
            step = steps.get(current)
            if step is None:
                step = self._step(current, parent)
            climbed.append((current, step))
            found = paths.get(parent)
            if found is not None:
                break
            current = parent
        for node, step in reversed(climbed):
            found = paths[node] = f"{found}/{step}"
        return found

    def _step(self, element: Element, parent: Element) -> str:
        kinderen = self._gelezen.get(parent)
        if kinderen is not None and len(kinderen) == len(parent):
            # Every child of the parent is an element with a name of its own: no [n] needed.
            return local(element)
        asked = self._asked.get(parent, 0)
        if asked < _DIRECT:
            self._asked[parent] = asked + 1
            # A loop over a class's few children costs less than lxml's tag matching sets up.
            name = local(element)
            names = _LOCAL_NAMES
            same = [
                child
                for child in parent
                if child.tag.__class__ is str and (names.get(child.tag) or local(child)) == name
            ]
            return name if len(same) == 1 else f"{name}[{same.index(element) + 1}]"
        self._index(parent)
        return self._steps[element]


_NAMESPACE = re.compile(r"\{[^}]*\}")

_LXML_PATHS = 8
"""Locations (or steps) a `SchemaPlaatsen` has lxml name before it indexes parents as
`Plaatsen` does: lxml scans the siblings of every step, so many locations among many siblings
would be quadratic."""


class SchemaPlaatsen(Plaatsen):
    """A `Plaatsen` for a schema-valid tree: lxml names the first paths in C (`getelementpath`).

    lxml numbers siblings that share a qualified tag, `location` those that share a local
    name. They differ only where siblings share a local name in different namespaces, which
    no schema-valid iJw tree has: each content model declares its elements in one namespace.
    """

    __slots__ = ("_lxml",)

    def __init__(self, gelezen: Mapping[Element, Mapping[str, Element]] | None = None) -> None:
        """`gelezen` gives, for classes already read, their children by local name."""
        # Plaatsen's and Locator's fields set here, not through two more __init__ calls: one
        # is made for every message with a finding.
        self._paths: dict[Element, str] = {}
        self._steps: dict[Element, str] = {}
        self.walks = 0
        self._asked: dict[Element, int] = {}
        self._gelezen = gelezen or {}
        self._lxml = 0

    def __call__(self, element: Element) -> str:
        """The element's location, as `location` gives it."""
        paths = self._paths
        found = paths.get(element)
        if found is not None:
            return found
        parent = element.getparent()
        if parent is None:
            found = paths[element] = "/" + local(element)
            return found
        boven = paths.get(parent)
        if boven is not None:
            # A sibling of an element located before (a finding names both dates of a class,
            # say): its parent's path and one step, without lxml's walk from the root.
            step = self._steps.get(element) or self._lxml_step(element, parent)
            found = paths[element] = f"{boven}/{step}"
            return found
        if self._lxml == _LXML_PATHS:
            return super().__call__(element)
        self._lxml += 1
        tree = element.getroottree()
        steps = tree.getelementpath(element)
        top, known = _top(tree.getroot())
        named = known.get(steps)
        if named is None:
            found = top + (_NAMESPACE.sub("", steps) if "{" in steps else steps)
            named = (found, found[: found.rindex("/")])
            if len(known) < _MAX_NAMED:
                known[steps] = named
        paths[element], paths[parent] = named
        return named[0]

    def _lxml_step(self, element: Element, parent: Element) -> str:
        """The element's step, lxml numbering it among its siblings in C for the first few."""
        kinderen = self._gelezen.get(parent)
        if kinderen is not None and len(kinderen) == len(parent):
            # Every child of the parent is an element with a name of its own: no [n] needed.
            return local(element)
        if self._lxml == _LXML_PATHS:
            return self._step(element, parent)
        self._lxml += 1
        # From the parent down lxml's path is one step: the qualified tag and any [n].
        return (
            local(element) + etree.ElementTree(parent).getelementpath(element)[len(element.tag) :]
        )


_TOPS: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {}
"""By the root's qualified tag: its location with the separator after it, and the locations
(with their parent's) named before by lxml's path of qualified steps. Removing the namespaces
of a path costs more than lxml takes to make it, and messages of one type share their paths."""
_MAX_TOPS = 64
_MAX_NAMED = 1024
"""Bounds on the caches: a location depends on the message's shape, which the sender chooses."""


def _top(root: Element) -> tuple[str, dict[str, tuple[str, str]]]:
    """The root's part of every location in its tree, and the locations named in such trees."""
    tag = root.tag
    found = _TOPS.get(tag)
    if found is None:
        found = (f"/{local(root)}/", {})
        if len(_TOPS) < _MAX_TOPS:
            _TOPS[tag] = found
    return found
