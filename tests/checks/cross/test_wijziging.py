"""VOW (JW317) rules: 8187, 9347, 9374, 9349–9351, 9357, 9373, 9411/9412/9375, 9361 (§5.2)."""

from __future__ import annotations

import pytest

from tests.checks.cross.fake_state import AANBIEDER, ANDERE_AANBIEDER, GEMEENTE, FakeState
from tests.checks.cross.kit import (
    BSN_ANDER,
    BSN_VOW,
    CLIENT_AT,
    NP_AT,
    OP_AT,
    TW,
    TW_AT,
    VZ_AT,
    check,
    found,
    vow,
    vow_state,
)
from tests.checks.messages.intra_kit import insert, remove, set_text


def _state(**tweede) -> FakeState:
    """The base state with toewijzing 10072 replaced by one built from `tweede`."""
    state = FakeState().add_toewijzing(
        10071, BSN_VOW, ("45", "45A01"), "2026-01-01", "2026-12-31", omvang=(2, "04", "2")
    )
    args = {
        "product": ("45", "45A02"),
        "ingangsdatum": "2026-01-01",
        "einddatum": "2026-12-31",
        "omvang": (3, "04", "2"),
    }
    args.update(tweede)
    product, ingang, eind = args.pop("product"), args.pop("ingangsdatum"), args.pop("einddatum")
    return state.add_toewijzing(10072, BSN_VOW, product, ingang, eind, **args)


def _budget_change(root, budget: str = "300000"):
    """TeWijzigenProduct asks a Budget instead of an Omvang."""
    remove(root, f"{TW}/Omvang")
    return insert(root, TW, f"<m:Budget>{budget}</m:Budget>")


def _omvang(root, volume: str, eenheid: str, frequentie: str):
    """Set the TeWijzigenProduct's Omvang."""
    set_text(root, f"{TW}/Omvang/Volume", volume)
    set_text(root, f"{TW}/Omvang/Eenheid", eenheid)
    return set_text(root, f"{TW}/Omvang/Frequentie", frequentie)


def _codes(issues) -> list[tuple[str, str]]:
    return [(i.retourcode, i.location) for i in issues]


# --- 8187 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "owner",
    [{"bsn": BSN_ANDER, "aanbieder": AANBIEDER}, {"bsn": BSN_VOW, "aanbieder": ANDERE_AANBIEDER}],
)
def test_8187_referenced_toewijzing_of_another_client_or_aanbieder(owner):
    state = FakeState().add_toewijzing(
        10071,
        owner["bsn"],
        ("45", "45A01"),
        "2026-01-01",
        "2026-12-31",
        aanbieder=owner["aanbieder"],
    )
    state.add_toewijzing(
        10072, BSN_VOW, ("45", "45A02"), "2026-01-01", "2026-12-31", omvang=(3, "04", "2")
    )
    issues = check(vow(), state)
    # Not this client's toewijzing, so also no current one for the OngewijzigdProduct.
    assert _codes(issues) == [("8187", CLIENT_AT), ("9350", OP_AT)]
    assert issues[0].code == "TR304"
    assert BSN_ANDER not in issues[0].message and BSN_VOW not in issues[0].message
    assert ANDERE_AANBIEDER not in issues[0].message


def test_8187_reported_once_per_toewijzing_named_twice():
    state = FakeState().add_toewijzing(10072, BSN_ANDER, ("45", "45A02"), "2026-01-01")
    state.add_toewijzing(10071, BSN_VOW, ("45", "45A01"), "2026-01-01", "2026-12-31")
    root = set_text(vow(), f"{TW}/ToewijzingNummer", "10072")
    set_text(
        root, "Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct/ToewijzingNummer", "10072"
    )
    assert [i.retourcode for i in check(root, state)].count("8187") == 1


def test_8187_not_for_a_number_unknown_at_this_gemeente():
    state = vow_state()
    state.stored_toewijzingen = [
        (GEMEENTE if t.nummer == 10072 else "0599", t) for _, t in state.stored_toewijzingen
    ]
    assert _codes(check(vow(), state)) == [("9350", OP_AT)]


# --- 9347 / 9374 ------------------------------------------------------------------------------


def test_9347_verzoek_reference_used_before():
    state = vow_state()
    state.referenties.add((GEMEENTE, AANBIEDER, "VOW-T-1"))
    assert found(check(vow(), state)) == [("TR347", "9347", VZ_AT)]


