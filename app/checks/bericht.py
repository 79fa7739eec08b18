"""The message as the checks see it: type, tree, header and typed view."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from app.ijw.catalogue import MessageType
from app.ijw.tree import Element, children_by_name
from app.ijw.views import READERS, Header, fields, read_header

T = TypeVar("T")


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
            return cls(message_type, root, view.header, view, _gelezen=getattr(view, "gelezen", {}))
        return cls(message_type, root, read_header(fields(root)["Header"]))

    @property
    def gelezen(self) -> Mapping[Element, Mapping[str, Element]]:
        """The children by local name (the first of each) of every class the view read."""
        return self._gelezen

    def kinderen(self, element: Element) -> dict[str, Element]:
        """The element's children by local name (the first of each): as the view read them."""
        found = self._gelezen.get(element)
        return children_by_name(element) if found is None else found

    def shared(self, key: str, read: Callable[[Bericht], T]) -> T:
        """What `read` makes of this message, read once and shared by every rule that asks."""
        shared = self._shared
        if key in shared:
            return shared[key]
        found = shared[key] = read(self)
        return found

    def forget_shared(self) -> None:
        """Drop what the rules read: for a large message many times its size, kept otherwise."""
        self._shared.clear()
