"""What starts and stops (JW305/JW307) share: keys, the in-message stand, and 9019.

A 305 or 307 may delete (status 3) and add (status 1) in one message, a correction (IV008).
Deletions are judged against the stored state. Additions are judged against the state as it
will be after this message's deletions and after the additions before them, taken in the
order of care: starts by Begindatum, stops by Einddatum with a temporary stop first on a tie,
then by position. So a temporary and a definitive stop of one start may come in one 307, in
either order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

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
T = TypeVar("T")


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


class Stand:
    """The starts and stops an addition meets (not deleted; stored, or added before it).

    Indexed by key as they are added, so every question costs O(1) whatever the number of
    products. `nieuwe_starts` and `nieuwe_stops` hand out one Stand and add each addition to it
    once its rules have judged it: ask a Stand only about the addition it came with.
    """

    def __init__(self, starts: Iterable[StartStand], stops: Iterable[StopStand]) -> None:
        self._starts: Counter[Startsleutel] = Counter()
        self._laatste_begin: dict[Toegewezen, date] = {}
        self._lopend: Counter[Toegewezen] = Counter()
        """Starts without any stop, per toegewezen product."""
        self._gestopt: set[Startsleutel] = set()
        self._stops: set[Stopsleutel] = set()
        self._stops_van: dict[Startsleutel, _StopsVanStart] = {}
        for start in starts:
            self.add_start(start)
        for stop in stops:
            self.add_stop(stop)

    def add_start(self, start: StartStand) -> None:
        """Count a start in."""
        key, product = startsleutel(start), toegewezen(start)
        self._starts[key] += 1
        laatste = self._laatste_begin.get(product)
        if laatste is None or start.begindatum > laatste:
            self._laatste_begin[product] = start.begindatum
        if key not in self._gestopt:
            self._lopend[product] += 1

    def add_stop(self, stop: StopStand) -> None:
        """Count a stop in."""
        key = startsleutel(stop)
        if key not in self._gestopt:
            self._gestopt.add(key)
            self._lopend[toegewezen(stop)] -= self._starts[key]
        self._stops.add(stopsleutel(stop))
        self._stops_van.setdefault(key, _StopsVanStart()).add(stop)

    def heeft_start(self, item: StartStand | StartProduct | StopProduct) -> bool:
        """Whether a start with this (start) key is there."""
        return startsleutel(item) in self._starts

    def heeft_stop(self, item: StopStand | StopProduct) -> bool:
        """Whether a stop with this stop key is there."""
        return stopsleutel(item) in self._stops

    def gestopt(self, start: StartStand | StartProduct | StopProduct) -> bool:
        """Whether any stop, temporary or definitive, ends this start."""
        return startsleutel(start) in self._gestopt

    def lopende_start(self, item: StartProduct) -> bool:
        """Whether a start of the same toegewezen product has no stop."""
        return self._lopend[toegewezen(item)] > 0

    def laatste_begin(self, item: StopProduct) -> date | None:
        """The latest Begindatum of the starts of the same toegewezen product."""
        return self._laatste_begin.get(toegewezen(item))

    def andere_stops(self, item: StopProduct) -> AndereStops:
        """The stops of the start that `item` ends, other than ones identical to it."""
        stops = self._stops_van.get(startsleutel(item))
        if stops is None:
            return GEEN_ANDERE
        return stops.andere(stopsleutel(item), item.reden_beeindiging == REDEN_TIJDELIJK)


@dataclass(frozen=True, slots=True)
class AndereStops:
    """The other stops of a start: whether one is temporary, one definitive, the latest end."""

    tijdelijk: bool
    definitief: bool
    laatste_einddatum: date | None


GEEN_ANDERE = AndereStops(False, False, None)


class _StopsVanStart:
    """What the sequence rules ask of the stops of one start, kept up to date per stop."""

    __slots__ = ("_aantal", "_tijdelijk", "_definitief", "_laatste")

    def __init__(self) -> None:
        self._aantal: Counter[Stopsleutel] = Counter()
        self._tijdelijk = 0
        self._definitief = 0
        # The two distinct keys with the latest Einddatum: enough to leave any one key out.
        self._laatste: list[tuple[date, Stopsleutel]] = []

    def add(self, stop: StopStand) -> None:
        key = stopsleutel(stop)
        self._aantal[key] += 1
        if stop.tijdelijk:
            self._tijdelijk += 1
        else:
            self._definitief += 1
        if all(other != key for _, other in self._laatste):
            self._laatste = sorted([*self._laatste, (stop.einddatum, key)], reverse=True)[:2]

    def andere(self, key: Stopsleutel, tijdelijk: bool) -> AndereStops:
        zelfde = self._aantal[key]
        laatste = next((einde for einde, other in self._laatste if other != key), None)
        return AndereStops(
            self._tijdelijk - (zelfde if tijdelijk else 0) > 0,
            self._definitief - (0 if tijdelijk else zelfde) > 0,
            laatste,
        )


def _opgeslagen(bericht: Bericht, ctx: Context) -> tuple[list[StartStand], list[StopStand]]:
    wie = partijen(bericht)
    return (
        ctx.state.starts(wie.gemeente, wie.aanbieder, wie.bsn),
        ctx.state.stops(wie.gemeente, wie.aanbieder, wie.bsn),
    )


def opgeslagen(bericht: Bericht, ctx: Context) -> Stand:
    """The stored, not deleted starts and stops of this client from this aanbieder."""
    return Stand(*_opgeslagen(bericht, ctx))


def verwijderingen(bericht: Bericht) -> list[Any]:
    """The message's StartProducts or StopProducts with StatusAanlevering 3."""
    return [p for p in bericht.view.client.producten if p.status_aanlevering == VERWIJDEREN]


