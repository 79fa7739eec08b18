"""Stop rules (JW307): 9019, 9069, 9063, 9074 and the stop sequence 9413–9415 (§5.4)."""

from __future__ import annotations

import pytest

from tests.checks.cross.fake_state import AANBIEDER, GEMEENTE
from tests.checks.cross.kit import (
    BSN_REGIE,
    EP,
    EP_AT,
    check,
    found,
    stop,
    stop_state,
)
from tests.checks.messages.intra_kit import find, remove, set_text

E1, E2 = f"{EP_AT}[1]", f"{EP_AT}[2]"


def _only(index: int):
    """The base 307 with only its stop [index]: 1 is temporary (06-30), 2 definitive (07-17)."""
    root = stop()
    remove(root, f"{EP}[{2 if index == 1 else 1}]")
    return root


ONE = EP_AT
"""Location of the stop in a message that has only one."""


def _stored_stop(state, reden: str, einddatum: str, begindatum: str = "2026-04-03"):
    return state.add_stop(BSN_REGIE, 300201, ("45", "45A01"), begindatum, reden, einddatum)


# --- sequences of stops -----------------------------------------------------------------------


def test_temporary_and_definitive_in_one_message_in_either_order():
    root = stop()
    assert check(root, stop_state()) == []
    first = find(root, f"{EP}[1]")
    first.getparent().append(first)  # definitive stop now comes first in the message
    assert check(root, stop_state()) == []


def test_temporary_then_definitive_across_messages():
    state = _stored_stop(stop_state(), "20", "2026-06-30")
    assert check(_only(2), state) == []


def test_9415_no_stop_after_a_definitive_stop():
    state = _stored_stop(stop_state(), "31", "2026-07-17")
    root = set_text(_only(2), f"{EP}/Einddatum", "2026-07-20")
    issues = check(root, state)
    assert found(issues) == [("TR415", "9415", ONE)]
    assert "new start" in issues[0].message


def test_9415_and_9413_after_a_definitive_stop_a_temporary_one():
    state = _stored_stop(stop_state(), "20", "2026-06-01")
    _stored_stop(state, "31", "2026-06-15")
    issues = check(_only(1), state)  # temporary, 06-30
    assert [i.retourcode for i in issues] == ["9413", "9415"]
    assert {i.location for i in issues} == {ONE}


def test_9414_definitive_stop_ends_before_the_temporary_one():
    state = _stored_stop(stop_state(), "20", "2026-06-30")
    root = set_text(_only(2), f"{EP}/Einddatum", "2026-06-15")
    issues = check(root, state)
    assert found(issues) == [("TR414", "9414", ONE)]
    assert "2026-06-30" in issues[0].message


def test_9414_same_einddatum_passes():
    state = _stored_stop(stop_state(), "20", "2026-06-30")
    root = set_text(_only(2), f"{EP}/Einddatum", "2026-06-30")
    assert check(root, state) == []


def test_9413_second_temporary_stop():
    state = _stored_stop(stop_state(), "20", "2026-05-31")
    issues = check(_only(1), state)
    assert found(issues) == [("TR413", "9413", ONE)]


def test_9413_9414_9415_ignore_stops_of_another_start():
    state = _stored_stop(stop_state(), "31", "2026-03-31", begindatum="2026-03-01")
    assert check(stop(), state) == []


# --- 9074 / 9063 ------------------------------------------------------------------------------


def test_9074_stop_already_received():
    state = _stored_stop(stop_state(), "31", "2026-07-17")
    # A resend is a duplicate: 9074 alone, not also "a stop after a definitive stop".
    assert found(check(_only(2), state)) == [("TR074", "9074", ONE)]


def test_9063_deleting_a_stop_never_delivered():
    root = set_text(_only(1), f"{EP}/StatusAanlevering", "3")
    assert found(check(root, stop_state())) == [("TR063", "9063", ONE)]


@pytest.mark.parametrize(
    ("reden", "eind"), [("31", "2026-06-30"), ("20", "2026-06-29")], ids=["reden", "einddatum"]
)
def test_9063_the_stop_key_includes_reden_and_einddatum(reden, eind):
    state = _stored_stop(stop_state(), reden, eind)
    root = set_text(_only(1), f"{EP}/StatusAanlevering", "3")
    assert [i.retourcode for i in check(root, state)] == ["9063"]


def test_9063_deleting_a_delivered_stop_passes_without_other_checks():
    # The start is unknown: a deletion gets no 9069 or 9019.
    state = _stored_stop(stop_state(), "20", "2026-06-30")
    state.stored_starts.clear()
    state.stored_toewijzingen.clear()
    root = set_text(_only(1), f"{EP}/StatusAanlevering", "3")
    assert check(root, state) == []


def test_correction_of_a_stop_in_one_message():
    """Casus 4: delete the temporary stop and send it again with another Einddatum."""
    state = _stored_stop(stop_state(), "20", "2026-06-30")
    root = stop()
    set_text(root, f"{EP}[1]/StatusAanlevering", "3")
    set_text(root, f"{EP}[2]/RedenBeeindiging", "20")
    set_text(root, f"{EP}[2]/Einddatum", "2026-06-20")
    assert check(root, state) == []
    # Without the deletion the new temporary stop follows the stored one.
    remove(root, f"{EP}[1]")
    assert [i.retourcode for i in check(root, state)] == ["9413", "9414"]


# --- 9069 -------------------------------------------------------------------------------------


def test_9069_stop_of_a_start_never_delivered():
    state = stop_state()
    state.stored_starts.clear()
    issues = check(_only(2), state)
    assert found(issues) == [("TR382", "9069", ONE)]


def test_9069_stop_of_a_start_that_is_not_the_latest():
    state = stop_state().add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-07-01")
    _stored_stop(state, "20", "2026-06-30")
    issues = check(_only(2), state)
    assert found(issues) == [("TR382", "9069", ONE)]
    assert "2026-07-01" in issues[0].message


def test_9069_latest_start_after_a_temporary_stop_can_be_stopped():
    state = _stored_stop(stop_state(), "20", "2026-06-30")
    state.add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-07-01")
    root = set_text(_only(2), f"{EP}/Begindatum", "2026-07-01")
    assert check(root, state) == []


def test_9069_latest_start_is_per_toegewezen_product():
    state = stop_state().add_start(BSN_REGIE, 300299, ("45", "45A01"), "2026-07-01")
    assert check(stop(), state) == []


def test_9069_product_is_part_of_the_start_key():
    root = set_text(_only(2), f"{EP}/Product/Code", "45A02")
    issues = check(root, stop_state())
    # Also 9019: the toewijzing's product is 45A01.
    assert [(i.retourcode, i.location) for i in issues] == [("9019", ONE), ("9069", ONE)]


# --- 9019 -------------------------------------------------------------------------------------


def test_9019_stop_of_an_unknown_toewijzing():
    state = stop_state()
    state.stored_toewijzingen.clear()
    assert found(check(_only(2), state)) == [("TR019", "9019", ONE)]


def test_starts_from_another_aanbieder_do_not_count():
    state = stop_state()
    key = (GEMEENTE, AANBIEDER, BSN_REGIE)
    state.stored_starts[(GEMEENTE, "87654321", BSN_REGIE)] = state.stored_starts.pop(key)
    assert [i.retourcode for i in check(stop(), state)] == ["9069", "9069"]


def test_base_stop_message_holds_the_temporary_stop_first():
    # Guard for `_only`.
    root = stop()
    assert find(root, f"{EP}[1]/RedenBeeindiging").text == "20"
    assert find(root, f"{EP}[2]/RedenBeeindiging").text == "31"
