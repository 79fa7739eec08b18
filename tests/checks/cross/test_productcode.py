"""S329 (TR381): ProductCode against the product code list, on every inbound type."""

from __future__ import annotations

import pytest

from tests.checks.cross.fake_state import AANBIEDER, GEMEENTE, FakeProductcodes
from tests.checks.cross.kit import (
    AP,
    AP_AT,
    BSN_REGIE,
    EP_AT,
    NP_AT,
    SP,
    SP_AT,
    check,
    found,
    start,
    start_state,
    stop,
    stop_state,
    vot,
    vot_state,
    vow,
    vow_state,
)
from tests.checks.messages.intra_kit import set_text

ZONDER_45A0X = FakeProductcodes(frozenset({("43", "43A01")}))
"""A list in which none of the base messages' 45 codes fits."""


@pytest.mark.parametrize(
    ("base", "state", "locations"),
    [
        (vot, vot_state, [f"{AP_AT}[1]"]),  # [2] is aspecific and [3] generic: nothing to judge
        (vow, vow_state, [f"{NP_AT}[1]"]),  # [2] is aspecific
        (start, start_state, [f"{SP_AT}[1]"]),  # [2] is a deletion
        (stop, stop_state, [f"{EP_AT}[1]", f"{EP_AT}[2]"]),
    ],
)
def test_s329_code_outside_the_list(base, state, locations):
    issues = check(base(), state(), productcodes=ZONDER_45A0X)
    assert {i.retourcode for i in issues} == {"S329"}
    assert {i.code for i in issues} == {"TR381"}
    assert [i.location for i in issues] == locations


@pytest.mark.parametrize(
    ("base", "state"),
    [(vot, vot_state), (vow, vow_state), (start, start_state), (stop, stop_state)],
)
def test_s329_skipped_when_no_list_is_configured(base, state):
    assert check(base(), state(), productcodes=None) == []


def test_s329_code_under_another_categorie():
    root = set_text(vot(), f"{AP}[1]/Product/Categorie", "43")
    issues = check(root, vot_state())
    assert found(issues) == [("TR381", "S329", f"{AP_AT}[1]")]
    assert "45A01" in issues[0].message and "43" in issues[0].message


def test_s329_not_judged_on_a_deleted_start():
    root = set_text(start(), f"{SP}[1]/StatusAanlevering", "3")
    state = start_state().add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-03")
    assert check(root, state, productcodes=ZONDER_45A0X) == []
    set_text(root, f"{SP}[1]/StatusAanlevering", "1")
    state.stored_starts[(GEMEENTE, AANBIEDER, BSN_REGIE)].pop()
    assert found(check(root, state, productcodes=ZONDER_45A0X)) == [
        ("TR381", "S329", f"{SP_AT}[1]")
    ]
