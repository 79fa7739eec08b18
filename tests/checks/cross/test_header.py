"""Header rules 9056, 8848 and S300, and the header-first short-circuit of `run`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.checks import cross
from app.checks.cross.state import StartStand
from app.ijw.tree import location
from app.ijw.views import Product
from tests.checks.cross.fake_state import AANBIEDER, GEMEENTE, FakeState
from tests.checks.cross.kit import (
    AP,
    BSN_REGIE,
    BSN_VOT,
    HEADER_AT,
    SP,
    TODAY,
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
from tests.checks.messages.intra_kit import bericht, set_text

BASES = {
    "JW315": (vot, vot_state, "446", "VOT-T-0001"),
    "JW317": (vow, vow_state, "486", "VOW-T-0001"),
    "JW305": (start, start_state, "438", "START-T-001"),
    "JW307": (stop, stop_state, "440", "STOP-T-001"),
}
TYPES = sorted(BASES)
DAGTEKENING = "Header/BerichtIdentificatie/Dagtekening"


@pytest.mark.parametrize("name", TYPES)
def test_base_message_is_clean_against_its_state(name):
    base, state, _, _ = BASES[name]
    assert check(base(), state()) == []


@pytest.mark.parametrize("name", TYPES)
def test_header_location_is_the_header_element(name):
    base = BASES[name][0]()
    assert location(bericht(base).header.element) == HEADER_AT


# --- 9056 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TYPES)
def test_9056_identificatie_used_before(name):
    base, state, berichtcode, identificatie = BASES[name]
    known = state()
    known.identificaties.add((AANBIEDER, berichtcode, identificatie))
    assert found(check(base(), known)) == [("TR056", "9056", HEADER_AT)]


@pytest.mark.parametrize(
    ("afzender", "berichtcode", "identificatie"),
    [
        ("87654321", "446", "VOT-T-0001"),  # another sender
        (AANBIEDER, "486", "VOT-T-0001"),  # the same id on a 317
        (AANBIEDER, "446", "VOT-T-0002"),  # another id
    ],
)
def test_9056_is_per_sender_berichtcode_and_identificatie(afzender, berichtcode, identificatie):
    known = vot_state()
    known.identificaties.add((afzender, berichtcode, identificatie))
    assert check(vot(), known) == []


# --- 8848 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TYPES)
def test_8848_dagtekening_after_today(name):
    base, state, _, _ = BASES[name]
    root = set_text(base(), DAGTEKENING, (TODAY + timedelta(days=1)).isoformat())
    issues = check(root, state())
    assert found(issues) == [("TR135", "8848", HEADER_AT)]
    assert "2026-07-22" in issues[0].message


def test_8848_dagtekening_on_today_passes():
    root = set_text(stop(), DAGTEKENING, TODAY.isoformat())
    assert check(root, stop_state()) == []


# --- S300 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TYPES)
def test_s300_unknown_gemeentecode(name):
    base, state, _, _ = BASES[name]
    root = set_text(base(), "Header/Ontvanger", "9999")
    assert found(check(root, state())) == [("TR378", "S300", HEADER_AT)]


def test_s300_old_code_rejected_when_every_date_is_after_the_herindeling():
    root = set_text(vot(), "Header/Ontvanger", "1234")  # ended 2025-12-31; base dates are 2026+
    assert found(check(root, vot_state())) == [("TR378", "S300", HEADER_AT)]


def test_s300_old_code_valid_on_a_toewijzing_ingangsdatum_before_the_herindeling():
    root = set_text(vot(), "Header/Ontvanger", "1234")
    set_text(root, f"{AP}[2]/ToewijzingIngangsdatum", "2025-11-01")
    assert check(root, vot_state()) == []


def test_s300_old_code_valid_on_a_begindatum_before_the_herindeling():
    root = set_text(start(), "Header/Ontvanger", "1234")
    set_text(root, f"{SP}[2]/Begindatum", "2025-12-31")
    state = (
        FakeState()
        .add_toewijzing(300201, BSN_REGIE, ("45", "45A01"), "2025-10-01", gemeente="1234")
        .add_toewijzing(300202, BSN_REGIE, ("43", None), "2025-10-01", gemeente="1234")
        .add_start(BSN_REGIE, 300202, ("43", None), "2025-12-31", gemeente="1234")
    )
    assert check(root, state) == []
    set_text(root, f"{SP}[2]/Begindatum", "2026-01-01")
    state.stored_starts[("1234", AANBIEDER, BSN_REGIE)][0] = StartStand(
        300202, Product("43", None), date(2026, 1, 1)
    )
    assert found(check(root, state)) == [("TR378", "S300", HEADER_AT)]


def test_s300_old_code_valid_on_the_dagtekening():
    root = set_text(vot(), "Header/Ontvanger", "1234")
    set_text(root, DAGTEKENING, "2025-12-31")
    assert "S300" not in [i.retourcode for i in check(root, vot_state())]


# --- short-circuit ----------------------------------------------------------------------------


def test_header_fault_hides_body_faults():
    state = vot_state()
    state.open_verzoeken.add((GEMEENTE, AANBIEDER, BSN_VOT))
    assert [i.retourcode for i in check(vot(), state)] == ["9374"]
    state.identificaties.add((AANBIEDER, "446", "VOT-T-0001"))
    assert found(check(vot(), state)) == [("TR056", "9056", HEADER_AT)]


def test_all_header_faults_are_reported_together():
    state = vot_state()
    state.identificaties.add((AANBIEDER, "446", "VOT-T-0001"))
    root = set_text(vot(), "Header/Ontvanger", "9999")
    set_text(root, DAGTEKENING, "2026-08-01")
    assert [i.retourcode for i in check(root, state)] == ["9056", "8848", "S300"]


def test_run_has_no_rules_for_other_types():
    assert cross.rules_for("JW301", body=False) == ()
    assert cross.rules_for("JW301", body=True) == ()
