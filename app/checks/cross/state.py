"""What the cross-message checks may read of stored state: a read-only interface."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.ijw import toewijzingstatus
from app.ijw.views import Omvang, Product

REDEN_TIJDELIJK = "20"
"""RedenBeeindiging of a temporary stop (JZ588)."""


@dataclass(frozen=True, slots=True)
class ToewijzingStand:
    """The latest version of one of our toewijzingen."""

    nummer: int
    bsn: str
    aanbieder: str
    product: Product | None
    ingangsdatum: date
    einddatum: date | None
    reden_wijziging: str | None = None
    omvang: Omvang | None = None
    budget: int | None = None

    @property
    def verwijderd(self) -> bool:
        """Deleted (13, or the forbidden 01) with Einddatum = Ingangsdatum: counts as never sent."""
        return toewijzingstatus.verwijderd(self.reden_wijziging, self.ingangsdatum, self.einddatum)

    def actueel(self, today: date) -> bool:
        """Current on `today`: not deleted, and not ended before it (a future start is current)."""
        return toewijzingstatus.actueel(
            self.reden_wijziging, self.ingangsdatum, self.einddatum, today
        )


@dataclass(frozen=True, slots=True)
class StartStand:
    """A received, not deleted start of care (JW305 StartProduct, status 1)."""

    toewijzing_nummer: int | None
    product: Product | None
    begindatum: date


@dataclass(frozen=True, slots=True)
class StopStand:
    """A received, not deleted stop of care (JW307 StopProduct, status 1)."""

    toewijzing_nummer: int | None
    product: Product | None
    begindatum: date
    reden_beeindiging: str
    einddatum: date

    @property
    def tijdelijk(self) -> bool:
        """A temporary stop (reden 20) that a definitive one may follow."""
        return self.reden_beeindiging == REDEN_TIJDELIJK


class State(Protocol):
    """Stored state as seen by one gemeente, read inside the message's own transaction."""

    def identificatie_bekend(self, afzender: str, berichtcode: str, identificatie: str) -> bool:
        """Whether this sender already used this Identificatie for this BerichtCode (TR056)."""
        ...

    def referentie_bekend(self, gemeente: str, aanbieder: str, referentie: str) -> bool:
        """Whether the aanbieder used this ReferentieAanbieder in any earlier 315 or 317."""
        ...

    def open_verzoek(self, gemeente: str, aanbieder: str, bsn: str) -> bool:
        """Whether a VOT or VOW of this aanbieder for this client awaits a final answer."""
        ...

    def toewijzing(self, gemeente: str, nummer: int) -> ToewijzingStand | None:
        """The toewijzing with this ToewijzingNummer at this gemeente, whoever holds it."""
        ...

    def toewijzingen(self, gemeente: str, aanbieder: str, bsn: str) -> list[ToewijzingStand]:
        """Every toewijzing of this client at this aanbieder, current or not."""
        ...

    def starts(self, gemeente: str, aanbieder: str, bsn: str) -> list[StartStand]:
        """The client's not deleted starts from this aanbieder, in order of receipt."""
        ...

    def stops(self, gemeente: str, aanbieder: str, bsn: str) -> list[StopStand]:
        """The client's not deleted stops from this aanbieder, in order of receipt."""
        ...
