"""The message as the checks see it: type, tree, header and typed view."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from dataclasses import fields as fields_of
from typing import Any, TypeVar

from app.ijw.catalogue import MessageType
from app.ijw.tree import Element, children_by_name, kid
from app.ijw.views import READERS, Header, fields, read_header

T = TypeVar("T")


class _Gezocht(Mapping[str, Element]):
    """An element's children by local name, each found when asked (the first of that name)."""

    __slots__ = ("_element",)

    def __init__(self, element: Element) -> None:
        self._element = element

    def __getitem__(self, name: str) -> Element:
        found = kid(self._element, name)
        if found is None:
            raise KeyError(name)
        return found

    def get(self, name: str, default: Any = None) -> Any:  # noqa: D102 - Mapping's, faster
        found = kid(self._element, name)
        return default if found is None else found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and kid(self._element, name) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(children_by_name(self._element))

    def __len__(self) -> int:
        return len(children_by_name(self._element))


@dataclass(frozen=True, slots=True)
class Bericht:
    """A schema-valid message ready for the checks; `view` is its typed view where one exists."""

    type: MessageType
    root: Element
    header: Header
    view: Any = None
    _shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _gelezen: dict[Element, dict[str, Element]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def read(cls, message_type: MessageType, root: Element) -> Bericht:
        """Read header and typed view of a schema-valid message once, for all checks."""
        reader = READERS.get(message_type.name)
        if reader is not None:
            view = reader(root)
            gelezen = getattr(view, "gelezen", {})
            if cls is Bericht:
                return _bericht(message_type, root, view, gelezen)
            return cls(message_type, root, view.header, view, _gelezen=gelezen)
        # The schema puts the Header first; a tree with a comment before it is searched.
        header = root[0] if len(root) else root
        if header.tag.__class__ is not str or not header.tag.endswith("}Header"):
            header = fields(root)["Header"]
        return cls(message_type, root, read_header(header))

    @property
    def gelezen(self) -> Mapping[Element, Mapping[str, Element]]:
        """The children by local name (the first of each) of every class the view read."""
        return self._gelezen

    def kinderen(self, element: Element) -> Mapping[str, Element]:
        """The element's children by local name (the first of each): as the view read them.

        A class the view did not keep (one of a bulk message's) is searched for each name
        asked, as `tree.kid` does.
        """
        found = self._gelezen.get(element)
        return _Gezocht(element) if found is None else found

    def shared(self, key: str, read: Callable[[Bericht], T]) -> T:
        """What `read` makes of this message, read once and shared by every rule that asks."""
        shared = self._shared
        try:
            return shared[key]
        except KeyError:  # the first rule to ask reads it
            pass
        found = shared[key] = read(self)
        return found

    def forget_shared(self) -> None:
        """Drop what the rules read: for a large message many times its size, kept otherwise."""
        self._shared.clear()


_new = object.__new__
_SET_TYPE, _SET_ROOT, _SET_HEADER, _SET_VIEW, _SET_SHARED, _SET_GELEZEN = (
    Bericht.__dict__[veld.name].__set__ for veld in fields_of(Bericht)
)


def _bericht(
    message_type: MessageType, root: Element, view: Any, gelezen: dict[Element, dict[str, Element]]
) -> Bericht:
    """`Bericht(message_type, root, view.header, view, _gelezen=gelezen)`, its slots set directly.

    A frozen dataclass sets each field through `object.__setattr__`: once per message, that is
    half the cost of building it.
    """
    bericht = _new(Bericht)
    _SET_TYPE(bericht, message_type)
    _SET_ROOT(bericht, root)
    _SET_HEADER(bericht, view.header)
    _SET_VIEW(bericht, view)
    _SET_SHARED(bericht, {})
    _SET_GELEZEN(bericht, gelezen)
    return bericht
