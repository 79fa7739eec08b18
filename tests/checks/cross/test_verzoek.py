"""VOT (JW315) rules 9347 and 9374, ijw-domain.md §5.1."""

from __future__ import annotations

import pytest

from tests.checks.cross.fake_state import AANBIEDER, ANDERE_AANBIEDER, GEMEENTE
from tests.checks.cross.kit import (
    AP_AT,
    BSN_ANDER,
    BSN_VOT,
    CLIENT_AT,
    check,
    found,
    vot,
    vot_state,
)


def test_9347_referentie_used_before_marks_that_product():
    state = vot_state()
    state.referenties.add((GEMEENTE, AANBIEDER, "VOT-T-2"))
    issues = check(vot(), state)
    assert found(issues) == [("TR347", "9347", f"{AP_AT}[2]")]
    assert "VOT-T-2" in issues[0].message


def test_9347_marks_every_reused_referentie():
    state = vot_state()
    state.referenties |= {(GEMEENTE, AANBIEDER, "VOT-T-1"), (GEMEENTE, AANBIEDER, "VOT-T-3")}
    assert [i.location for i in check(vot(), state)] == [f"{AP_AT}[1]", f"{AP_AT}[3]"]


@pytest.mark.parametrize(
    "known",
    [
        (GEMEENTE, ANDERE_AANBIEDER, "VOT-T-2"),  # another aanbieder's reference
        ("0599", AANBIEDER, "VOT-T-2"),  # used at another gemeente
    ],
)
def test_9347_reference_is_per_gemeente_and_aanbieder(known):
    state = vot_state()
    state.referenties.add(known)
    assert check(vot(), state) == []


def test_9374_open_request_marks_the_client():
    state = vot_state()
    state.open_verzoeken.add((GEMEENTE, AANBIEDER, BSN_VOT))
    issues = check(vot(), state)
    assert found(issues) == [("TR374", "9374", CLIENT_AT)]
    assert BSN_VOT not in issues[0].message


@pytest.mark.parametrize(
    "open_verzoek",
    [(GEMEENTE, AANBIEDER, BSN_ANDER), (GEMEENTE, ANDERE_AANBIEDER, BSN_VOT)],
)
def test_9374_open_request_of_another_client_or_aanbieder_passes(open_verzoek):
    state = vot_state()
    state.open_verzoeken.add(open_verzoek)
    assert check(vot(), state) == []
