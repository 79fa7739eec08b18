"""What starts and stops (JW305/JW307) share: keys, the in-message stand, and 9019.

A 305 or 307 may delete (status 3) and add (status 1) in one message, a correction (IV008).
Deletions are judged against the stored state. Additions are judged against the state as it
will be after this message's deletions and after the additions before them, taken in the
order of care: starts by Begindatum, stops by Einddatum with a temporary stop first on a tie,
then by position. So a temporary and a definitive stop of one start may come in one 307, in
either order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.cross.partijen import partijen
from app.checks.cross.product import sleutel
from app.checks.cross.rule import Bevinding, CrossRule, cross_rule
from app.checks.cross.state import REDEN_TIJDELIJK, StartStand, StopStand
from app.ijw.views import StartProduct, StopProduct

EERSTE_AANLEVERING = "1"
VERWIJDEREN = "3"

Startsleutel = tuple[int | None, str | None, str | None, date]
Stopsleutel = tuple[int | None, str | None, str | None, date, str, date]
Toegewezen = tuple[Any, ...]


def startsleutel(item: StartStand | StartProduct | StopStand | StopProduct) -> Startsleutel:
    """(ToewijzingNummer, Categorie, Code, Begindatum): a start's key, or the start a stop ends."""
    return (item.toewijzing_nummer, *sleutel(item.product), item.begindatum)


def stopsleutel(stop: StopStand | StopProduct) -> Stopsleutel:
    """The stop key: the start's key plus RedenBeeindiging and Einddatum."""
    return (*startsleutel(stop), stop.reden_beeindiging, stop.einddatum)


def toegewezen(item: StartStand | StartProduct | StopStand | StopProduct) -> Toegewezen:
    """The toegewezen product: the ToewijzingNummer, or Categorie+Code without one (taakgericht)."""
    if item.toewijzing_nummer is not None:
        return ("nummer", item.toewijzing_nummer)
    return ("product", *sleutel(item.product))


@dataclass(frozen=True, slots=True)
class Stand:
    """The starts and stops an addition meets: not deleted, stored or added before it."""

    starts: tuple[StartStand, ...]
    stops: tuple[StopStand, ...]

    def gestopt(self, start: StartStand | StartProduct | StopProduct) -> bool:
        """Whether any stop, temporary or definitive, ends this start."""
        key = startsleutel(start)
        return any(startsleutel(stop) == key for stop in self.stops)

    def stops_van(self, item: StopProduct) -> list[StopStand]:
        """The stops of the start that `item` ends."""
        key = startsleutel(item)
        return [stop for stop in self.stops if startsleutel(stop) == key]


def opgeslagen(bericht: Bericht, ctx: Context) -> Stand:
    """The stored, not deleted starts and stops of this client from this aanbieder."""
    wie = partijen(bericht)
    return Stand(
        tuple(ctx.state.starts(wie.gemeente, wie.aanbieder, wie.bsn)),
        tuple(ctx.state.stops(wie.gemeente, wie.aanbieder, wie.bsn)),
    )


def verwijderingen(bericht: Bericht) -> list[Any]:
    """The message's StartProducts or StopProducts with StatusAanlevering 3."""
    return [p for p in bericht.view.client.producten if p.status_aanlevering == VERWIJDEREN]


def toevoegingen(bericht: Bericht) -> list[Any]:
    """The message's StartProducts or StopProducts with StatusAanlevering 1."""
    return [p for p in bericht.view.client.producten if p.status_aanlevering == EERSTE_AANLEVERING]


def nieuwe_starts(bericht: Bericht, ctx: Context) -> Iterator[tuple[StartProduct, Stand]]:
    """Each status-1 StartProduct, in order of Begindatum, with the stand it meets."""
    stand = opgeslagen(bericht, ctx)
    weg = {startsleutel(p) for p in verwijderingen(bericht)}
    starts = [s for s in stand.starts if startsleutel(s) not in weg]
    for product in sorted(toevoegingen(bericht), key=lambda p: p.begindatum):
        yield product, Stand(tuple(starts), stand.stops)
        starts.append(StartStand(product.toewijzing_nummer, product.product, product.begindatum))


def nieuwe_stops(bericht: Bericht, ctx: Context) -> Iterator[tuple[StopProduct, Stand]]:
    """Each status-1 StopProduct, by Einddatum (temporary first), with the stand it meets."""
    stand = opgeslagen(bericht, ctx)
    weg = {stopsleutel(p) for p in verwijderingen(bericht)}
    stops = [s for s in stand.stops if stopsleutel(s) not in weg]
    volgorde = sorted(
        toevoegingen(bericht), key=lambda p: (p.einddatum, p.reden_beeindiging != REDEN_TIJDELIJK)
    )
    for product in volgorde:
        yield product, Stand(stand.starts, tuple(stops))
        stops.append(
            StopStand(
                product.toewijzing_nummer,
                product.product,
                product.begindatum,
                product.reden_beeindiging,
                product.einddatum,
            )
        )


@cross_rule("TR019", "9019", "JW305", "JW307")
def tr019_toewijzing_of_this_client(bericht: Bericht, ctx: Context) -> Iterator[Bevinding]:
    """TR019: a ToewijzingNummer is our toewijzing of this client, same Product; retourcode 9019."""
    wie = partijen(bericht)
    toewijzingen = {
        t.nummer: t
        for t in ctx.state.toewijzingen(wie.gemeente, wie.aanbieder, wie.bsn)
        if not t.verwijderd
    }
    for product in toevoegingen(bericht):
        nummer = product.toewijzing_nummer
        if nummer is None:
            continue  # taakgericht: no toewijzing to link to (IV096)
        toewijzing = toewijzingen.get(nummer)
        if toewijzing is None:
            yield (
                product.element,
                f"ToewijzingNummer {nummer} is no toewijzing of this client at this aanbieder",
            )
        elif sleutel(toewijzing.product) != sleutel(product.product):
            # IV075: the product equals the toewijzing's (Categorie+Code, Categorie, or none).
            yield product.element, f"Product differs from the product of toewijzing {nummer}"


RULES: tuple[CrossRule, ...] = (tr019_toewijzing_of_this_client,)