def test_9374_open_request_marks_the_verzoek():
    state = vow_state()
    state.open_verzoeken.add((GEMEENTE, AANBIEDER, BSN_VOW))
    assert found(check(vow(), state)) == [("TR374", "9374", VZ_AT)]


def test_9374_open_request_of_another_client_passes():
    state = vow_state()
    state.open_verzoeken.add((GEMEENTE, AANBIEDER, BSN_ANDER))
    assert check(vow(), state) == []


# --- 9349 and what "current" means ------------------------------------------------------------


@pytest.mark.parametrize(
    ("ingang", "eind", "reden", "current"),
    [
        ("2026-01-01", None, None, True),  # open end
        ("2026-01-01", "2026-07-21", None, True),  # ends today
        ("2026-01-01", "2026-07-20", None, False),  # ended yesterday
        ("2026-09-01", "2026-12-31", None, True),  # starts in the future
        ("2026-09-01", "2026-09-01", "13", False),  # deleted
        ("2026-09-01", "2026-09-01", "01", False),  # deleted (the forbidden 01)
        ("2026-09-01", "2026-09-01", "11", True),  # a one-day toewijzing in the future
    ],
)
def test_9349_every_current_toewijzing_is_listed(ingang, eind, reden, current):
    state = vow_state().add_toewijzing(
        10073, BSN_VOW, ("43", None), ingang, eind, reden_wijziging=reden, budget=100000
    )
    issues = check(vow(), state)
    if current:
        assert found(issues) == [("TR349", "9349", VZ_AT)]
        assert "10073" in issues[0].message
    else:
        assert issues == []


def test_9349_ignores_toewijzingen_of_another_aanbieder_or_client():
    state = vow_state()
    state.add_toewijzing(10073, BSN_VOW, ("43", None), "2026-01-01", aanbieder=ANDERE_AANBIEDER)
    state.add_toewijzing(10074, BSN_ANDER, ("43", None), "2026-01-01")
    assert check(vow(), state) == []


# --- 9350 / 9351 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("eind", "reden"), [("2026-06-30", None), ("2026-01-01", "13")], ids=["ended", "deleted"]
)
def test_9350_ongewijzigd_is_no_current_toewijzing(eind, reden):
    state = FakeState().add_toewijzing(
        10071, BSN_VOW, ("45", "45A01"), "2026-01-01", eind, reden_wijziging=reden
    )
    state.add_toewijzing(
        10072, BSN_VOW, ("45", "45A02"), "2026-01-01", "2026-12-31", omvang=(3, "04", "2")
    )
    issues = check(vow(), state)
    assert found(issues) == [("TR350", "9350", OP_AT)]
    assert "10071" in issues[0].message


def test_9351_te_wijzigen_is_no_current_toewijzing_and_gets_no_content_checks():
    # Ended, generic and given an Omvang: 9375 would apply, were it current.
    state = _state(product=None, einddatum="2026-06-30", omvang=None, budget=100000)
    issues = check(vow(), state)
    assert found(issues) == [("TR351", "9351", TW_AT)]


# --- 9357 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gewenst", "codes"),
    [
        ("2026-03-01", ["9357"]),  # before the Dagtekening, not the original start
        ("2026-04-01", ["9357"]),  # on the Dagtekening
        ("2026-01-01", []),  # the original Ingangsdatum: a whole-period change
        ("2026-04-02", []),  # after the Dagtekening
    ],
)
def test_9357_change_dated_up_to_the_dagtekening(gewenst, codes):
    root = set_text(vow(), f"{TW}/GewensteIngangsdatum", gewenst)
    issues = check(root, vow_state())
    assert [i.retourcode for i in issues] == codes
    assert all(i.location == TW_AT and i.code == "TR357" for i in issues)


# --- 9373 -------------------------------------------------------------------------------------


def _budget_state(**kwargs) -> FakeState:
    return _state(product=("41", None), omvang=None, budget=250000, **kwargs)


@pytest.mark.parametrize(
    ("gewenst", "budget", "codes"),
    [
        ("2026-05-01", "300000", ["9373"]),  # budget changes from a later date
        ("2026-01-01", "300000", []),  # budget changes for the whole period
        ("2026-05-01", "250000", []),  # same budget: only the Einddatum changes
    ],
)
def test_9373_budget_change_starts_on_the_ingangsdatum(gewenst, budget, codes):
    root = _budget_change(set_text(vow(), f"{TW}/GewensteIngangsdatum", gewenst), budget)
    issues = check(root, _budget_state())
    assert [(i.code, i.retourcode) for i in issues] == [("TR373", c) for c in codes]


