"""Which products overlap in time, found in O((n + pairs) log n) rather than by trying every pair.

"Same product" is the standard's (`app.ijw.producten.zelfde_product`): no Product matches
all, else one Categorie with Codes equal or missing. Periods are inclusive, an open end is
infinite. Answers come in the order a loop over every earlier item would give them, so the
rules that use this report exactly what the pairwise loop reported, and stop early as cheaply.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")

Soort = tuple[str | None, str | None] | None
"""(Categorie, Code) of a product, Code None when absent; None for no Product at all."""
Periode = tuple[date, date | None] | None
"""(begin, end) with an open end as None; None for an item without a period (overlaps none)."""

Getallen = tuple[float, float | None] | None
"""A period as the numbers of its dates (`lexicaal.datumgetal`): enough to compare two."""

_OPEN = date.max.toordinal()
PAARSGEWIJS = 8
"""Up to this many items every pair is tried: cheaper than building the index (the usual case)."""


class _Intervallen:
    """Periods in order of begin; those switched on say which overlap [b, e] in O((k + 1) log n).

    A tree over that order holds the latest end switched on below each node, so a search enters
    a node only when an answer lies beneath it.
    """

    __slots__ = ("_begins", "_ends", "_indices", "_position", "_size", "_latest")

    def __init__(self, entries: list[tuple[int, int, int]]) -> None:
        entries.sort()
        self._begins = [begin for begin, _, _ in entries]
        self._ends = [end for _, end, _ in entries]
        self._indices = [index for _, _, index in entries]
        self._position = {index: position for position, index in enumerate(self._indices)}
        size = 1
        while size < len(entries):
            size *= 2
        self._size = size
        self._latest = [-1] * (2 * size)

    def switch_on(self, index: int) -> None:
        position = self._position[index]
        end, node, latest = self._ends[position], position + self._size, self._latest
        while node and latest[node] < end:
            latest[node] = end
            node >>= 1

    def overlapping(self, begin: int, end: int) -> list[int]:
        limit = bisect_right(self._begins, end)  # begins up to `end`: a prefix in this order
        latest, found = self._latest, []
        stack = [(1, 0, self._size)]
        while stack:
            node, low, high = stack.pop()
            if low >= limit or latest[node] < begin:
                continue
            if high - low == 1:
                found.append(self._indices[low])
                continue
            middle = (low + high) // 2
            stack.append((2 * node + 1, middle, high))
            stack.append((2 * node, low, middle))
        return found


class Overlapindex:
    """The periods of a list of products; each switched on answers for the periods asked after."""

    def __init__(self, items: Sequence[tuple[Soort, Periode]]) -> None:
        # Five kinds of group, so that "same product" is a union of at most three of them:
        # everything; one Categorie; one Categorie and Code; one Categorie without Code; no Product.
        groups: dict[tuple, list[tuple[int, int, int]]] = {}
        self._groups_of: list[tuple[tuple, ...]] = []
        for index, (soort, periode) in enumerate(items):
            keys = _groups(soort) if periode is not None else ()
            self._groups_of.append(keys)
            if keys and periode is not None:
                entry = (_ordinal(periode[0]), _end(periode[1]), index)
                for key in keys:
                    groups.setdefault(key, []).append(entry)
        self._groups = {key: _Intervallen(entries) for key, entries in groups.items()}

    def switch_on(self, index: int) -> None:
        """Let item `index` be found from now on."""
        for key in self._groups_of[index]:
            self._groups[key].switch_on(index)

    def overlapping(self, soort: Soort, periode: Periode) -> list[int]:
        """The items switched on that are the same product and overlap `periode`, in order."""
        if periode is None:
            return []
        begin, end = _ordinal(periode[0]), _end(periode[1])
        found: list[int] = []
        for key in _asked(soort):
            group = self._groups.get(key)
            if group is not None:
                found += group.overlapping(begin, end)
        found.sort()
        return found


def overlapping_pairs(
    items: Sequence[T], soort: Callable[[T], Soort], periode: Callable[[T], Periode]
) -> Iterator[tuple[T, T]]:
    """(earlier, later) for every pair of the same product whose periods overlap.

    Ordered by the later item, then the earlier one: as `for j: for i < j` would find them.
    """
    # A function, not a generator: the usual few items go straight to `_pairwise`.
    if len(items) <= PAARSGEWIJS:
        return _pairwise(items, soort, periode)
    return _indexed(items, soort, periode)


def paarsgewijs(
    items: Sequence[T], soort: Callable[[T], Soort], getallen: Callable[[T], Getallen]
) -> Iterator[tuple[T, T]]:
    """`overlapping_pairs` of at most `PAARSGEWIJS` items, each period given as numbers.

    Only the index needs dates; trying every pair compares the numbers as they are.
    """
    if len(items) > PAARSGEWIJS:
        raise ValueError(f"{len(items)} items are more than {PAARSGEWIJS} to try pairwise")
    return _pairwise(items, soort, getallen)


def _indexed(
    items: Sequence[T], soort: Callable[[T], Soort], periode: Callable[[T], Periode]
) -> Iterator[tuple[T, T]]:
    """`overlapping_pairs` through an `Overlapindex`."""
    index = Overlapindex([(soort(item), periode(item)) for item in items])
    for position, later in enumerate(items):
        for earlier in index.overlapping(soort(later), periode(later)):
            yield items[earlier], later
        index.switch_on(position)


def _groups(soort: Soort) -> tuple[tuple, ...]:
    if soort is None:
        return (("alle",), ("geen",))
    categorie, code = soort
    if code is None:
        return (("alle",), ("categorie", categorie), ("zonder code", categorie))
    return (("alle",), ("categorie", categorie), ("code", categorie, code))


def _asked(soort: Soort) -> tuple[tuple, ...]:
    if soort is None:
        return (("alle",),)
    categorie, code = soort
    if code is None:
        return (("categorie", categorie), ("geen",))
    return (("code", categorie, code), ("zonder code", categorie), ("geen",))


def _ordinal(day: date) -> int:
    return day.toordinal()


def _end(day: date | None) -> int:
    return _OPEN if day is None else day.toordinal()


def _pairwise(
    items: Sequence[T],
    soort: Callable[[T], Soort],
    periode: Callable[[T], Periode] | Callable[[T], Getallen],
) -> Iterator[tuple[T, T]]:
    """`overlapping_pairs` by trying every pair, in the same order.

    Periods are read only once a pair of the same product turns up: most never do.
    """
    soorten = [soort(item) for item in items]
    perioden: list[Any] | None = None
    for later, soort_later in enumerate(soorten):
        for earlier in range(later):
            if not _zelfde(soorten[earlier], soort_later):
                continue
            if perioden is None:
                perioden = [periode(item) for item in items]  # dates or numbers: compared only
            periode_later = perioden[later]
            if periode_later is None:
                break
            periode_earlier = perioden[earlier]
            if periode_earlier is None:
                continue
            begin, end = periode_later
            if (end is None or periode_earlier[0] <= end) and (
                periode_earlier[1] is None or begin <= periode_earlier[1]
            ):
                yield items[earlier], items[later]


def _zelfde(a: Soort, b: Soort) -> bool:
    """`zelfde_product` on (Categorie, Code) pairs."""
    if a is None or b is None:
        return True
    return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1])
