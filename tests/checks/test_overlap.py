"""The overlap index finds exactly the pairs, in exactly the order, of the loop over every pair."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.checks.overlap import (
    PAARSGEWIJS,
    Overlapindex,
    Periode,
    Soort,
    overlapping_pairs,
    paarsgewijs,
)
from app.ijw.producten import overlappen, zelfde_product
from app.ijw.views import Product
from tests.work import growth

SOORTEN: list[Soort] = [
    None,
    ("45", None),
    ("45", "45A48"),
    ("45", "45A01"),
    ("43", None),
    ("43", ""),
]
DAY = date(2026, 1, 1)

periodes = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 40), st.one_of(st.none(), st.integers(-3, 40))).map(
        lambda p: (DAY + timedelta(p[0]), None if p[1] is None else DAY + timedelta(p[0] + p[1]))
    ),
)
items = st.lists(st.tuples(st.sampled_from(SOORTEN), periodes), max_size=40)


def _product(soort: Soort) -> Product | None:
    return None if soort is None else Product(*soort)


def _same(a: tuple[Soort, Periode], b: tuple[Soort, Periode]) -> bool:
    """The pairwise rules' own test: `zelfde_product` and `overlappen` on the views."""
    if a[1] is None or b[1] is None:
        return False
    return zelfde_product(_product(a[0]), _product(b[0])) and overlappen(*a[1], *b[1])


@settings(max_examples=300, deadline=None)
@given(items)
def test_pairs_match_the_loop_over_every_pair(found: list[tuple[Soort, Periode]]) -> None:
    numbered = list(enumerate(found))
    expected = [(i, j) for j in range(len(found)) for i in range(j) if _same(found[i], found[j])]

    pairs = overlapping_pairs(numbered, lambda x: x[1][0], lambda x: x[1][1])

    assert [(a[0], b[0]) for a, b in pairs] == expected


def _getallen(periode: Periode) -> tuple[float, float | None] | None:
    """A period as numbers of its dates, of the same order: YYYYMMDD."""
    if periode is None:
        return None
    begin, einde = periode
    return float(f"{begin:%Y%m%d}"), None if einde is None else float(f"{einde:%Y%m%d}")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SOORTEN), periodes), max_size=PAARSGEWIJS))
def test_a_few_periods_as_numbers_pair_as_their_dates(found: list[tuple[Soort, Periode]]) -> None:
    numbered = list(enumerate(found))
    as_dates = overlapping_pairs(numbered, lambda x: x[1][0], lambda x: x[1][1])
    as_numbers = paarsgewijs(numbered, lambda x: x[1][0], lambda x: _getallen(x[1][1]))
    assert [(a[0], b[0]) for a, b in as_numbers] == [(a[0], b[0]) for a, b in as_dates]


def test_more_than_a_few_periods_are_not_tried_as_numbers() -> None:
    with pytest.raises(ValueError, match="pairwise"):
        paarsgewijs(list(range(PAARSGEWIJS + 1)), lambda x: None, lambda x: None)


@settings(max_examples=200, deadline=None)
@given(items, items)
def test_index_answers_every_period_asked(known: list, asked: list) -> None:
    index = Overlapindex(known)
    for position in range(len(known)):
        index.switch_on(position)

    for soort, periode in asked:
        expected = [i for i, item in enumerate(known) if _same(item, (soort, periode))]
        assert index.overlapping(soort, periode) == expected


def test_an_item_is_found_only_once_switched_on() -> None:
    index = Overlapindex([(("45", None), (DAY, None)), (None, (DAY, DAY))])

    assert index.overlapping(("45", "45A48"), (DAY, DAY)) == []
    index.switch_on(1)
    assert index.overlapping(("45", "45A48"), (DAY, DAY)) == [1]
    index.switch_on(0)
    assert index.overlapping(("45", "45A48"), (DAY, DAY)) == [0, 1]


def test_disjoint_periods_cost_n_log_n_not_n_squared() -> None:
    def disjoint(n: int) -> list:
        return [
            (("45", "45A48"), (DAY + timedelta(2 * i), DAY + timedelta(2 * i))) for i in range(n)
        ]

    work = {n: disjoint(n) for n in (500, 2000)}

    assert (
        growth(
            lambda n: list(overlapping_pairs(work[n], lambda x: x[0], lambda x: x[1])), 500, 2000
        )
        < 1.5
    )
