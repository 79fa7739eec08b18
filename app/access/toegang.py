"""Roles and the scope a key grants: what a caller may see and do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Rol(StrEnum):
    """The kinds of caller; each key has exactly one."""

    BROKER = "broker"
    """Posts messages for any aanbieder; reads and acknowledges the outbox."""
    AANBIEDER = "aanbieder"
    """Provider software bound to one AGB code: its own messages, requests and toewijzingen."""
    GEMEENTE = "gemeente"
    """A gemeente worker bound to gemeente codes: werkvoorraad, decisions, signals."""
    OPERATOR = "operator"
    """Runs the service: metrics, readiness, dead letters; never personal data."""
    BEHEERDER = "beheerder"
    """A gemeente administrator bound to gemeente codes: queries the audit log."""


GEBONDEN_AAN_AGB = frozenset({Rol.AANBIEDER})
GEBONDEN_AAN_GEMEENTEN = frozenset({Rol.GEMEENTE, Rol.BEHEERDER})


@dataclass(frozen=True, slots=True)
class Toegang:
    """The key of a request: its id, role and scope."""

    key_id: int
    rol: Rol
    agb: str | None = None
    gemeenten: frozenset[str] = frozenset()

    def ziet_gemeente(self, gemeente: str) -> bool:
        """Whether this key's scope includes the gemeente."""
        return gemeente in self.gemeenten

    def ziet_aanbieder(self, aanbieder: str) -> bool:
        """Whether this key speaks for the aanbieder."""
        return self.agb == aanbieder
