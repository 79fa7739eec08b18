"""A rule violation found in a message: frozen data, never an exception."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextvars import ContextVar, Token
from dataclasses import dataclass, fields

from app.ijw.tree import Element, Plaatsen, SchemaPlaatsen, location

RETOURCODE_TECHNISCH = "0001"
"""The retourcode for every intra-message (XSLT level) violation."""

_LOCATOR: ContextVar[locating | None] = ContextVar("locator", default=None)


@dataclass(frozen=True, slots=True)
class Issue:
    """One violated rule: official code, retourcode, XPath location and a readable message."""

    code: str
    retourcode: str
    location: str
    message: str


class locating:  # noqa: N801 - used like the function it replaced: `with locating():`
    """Within the block, every location is found through one `Plaatsen` (the tree must not change).

    Rules locate each issue they report; without shared locations each walks the siblings
    again, which makes a message with many repeated classes quadratic. A class rather than a
    generator-based context manager: it is entered once per message, on the hot path.
    """

    __slots__ = ("_gelezen", "_plaatsen", "_schema_valid", "_token")

    def __init__(
        self,
        gelezen: Mapping[Element, Mapping[str, Element]] | None = None,
        schema_valid: bool = False,
    ) -> None:
        """`gelezen`: the children by local name of classes already read (a typed view's).

        `schema_valid`: the tree passed its XSD, so lxml may name the locations.
        """
        self._gelezen = gelezen
        self._schema_valid = schema_valid
        self._plaatsen: Plaatsen | None = None

    def __enter__(self) -> locating:
        active = _LOCATOR.get()
        if active is not None:
            self._token: Token[locating | None] | None = None
            return active
        self._token = _LOCATOR.set(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _LOCATOR.reset(self._token)

    def plaatsen(self) -> Plaatsen:
        """The block's one `Plaatsen`, made when first asked: a clean message needs none."""
        found = self._plaatsen
        if found is None:
            found = self._plaatsen = (
                SchemaPlaatsen(self._gelezen) if self._schema_valid else Plaatsen(self._gelezen)
            )
        return found


def locate(element: Element) -> str:
    """The element's location, through the active `Plaatsen` when there is one."""
    active = _LOCATOR.get()
    return location(element) if active is None else active.plaatsen()(element)


def step(element: Element) -> str:
    """The last step of an element's location, e.g. `AangevraagdProduct[1]`."""
    return locate(element).rsplit("/", 1)[1]


def violation(code: str, element: Element, message: str, child: str | None = None) -> Issue:
    """An intra-message violation at `element` (or its child named `child`), retourcode 0001."""
    where = locate(element)
    if child is not None:
        where = f"{where}/{child}"
    return _issue(code, where, message)


def violations(code: str, elements: Iterable[Element | None], message: str) -> list[Issue]:
    """One finding named at several elements (given in document order), one issue each.

    rules.xsl lists every element of a finding (both dates of a comparison, say) as a Locatie
    of one Fout; we report the same finding at each of them. An absent element (None, where a
    rule read an optional child) names no location.
    """
    active = _LOCATOR.get()
    where = location if active is None else active.plaatsen()
    named: set[int] = set()
    found: list[Issue] = []
    for element in elements:
        if element is not None and id(element) not in named:
            named.add(id(element))
            found.append(_issue(code, where(element), message))
    return found


_new = object.__new__
_SET_CODE, _SET_RETOURCODE, _SET_LOCATION, _SET_MESSAGE = (
    Issue.__dict__[veld.name].__set__ for veld in fields(Issue)
)


def _issue(code: str, where: str, message: str) -> Issue:
    """`Issue(code, RETOURCODE_TECHNISCH, where, message)`, its slots set directly.

    A frozen dataclass sets each field through `object.__setattr__`: a message with findings
    makes one issue per location.
    """
    issue = _new(Issue)
    _SET_CODE(issue, code)
    _SET_RETOURCODE(issue, RETOURCODE_TECHNISCH)
    _SET_LOCATION(issue, where)
    _SET_MESSAGE(issue, message)
    return issue
