"""The iJw 3.2 message catalogue: type, namespace, BerichtCode and retour type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

RELEASE = "3.2"
NS_BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
_NS_TEMPLATE = "http://www.istandaarden.nl/ijw/3_2/{}/schema"
_ANY_RELEASE = re.compile(r"^http://www\.istandaarden\.nl/ijw/(\d+)_(\d+)/(\w+)/schema$")


class Richting(Enum):
    """Who sends a message: the aanbieder or the gemeente."""

    AANBIEDER_NAAR_GEMEENTE = "aanbieder→gemeente"
    GEMEENTE_NAAR_AANBIEDER = "gemeente→aanbieder"


@dataclass(frozen=True, slots=True)
class MessageType:
    """One iJw message type as fixed by the standard."""

    name: str
    berichtcode: str
    titel: str
    richting: Richting
    retour: str | None = None
    is_retour: bool = False

    @property
    def namespace(self) -> str:
        """The message's XML namespace."""
        return _NS_TEMPLATE.format(self.name.lower())

    @property
    def schema_file(self) -> str:
        """File name of the message's XSD."""
        return f"{self.name}.xsd"


_A2G = Richting.AANBIEDER_NAAR_GEMEENTE
_G2A = Richting.GEMEENTE_NAAR_AANBIEDER

MESSAGE_TYPES: tuple[MessageType, ...] = (
    MessageType("JW301", "436", "Toewijzing", _G2A, retour="JW302"),
    MessageType("JW302", "437", "Retour toewijzing", _G2A, is_retour=True),
    MessageType("JW305", "438", "Start zorg", _A2G, retour="JW306"),
    MessageType("JW306", "439", "Retour start zorg", _A2G, is_retour=True),
    MessageType("JW307", "440", "Stop zorg", _A2G, retour="JW308"),
    MessageType("JW308", "441", "Retour stop zorg", _A2G, is_retour=True),
    MessageType("JW315", "446", "Verzoek om toewijzing", _A2G, retour="JW316"),
    MessageType("JW316", "447", "Retour verzoek om toewijzing", _A2G, is_retour=True),
    MessageType("JW317", "486", "Verzoek om wijziging", _A2G, retour="JW318"),
    MessageType("JW318", "487", "Retour verzoek om wijziging", _A2G, is_retour=True),
    MessageType("JW319", "488", "Antwoordbericht", _G2A, retour="JW320"),
    MessageType("JW320", "489", "Retour antwoordbericht", _G2A, is_retour=True),
    MessageType("JW323", "490", "Declaratie", _A2G),
    MessageType("JW325", "491", "Declaratie-antwoord", _G2A),
)
"""Retour messages keep the heenbericht's direction: their header copies Afzender/Ontvanger."""

BY_NAME: dict[str, MessageType] = {m.name: m for m in MESSAGE_TYPES}
BY_NAMESPACE: dict[str, MessageType] = {m.namespace: m for m in MESSAGE_TYPES}


def release_of(namespace: str) -> tuple[str, str] | None:
    """Return (release, message) of any iJw namespace, e.g. ('3.1', 'jw315'), or None."""
    match = _ANY_RELEASE.match(namespace)
    if match is None:
        return None
    return f"{match.group(1)}.{match.group(2)}", match.group(3)