def toevoegingen(bericht: Bericht) -> list[Any]:
    """The message's StartProducts or StopProducts with StatusAanlevering 1."""
    return [p for p in bericht.view.client.producten if p.status_aanlevering == EERSTE_AANLEVERING]


@dataclass(frozen=True, slots=True)
class NieuweStart:
    """A status-1 StartProduct and what the stand it meets says of it."""

    product: StartProduct
    bekend: bool
    """A start with its key is there already."""
    lopend: bool
    """A start of its toegewezen product has no stop."""


@dataclass(frozen=True, slots=True)
class NieuweStop:
    """A status-1 StopProduct and what the stand it meets says of it."""

    product: StopProduct
    start_bekend: bool
    """The start it ends is there."""
    laatste_begin: date | None
    """The latest Begindatum of the starts of its toegewezen product."""
    bekend: bool
    """A stop with its key is there already."""
    andere: AndereStops
    """The other stops of the start it ends."""


def nieuwe_starts(bericht: Bericht, ctx: Context) -> list[NieuweStart]:
    """Each status-1 StartProduct, in order of Begindatum, judged against the stand it meets."""
    return _once(ctx, "nieuwe_starts", bericht, _nieuwe_starts)


def _nieuwe_starts(bericht: Bericht, ctx: Context) -> list[NieuweStart]:
    starts, stops = _opgeslagen(bericht, ctx)
    weg = {startsleutel(p) for p in verwijderingen(bericht)}
    stand = Stand((s for s in starts if startsleutel(s) not in weg), stops)
    found = []
    for product in sorted(toevoegingen(bericht), key=lambda p: p.begindatum):
        found.append(NieuweStart(product, stand.heeft_start(product), stand.lopende_start(product)))
        stand.add_start(StartStand(product.toewijzing_nummer, product.product, product.begindatum))
    return found


def nieuwe_stops(bericht: Bericht, ctx: Context) -> list[NieuweStop]:
    """Each status-1 StopProduct, by Einddatum (temporary first), judged against its stand."""
    return _once(ctx, "nieuwe_stops", bericht, _nieuwe_stops)


def _nieuwe_stops(bericht: Bericht, ctx: Context) -> list[NieuweStop]:
    starts, stops = _opgeslagen(bericht, ctx)
    weg = {stopsleutel(p) for p in verwijderingen(bericht)}
    stand = Stand(starts, (s for s in stops if stopsleutel(s) not in weg))
    volgorde = sorted(
        toevoegingen(bericht), key=lambda p: (p.einddatum, p.reden_beeindiging != REDEN_TIJDELIJK)
    )
    found = []
    for product in volgorde:
        found.append(
            NieuweStop(
                product,
                stand.heeft_start(product),
                stand.laatste_begin(product),
                stand.heeft_stop(product),
                stand.andere_stops(product),
            )
        )
        stand.add_stop(
            StopStand(
                product.toewijzing_nummer,
                product.product,
                product.begindatum,
                product.reden_beeindiging,
                product.einddatum,
            )
        )
    return found


def _once(ctx: Context, name: str, bericht: Bericht, derive: Callable[[Bericht, Context], T]) -> T:
    """`derive(bericht, ctx)`, computed once per run for the several rules that ask it."""
    key = (name, id(bericht))
    found = ctx.shared.get(key)
    if found is None or found[0] is not bericht:
        found = ctx.shared[key] = (bericht, derive(bericht, ctx))
    return found[1]


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
