"""JW319 Antwoordbericht: rejection or "in onderzoek" of a request (ijw-domain.md §6.2).

A 319 carries no Client and no BSN: the ReferentieAanbieder is its only link to the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.ijw.builders.xml import element, header, new_message, optional, serialize
from app.ijw.catalogue import BY_NAME
from app.ijw.schemas import XsdVersie

JW319 = BY_NAME["JW319"]
_NS = JW319.namespace


@dataclass(frozen=True, slots=True)
class Antwoordbericht:
    """A whole JW319; `verzoek_antwoord` is WJ760, `reden_afwijzing` WJ759."""

    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: date
    xsd_versie: XsdVersie
    referentie_aanbieder: str
    verzoek_antwoord: str
    reden_afwijzing: str | None = None
    woonplaatsbeginsel_gemeente: str | None = None


def build_jw319(bericht: Antwoordbericht) -> bytes:
    """Build a JW319 as UTF-8 XML bytes, elements in schema order."""
    root = new_message(JW319)
    header(
        root,
        JW319,
        bericht.afzender,
        bericht.ontvanger,
        bericht.identificatie,
        bericht.dagtekening,
        bericht.xsd_versie,
    )
    antwoord = element(root, _NS, "Antwoord")
    element(antwoord, _NS, "ReferentieAanbieder", bericht.referentie_aanbieder)
    element(antwoord, _NS, "VerzoekAntwoord", bericht.verzoek_antwoord)
    optional(antwoord, _NS, "RedenAfwijzingVerzoek", bericht.reden_afwijzing)
    if bericht.woonplaatsbeginsel_gemeente is not None:
        woonplaatsbeginsel = element(antwoord, _NS, "Woonplaatsbeginsel")
        element(woonplaatsbeginsel, _NS, "Gemeente", bericht.woonplaatsbeginsel_gemeente)
    return serialize(root)


__all__ = ["JW319", "Antwoordbericht", "build_jw319"]
