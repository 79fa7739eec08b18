"""Start rules (JW305): 9019, 9063, 9071, 9074 and 9326, with in-message corrections (§5.3)."""

from __future__ import annotations

import pytest

from tests.checks.cross.fake_state import AANBIEDER, ANDERE_AANBIEDER, GEMEENTE, FakeState
from tests.checks.cross.kit import (
    BSN_ANDER,
    BSN_REGIE,
    SP,
    SP_AT,
    check,
    found,
    start,
    start_state,
)
from tests.checks.messages.intra_kit import insert, remove, set_text

S1, S2 = f"{SP_AT}[1]", f"{SP_AT}[2]"


def _stored_starts(state: FakeState) -> list:
    return state.stored_starts.setdefault((GEMEENTE, AANBIEDER, BSN_REGIE), [])


def _without_toewijzingnummer(root, index: int):
    remove(root, f"{SP}[{index}]/ToewijzingNummer")
    return root


# --- 9019 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "toewijzing",
    [
        None,  # unknown number
        {"bsn": BSN_ANDER},  # another client's toewijzing
        {"aanbieder": ANDERE_AANBIEDER},  # another aanbieder's toewijzing
        {"einddatum": "2026-04-01", "reden_wijziging": "13"},  # deleted: never sent
        {"product": ("45", "45A02")},  # another code
        {"product": ("45", None)},  # aspecific toewijzing, the start names a code
        {"product": None},  # generic toewijzing, the start names a product
    ],
)
def test_9019_start_not_linked_to_a_toewijzing_of_this_client(toewijzing):
    state = FakeState().add_toewijzing(300202, BSN_REGIE, ("43", None), "2026-04-01")
    state.add_start(BSN_REGIE, 300202, ("43", None), "2026-04-15")
    if toewijzing is not None:
        args = {"bsn": BSN_REGIE, "product": ("45", "45A01"), "einddatum": "2026-12-31"}
        args.update(toewijzing)
        bsn, product, eind = args.pop("bsn"), args.pop("product"), args.pop("einddatum")
        state.add_toewijzing(300201, bsn, product, "2026-04-01", eind, **args)
    issues = check(start(), state)
    assert found(issues) == [("TR019", "9019", S1)]
    assert BSN_REGIE not in issues[0].message


@pytest.mark.parametrize(
    ("toewijzing_product", "drop"),
    [
        (("45", None), "Product/Code"),  # aspecific: the start names the Categorie only
        (None, "Product"),  # generic: the start names no Product
    ],
)
def test_9019_aspecific_and_generic_starts_match_their_toewijzing(toewijzing_product, drop):
    root = remove(start(), f"{SP}[1]/{drop}")
    state = FakeState().add_toewijzing(300201, BSN_REGIE, toewijzing_product, "2026-04-01")
    state.add_toewijzing(300202, BSN_REGIE, ("43", None), "2026-04-01")
    state.add_start(BSN_REGIE, 300202, ("43", None), "2026-04-15")
    assert check(root, state) == []


def test_9019_not_checked_without_toewijzingnummer():
    root = _without_toewijzingnummer(start(), 1)  # taakgericht (IV096)
    state = start_state()
    state.stored_toewijzingen.clear()
    assert check(root, state) == []


def test_9019_accepts_a_toewijzing_that_has_ended():
    # A start may be reported late, after the toewijzing ended: no code exists for dates.
    state = FakeState().add_toewijzing(
        300201, BSN_REGIE, ("45", "45A01"), "2026-04-01", "2026-04-10"
    )
    state.add_toewijzing(300202, BSN_REGIE, ("43", None), "2026-04-01", "2026-04-30")
    state.add_start(BSN_REGIE, 300202, ("43", None), "2026-04-15")
    assert check(start(), state) == []


# --- 9063 / 9071 ------------------------------------------------------------------------------


def test_9063_deleting_a_start_never_delivered():
    state = start_state()
    _stored_starts(state).clear()
    assert found(check(start(), state)) == [("TR063", "9063", S2)]