@pytest.mark.parametrize(
    ("gewenst", "volume", "codes"),
    [
        ("2026-05-01", "90000", ["9373"]),  # the total changes from a later date
        ("2026-01-01", "90000", []),  # the total changes for the whole period
        ("2026-05-01", "60000", []),  # same total: only the Einddatum changes
    ],
)
def test_9373_frequentie_6_total_change_starts_on_the_ingangsdatum(gewenst, volume, codes):
    root = _omvang(set_text(vow(), f"{TW}/GewensteIngangsdatum", gewenst), volume, "83", "6")
    state = _state(omvang=(60000, "83", "6"))
    assert [i.retourcode for i in check(root, state)] == codes


def test_9373_not_for_a_weekly_volume_change():
    # A per-week change needs a new toewijzing at the gemeente, but it is no TR373 matter.
    root = _omvang(vow(), "5", "04", "2")
    assert check(root, vow_state()) == []


# --- 9411 / 9412 / 9375 -----------------------------------------------------------------------


def test_9411_specific_toewijzing_change_without_omvang():
    root = remove(vow(), f"{TW}/Omvang")
    assert found(check(root, vow_state())) == [("TR411", "9411", TW_AT)]


def test_9412_aspecific_toewijzing_change_with_omvang():
    issues = check(vow(), _state(product=("41", None), omvang=None, budget=250000))
    assert found(issues) == [("TR412", "9412", TW_AT)]


def test_9375_generic_toewijzing_change_with_omvang():
    issues = check(vow(), _state(product=None, omvang=None, budget=250000))
    # A generic toewijzing clashes with every NieuwProduct too (9361).
    assert found(issues) == [
        ("TR375", "9375", TW_AT),
        ("TR361", "9361", f"{NP_AT}[1]"),
        ("TR361", "9361", f"{NP_AT}[2]"),
    ]


@pytest.mark.parametrize("product", [("41", None), None], ids=["aspecific", "generic"])
def test_9412_9375_change_without_omvang_passes(product):
    root = _budget_change(set_text(vow(), f"{TW}/GewensteIngangsdatum", "2026-01-01"))
    state = _state(product=product, omvang=None, budget=250000)
    codes = [i.retourcode for i in check(root, state)]
    assert "9412" not in codes and "9375" not in codes


# --- 9361 -------------------------------------------------------------------------------------


def test_9361_nieuw_overlaps_an_unchanged_toewijzing_of_the_same_categorie():
    state = FakeState().add_toewijzing(10071, BSN_VOW, ("45", None), "2026-01-01", "2026-12-31")
    state.add_toewijzing(
        10072, BSN_VOW, ("45", "45A02"), "2026-01-01", "2026-12-31", omvang=(3, "04", "2")
    )
    issues = check(vow(), state)
    assert found(issues) == [("TR361", "9361", f"{NP_AT}[1]")]
    assert "10071" in issues[0].message


@pytest.mark.parametrize(
    ("eind", "codes"),
    [
        ("2026-04-30", []),  # shortened to end before the NieuwProduct
        ("2026-05-01", ["9361"]),  # one shared day
        (None, ["9361"]),  # open end
    ],
)
def test_9361_nieuw_against_the_resulting_period_of_a_change(eind, codes):
    # 10072 is 45/45A03 itself: the VOW shortens it and continues the product as new.
    root = set_text(vow(), f"{TW}/GewensteIngangsdatum", "2026-01-01")
    if eind is None:
        remove(root, f"{TW}/Einddatum")
    else:
        set_text(root, f"{TW}/Einddatum", eind)
    state = _state(product=("45", "45A03"))
    issues = check(root, state)
    assert [i.retourcode for i in issues] == codes
    assert all(i.location == f"{NP_AT}[1]" for i in issues)


def test_9361_change_period_starts_at_the_original_ingangsdatum():
    # The NieuwProduct lies before the change's GewensteIngangsdatum but within the toewijzing.
    root = set_text(vow(), f"{NP_AT[len('/Bericht/') :]}[1]/Einddatum", "2026-05-31")
    set_text(root, f"{TW}/GewensteIngangsdatum", "2026-06-01")
    issues = check(root, _state(product=("45", "45A03")))
    assert found(issues) == [("TR361", "9361", f"{NP_AT}[1]")]


def test_9361_other_codes_of_one_categorie_do_not_clash():
    assert check(vow(), _state(product=("45", "45A09"))) == []
