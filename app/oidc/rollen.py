"""From the identity provider's groups to our role and gemeenten."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.config import OidcGroep
from app.gebruikers.medewerker import Rol

RANG: dict[Rol, int] = {"medewerker": 0, "teamleider": 1, "beheerder": 2}
"""When a person is in several mapped groups, the highest role counts."""


@dataclass(frozen=True, slots=True)
class Groepsrecht:
    """What membership of one group grants."""

    rol: Rol
    gemeenten: frozenset[str]


def rechten(groepen: Iterable[str], toewijzing: Mapping[str, Groepsrecht]) -> Groepsrecht | None:
    """The role and gemeenten the mapped groups grant together; None when no group is mapped."""
    gevonden = [toewijzing[groep] for groep in groepen if groep in toewijzing]
    if not gevonden:
        return None
    rol = max((recht.rol for recht in gevonden), key=RANG.__getitem__)
    gemeenten = frozenset().union(*(recht.gemeenten for recht in gevonden))
    return Groepsrecht(rol=rol, gemeenten=gemeenten)


def uit_instellingen(groepen: Mapping[str, OidcGroep]) -> dict[str, Groepsrecht]:
    """The IJW_OIDC_GROEPEN setting as rights per group."""
    return {
        groep: Groepsrecht(rol=recht.rol, gemeenten=frozenset(recht.gemeenten))
        for groep, recht in groepen.items()
    }