def test_9063_deleting_a_start_with_another_begindatum():
    root = set_text(start(), f"{SP}[2]/Begindatum", "2026-04-14")
    assert found(check(root, start_state())) == [("TR063", "9063", S2)]


def test_9063_deletion_gets_no_content_checks():
    # The deleted start's toewijzing is unknown: no 9019 for a status-3 product.
    state = start_state()
    state.stored_toewijzingen.pop()
    assert check(start(), state) == []


def test_9071_deleting_a_start_that_has_a_stop():
    state = start_state().add_stop(
        BSN_REGIE, 300202, ("43", None), "2026-04-15", "20", "2026-04-15"
    )
    issues = check(start(), state)
    assert found(issues) == [("TR071", "9071", S2)]
    assert "stop" in issues[0].message


def test_9071_stop_of_another_start_does_not_block():
    state = start_state().add_stop(
        BSN_REGIE, 300202, ("43", None), "2026-04-01", "20", "2026-04-10"
    )
    assert check(start(), state) == []


# --- 9074 / 9326 ------------------------------------------------------------------------------


def test_9074_start_already_received():
    state = start_state().add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-03")
    # A resend is a duplicate, not a second current start: 9074 alone.
    assert found(check(start(), state)) == [("TR074", "9074", S1)]


def test_9326_second_start_without_a_stop():
    state = start_state().add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-01")
    issues = check(start(), state)
    assert found(issues) == [("TR326", "9326", S1)]


@pytest.mark.parametrize("reden", ["20", "31"], ids=["after-temporary", "after-definitive"])
def test_9326_new_start_after_any_stop_passes(reden):
    state = start_state().add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-01")
    state.add_stop(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-01", reden, "2026-04-02")
    assert check(start(), state) == []


def test_9326_stop_of_another_start_does_not_end_the_current_one():
    state = start_state().add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-01")
    state.add_stop(BSN_REGIE, 300201, ("45", "45A01"), "2026-03-01", "31", "2026-03-31")
    assert [i.retourcode for i in check(start(), state)] == ["9326"]


def test_9326_taakgericht_start_compares_by_product():
    root = _without_toewijzingnummer(start(), 1)
    state = start_state().add_start(BSN_REGIE, None, ("45", "45A01"), "2026-04-01")
    assert found(check(root, state)) == [("TR326", "9326", S1)]
    state = start_state().add_start(BSN_REGIE, None, ("45", "45A02"), "2026-04-01")
    assert check(root, state) == []


def test_9326_two_new_starts_of_one_toewijzing_in_one_message():
    root = set_text(start(), f"{SP}[2]/StatusAanlevering", "1")
    set_text(root, f"{SP}[2]/ToewijzingNummer", "300201")
    set_text(root, f"{SP}[2]/Product/Categorie", "45")
    insert(root, f"{SP}[2]/Product", "<ijw:Code>45A01</ijw:Code>")
    set_text(root, f"{SP}[2]/Begindatum", "2026-04-10")
    state = start_state()
    _stored_starts(state).clear()
    # The later Begindatum is the second start, whatever the order in the message.
    assert found(check(root, state)) == [("TR326", "9326", S2)]


# --- corrections in one message (IV008) -------------------------------------------------------


def test_correction_delete_and_add_for_one_toewijzing_in_one_message():
    """305 with S1 deleted (status 3) and S1' added: the new start meets no current start."""
    root = set_text(start(), f"{SP}[2]/ToewijzingNummer", "300201")
    set_text(root, f"{SP}[2]/Product/Categorie", "45")
    insert(root, f"{SP}[2]/Product", "<ijw:Code>45A01</ijw:Code>")
    set_text(root, f"{SP}[2]/Begindatum", "2026-04-01")
    state = start_state()
    _stored_starts(state)[:] = []
    state.add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-01")
    assert check(root, state) == []
    # Without the deletion the same addition is a second current start.
    remove(root, f"{SP}[2]")
    assert found(check(root, state)) == [("TR326", "9326", SP_AT)]
