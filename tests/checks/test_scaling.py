"""Judging a message costs work in proportion to its size, however often a class repeats.

Repeated identical products are the worst case for rules that compare siblings: every copy
repeats the key of, and overlaps, every earlier one. The tests count function calls (see
`tests/work.py`) for n and 4n products: linear work grows 4 times, quadratic work 16 times.
"""

from __future__ import annotations

import pytest

from app.checks.pipeline import MAX_ISSUES, judge
from app.ijw.schemas import default_registry
from app.ijw.tree import Locator
from tests.ijw.repeated import REPEATED, message
from tests.work import growth

SMALL, LARGE = 100, 400
MAX_GROWTH = 1.5
"""Linear work grows by about 1 (times LARGE / SMALL); n log n a little more; n² by 4."""


@pytest.mark.parametrize("distinct", [False, True], ids=["identical", "distinct-keys"])
@pytest.mark.parametrize("message_type", sorted(REPEATED))
def test_judging_repeated_products_is_linear(message_type: str, distinct: bool) -> None:
    registry = default_registry()
    messages = {n: message(message_type, n, distinct=distinct) for n in (SMALL, LARGE)}
    for data in messages.values():
        assert judge(data, registry).xsd_valid  # a schema-invalid message proves nothing here

    assert growth(lambda n: judge(messages[n], registry), SMALL, LARGE) < MAX_GROWTH


def test_identical_products_stop_at_the_issue_cap() -> None:
    verdict = judge(message("JW315", 100), default_registry())

    # One key duplicate named at all 100, then 4,950 pairs repeating a ReferentieAanbieder
    # (and as many overlapping): only the first are listed.
    assert len(verdict.issues) == MAX_ISSUES and verdict.issues_truncated
    assert [i.code for i in verdict.issues[:100]] == ["TR101"] * 100
    assert {i.code for i in verdict.issues[100:]} == {"TR383"}
    assert verdict.issues[100].location.endswith("/AangevraagdProduct[1]/ReferentieAanbieder")
    assert verdict.issues[100].message == (
        "ReferentieAanbieder is repeated by AangevraagdProduct[2]"
    )


def test_a_clean_message_is_not_truncated() -> None:
    verdict = judge(message("JW315", 50, distinct=True), default_registry())

    assert verdict.valid and not verdict.issues_truncated


def test_each_parent_is_indexed_once_whatever_the_number_of_locations() -> None:
    verdict = judge(message("JW305", 300), default_registry())
    locator = Locator()
    producten = verdict.bericht.view.client.producten

    locations = [locator(p.element) for p in producten]

    # Root, Client and StartProducten: three parents, however many products are located.
    assert locator.walks == 3
    assert locations[0].endswith("/StartProducten/StartProduct[1]")
    assert locations[-1].endswith("/StartProducten/StartProduct[300]")
