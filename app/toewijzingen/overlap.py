"""Same-product overlap between toewijzingen (TR302): what one JW301 may not carry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from app.ijw.views import Product
from app.persistence.models import Toewijzing
from app.problem import Problem


@dataclass(frozen=True, slots=True)
class Periode:
    """A toewijzing's product and period as TR302 compares them; `nummer` None when still new."""

    nummer: int | None
    categorie: str | None
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    label: str = ""

    @classmethod
    def van(
        cls, row: Toewijzing, einddatum: date | None = None, *, gewijzigd: bool = False
    ) -> Periode:
        """A stored toewijzing, with another Einddatum when `gewijzigd`."""
        return cls(
            row.nummer,
            row.categorie,
            row.code,
            row.ingangsdatum_date,
            einddatum if gewijzigd else row.einddatum_date,
            f"ToewijzingNummer {row.nummer}",
        )

    @classmethod
    def nieuw(
        cls, product: Product | None, ingangsdatum: date, einddatum: date | None, label: str
    ) -> Periode:
        """A toewijzing not yet granted."""
        return cls(
            None,
            product.categorie if product else None,
            product.code if product else None,
            ingangsdatum,
            einddatum,
            label,
        )


def zelfde_product(a: Periode, b: Periode) -> bool:
    """TR302's "same product": no Product clashes with all; else same Categorie, and Code."""
    if a.categorie is None or b.categorie is None:
        return True
    if a.categorie != b.categorie:
        return False
    return a.code is None or b.code is None or a.code == b.code


def overlappen(a: Periode, b: Periode) -> bool:
    """Same product, and inclusive periods that share a day (an open Einddatum is infinite)."""
    return (
        zelfde_product(a, b)
        and a.ingangsdatum <= (b.einddatum or date.max)
        and b.ingangsdatum <= (a.einddatum or date.max)
    )


def overlappend(periode: Periode, anderen: Iterable[Periode]) -> list[Periode]:
    """The other periods `periode` overlaps (itself, by number, left out)."""
    return [
        ander
        for ander in anderen
        if (periode.nummer is None or ander.nummer != periode.nummer) and overlappen(periode, ander)
    ]


def botsingen(perioden: list[Periode]) -> list[tuple[Periode, Periode]]:
    """Every pair of periods that overlap, each pair once."""
    return [
        (eerder, later)
        for index, later in enumerate(perioden)
        for eerder in perioden[:index]
        if overlappen(eerder, later)
    ]


def beschrijf(paren: Iterable[tuple[Periode, Periode]]) -> list[str]:
    """Dutch sentences naming each overlapping pair."""
    return [
        f"{a.label or 'een nieuwe toewijzing'} ({_periode(a)}) overlapt {b.label} "
        f"({_periode(b)}) voor hetzelfde product"
        for a, b in paren
    ]


def _periode(periode: Periode) -> str:
    return f"{periode.ingangsdatum} t/m {periode.einddatum or 'open einde'}"


class ToewijzingOverlap(Problem):
    """A grant or change whose JW301 would carry two overlapping toewijzingen of one product."""

    status_code = 409
    slug = "toewijzing-overlap"
    title = "Overlapt een toewijzing voor hetzelfde product"

    def __init__(self, paren: list[tuple[Periode, Periode]]) -> None:
        super().__init__(
            "TR302: "
            + "; ".join(beschrijf(paren))
            + ". Kort eerst de bestaande toewijzing in, kies een andere periode, of wijs het"
            " verzoek af (reden 6, stapeling); er is niets opgeslagen"
        )
        self.paren = paren

    def extensions(self) -> dict:
        """The rule and the ToewijzingNummers it found overlapping."""
        nummers = sorted({p.nummer for pair in self.paren for p in pair if p.nummer is not None})
        return {"code": "TR302", "toewijzing_nummers": nummers}
