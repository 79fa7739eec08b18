"""Who a message is about: our gemeente, the aanbieder and the client."""

from __future__ import annotations

from dataclasses import dataclass

from app.checks.bericht import Bericht


@dataclass(frozen=True, slots=True)
class Partijen:
    """The state's keys for one message: Ontvanger, Afzender and the client's Bsn."""

    gemeente: str
    aanbieder: str
    bsn: str


def partijen(bericht: Bericht) -> Partijen:
    """The keys of an inbound 315/317/305/307: the header names gemeente and aanbieder."""
    header = bericht.header
    return Partijen(header.ontvanger, header.afzender, bericht.view.client.bsn)
