"""What a stored toewijzing row means: deleted or not, its Product and Omvang, its stand.

Takes an ORM object or a selected row alike; the cross-message checks, the services and the
pages read stored toewijzingen through these.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from app.checks.cross.state import ToewijzingStand
from app.ijw.toewijzingstatus import verwijderd
from app.ijw.views import Omvang, Product


class VerwijderdRij(Protocol):
    """What `toewijzing_verwijderd` reads of a stored toewijzing (ORM object or row)."""

    @property
    def reden_wijziging(self) -> str | None: ...  # noqa: D102
    @property
    def einddatum_date(self) -> date | None: ...  # noqa: D102
    @property
    def ingangsdatum_date(self) -> date: ...  # noqa: D102


class ToewijzingRij(VerwijderdRij, Protocol):
    """The toewijzing columns, as an ORM object or a selected row carries them."""

    @property
    def nummer(self) -> int: ...  # noqa: D102
    @property
    def bsn(self) -> str: ...  # noqa: D102
    @property
    def aanbieder(self) -> str: ...  # noqa: D102
    @property
    def categorie(self) -> str | None: ...  # noqa: D102
    @property
    def code(self) -> str | None: ...  # noqa: D102
    @property
    def volume(self) -> int | None: ...  # noqa: D102
    @property
    def eenheid(self) -> str | None: ...  # noqa: D102
    @property
    def frequentie(self) -> str | None: ...  # noqa: D102
    @property
    def budget(self) -> int | None: ...  # noqa: D102


def toewijzing_verwijderd(row: VerwijderdRij) -> bool:
    """Whether a stored toewijzing was deleted (13, or the withdrawn 01, with equal dates)."""
    return verwijderd(row.reden_wijziging, row.ingangsdatum_date, row.einddatum_date)


def product_of(categorie: str | None, code: str | None) -> Product | None:
    """The Product class of a row, None for a generic toewijzing or start."""
    return Product(categorie, code) if categorie is not None else None


def omvang_of(volume: int | None, eenheid: str | None, frequentie: str | None) -> Omvang | None:
    """The Omvang of a row, None when it has none."""
    if volume is None or eenheid is None or frequentie is None:
        return None
    return Omvang(volume, eenheid, frequentie)


def toewijzing_stand(row: ToewijzingRij) -> ToewijzingStand:
    """A stored toewijzing (row or ORM object with the toewijzing columns) as the checks see it."""
    return ToewijzingStand(
        nummer=row.nummer,
        bsn=row.bsn,
        aanbieder=row.aanbieder,
        product=product_of(row.categorie, row.code),
        ingangsdatum=row.ingangsdatum_date,
        einddatum=row.einddatum_date,
        reden_wijziging=row.reden_wijziging,
        omvang=omvang_of(row.volume, row.eenheid, row.frequentie),
        budget=row.budget,
    )
