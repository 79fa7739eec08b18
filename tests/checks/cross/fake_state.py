"""An in-memory `State` and external lists for the cross-message rule tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.checks.cross.state import StartStand, StopStand, ToewijzingStand
from app.ijw.views import Omvang, Product

GEMEENTE = "0363"
AANBIEDER = "12345678"
ANDERE_AANBIEDER = "87654321"


@dataclass
class FakeState:
    """What earlier messages left behind, for one or more gemeenten; implements `State`."""

    identificaties: set[tuple[str, str, str]] = field(default_factory=set)
    referenties: set[tuple[str, str, str]] = field(default_factory=set)
    open_verzoeken: set[tuple[str, str, str]] = field(default_factory=set)
    stored_toewijzingen: list[tuple[str, ToewijzingStand]] = field(default_factory=list)
    stored_starts: dict[tuple[str, str, str], list[StartStand]] = field(default_factory=dict)
    stored_stops: dict[tuple[str, str, str], list[StopStand]] = field(default_factory=dict)

    # --- the State protocol ---------------------------------------------------------------

    def identificatie_bekend(self, afzender: str, berichtcode: str, identificatie: str) -> bool:
        return (afzender, berichtcode, identificatie) in self.identificaties

    def referentie_bekend(self, gemeente: str, aanbieder: str, referentie: str) -> bool:
        return (gemeente, aanbieder, referentie) in self.referenties

    def open_verzoek(self, gemeente: str, aanbieder: str, bsn: str) -> bool:
        return (gemeente, aanbieder, bsn) in self.open_verzoeken

    def toewijzing(self, gemeente: str, nummer: int) -> ToewijzingStand | None:
        for where, stand in self.stored_toewijzingen:
            if where == gemeente and stand.nummer == nummer:
                return stand
        return None

    def toewijzingen(self, gemeente: str, aanbieder: str, bsn: str) -> list[ToewijzingStand]:
        return [
            stand
            for where, stand in self.stored_toewijzingen
            if where == gemeente and stand.aanbieder == aanbieder and stand.bsn == bsn
        ]

    def starts(self, gemeente: str, aanbieder: str, bsn: str) -> list[StartStand]:
        return list(self.stored_starts.get((gemeente, aanbieder, bsn), []))

    def stops(self, gemeente: str, aanbieder: str, bsn: str) -> list[StopStand]:
        return list(self.stored_stops.get((gemeente, aanbieder, bsn), []))

    # --- setting it up ------------------------------------------------------------------------

    def add_toewijzing(
        self,
        nummer: int,
        bsn: str,
        product: tuple[str, str | None] | None,
        ingangsdatum: str,
        einddatum: str | None = None,
        *,
        aanbieder: str = AANBIEDER,
        reden_wijziging: str | None = None,
        omvang: tuple[int, str, str] | None = None,
        budget: int | None = None,
        gemeente: str = GEMEENTE,
    ) -> FakeState:
        """Store the latest version of a toewijzing; products and dates as plain values."""
        stand = ToewijzingStand(
            nummer=nummer,
            bsn=bsn,
            aanbieder=aanbieder,
            product=Product(*product) if product is not None else None,
            ingangsdatum=date.fromisoformat(ingangsdatum),
            einddatum=date.fromisoformat(einddatum) if einddatum else None,
            reden_wijziging=reden_wijziging,
            omvang=Omvang(*omvang) if omvang is not None else None,
            budget=budget,
        )
        self.stored_toewijzingen.append((gemeente, stand))
        return self

    def add_start(
        self,
        bsn: str,
        nummer: int | None,
        product: tuple[str, str | None] | None,
        begindatum: str,
        *,
        aanbieder: str = AANBIEDER,
        gemeente: str = GEMEENTE,
    ) -> FakeState:
        """Store a delivered, not deleted start."""
        start = StartStand(
            nummer, Product(*product) if product else None, date.fromisoformat(begindatum)
        )
        self.stored_starts.setdefault((gemeente, aanbieder, bsn), []).append(start)
        return self

    def add_stop(
        self,
        bsn: str,
        nummer: int | None,
        product: tuple[str, str | None] | None,
        begindatum: str,
        reden: str,
        einddatum: str,
        *,
        aanbieder: str = AANBIEDER,
        gemeente: str = GEMEENTE,
    ) -> FakeState:
        """Store a delivered, not deleted stop."""
        stop = StopStand(
            nummer,
            Product(*product) if product else None,
            date.fromisoformat(begindatum),
            reden,
            date.fromisoformat(einddatum),
        )
        self.stored_stops.setdefault((gemeente, aanbieder, bsn), []).append(stop)
        return self


@dataclass(frozen=True)
class FakeGemeenten:
    """CBS codes with their validity: code → (first day, last day or None)."""

    codes: dict[str, tuple[date, date | None]]

    def geldig_op(self, code: str, datum: date) -> bool:
        found = self.codes.get(code)
        if found is None:
            return False
        begin, end = found
        return begin <= datum and (end is None or datum <= end)


@dataclass(frozen=True)
class FakeProductcodes:
    """A product code list: the (Categorie, Code) pairs that fit."""

    pairs: frozenset[tuple[str, str]]

    def past(self, categorie: str, code: str) -> bool:
        return (categorie, code) in self.pairs
