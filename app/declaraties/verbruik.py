"""Declared against granted: per toewijzing the minutes granted and the minutes declared.

Pure arithmetic over loaded rows; the repository gathers them in set-based queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from app.ijw.omvang import total_minutes
from app.ijw.views import Omvang


@dataclass(frozen=True, slots=True)
class Regel:
    """One toewijzing in the report, with its use and (if recorded) the client's contact time."""

    toewijzing_nummer: int
    gemeente: str
    aanbieder: str
    bsn: str
    categorie: str | None
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    toegekend_minuten: int | None
    gedeclareerd_minuten: int
    gedeclareerd_bedrag: int
    percentage: float | None
    overschreden: bool
    contact_direct_minuten: int | None = None
    contact_indirect_minuten: int | None = None


@dataclass(frozen=True, slots=True)
class Totaal:
    """Granted and declared minutes summed over a group."""

    sleutel: str
    toegekend_minuten: int
    gedeclareerd_minuten: int
    percentage: float | None


def toegekend(
    omvang: Omvang | None, ingang: date, einde: date | None, van: date | None, tot: date | None
) -> int | None:
    """Minutes granted over the toewijzing's period, cut to [van, tot] when given.

    None when the Omvang is not time, or the period has no end and no `tot` bounds it.
    """
    if omvang is None:
        return None
    begin = max(ingang, van) if van else ingang
    eind = min(einde, tot) if einde and tot else (einde or tot)
    if eind is not None and eind < begin:
        return 0
    try:
        return total_minutes(omvang, begin, eind)
    except ValueError:
        return None


def percentage(gedeclareerd: int, toegekend_minuten: int | None) -> float | None:
    """The share of the granted minutes declared, one decimal; None without a grant in minutes."""
    if not toegekend_minuten:
        return None
    return round(100 * gedeclareerd / toegekend_minuten, 1)


def totalen(regels: Iterable[Regel], sleutel: Callable[[Regel], str]) -> list[Totaal]:
    """Sums per group (gemeente, aanbieder or product); only minutes granted in time count."""
    groepen: dict[str, list[int]] = {}
    for regel in regels:
        som = groepen.setdefault(sleutel(regel), [0, 0])
        som[0] += regel.toegekend_minuten or 0
        som[1] += regel.gedeclareerd_minuten
    return [
        Totaal(naam, granted, declared, percentage(declared, granted))
        for naam, (granted, declared) in sorted(groepen.items())
    ]


def product(regel: Regel) -> str:
    """The product key of a row: categorie and code, e.g. `45A48`'s `45/45A48`."""
    return f"{regel.categorie or ''}/{regel.code or ''}"
