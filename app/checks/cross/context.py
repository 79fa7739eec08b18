"""Everything a cross-message check may consult besides the message itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from app.checks.cross.state import State


class Gemeentelijst(Protocol):
    """The CBS gemeente code list with validity dates (TR378)."""

    def geldig_op(self, code: str, datum: date) -> bool:
        """Whether `code` was a CBS gemeente code on `datum`."""
        ...


class Productcodelijst(Protocol):
    """The product code list in use (TR381)."""

    def past(self, categorie: str, code: str) -> bool:
        """Whether ProductCode `code` belongs to ProductCategorie `categorie`."""
        ...


@dataclass(frozen=True, slots=True)
class Context:
    """The state, the date of processing and the external lists, injected by the caller."""

    state: State
    today: date
    gemeenten: Gemeentelijst
    productcodes: Productcodelijst | None = None
    shared: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """What several rules derive alike from this message and state, derived once (one run)."""
