"""A signed-in person as every layer sees them: id, name, role and gemeenten."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Rol = Literal["medewerker", "teamleider", "beheerder"]
ROLLEN: tuple[Rol, ...] = get_args(Rol)


@dataclass(frozen=True, slots=True)
class Medewerker:
    """A signed-in person: name, role and the gemeenten whose work they may see."""

    id: int
    gebruikersnaam: str
    rol: Rol
    gemeenten: frozenset[str]

    def ziet_gemeente(self, gemeente: str) -> bool:
        """Whether this person may see the gemeente's work."""
        return gemeente in self.gemeenten
