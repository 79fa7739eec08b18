"""From cross-message issues to a retour outcome, and retours built from it (§4.3)."""

from __future__ import annotations

from lxml import etree

from app.checks.cross import uitkomst
from app.checks.issue import Issue
from app.ijw.builders.retour import ACCEPTED, RetourKenmerken, build_retour
from app.ijw.schemas import default_registry
from tests.checks.cross.fake_state import AANBIEDER, GEMEENTE, FakeState
from tests.checks.cross.kit import (
    AP_AT,
    BSN_ANDER,
    BSN_REGIE,
    BSN_VOT,
    BSN_VOW,
    CLIENT_AT,
    EP_AT,
    HEADER_AT,
    SP_AT,
    TODAY,
    check,
    start,
    start_state,
    stop,
    stop_state,
    vot,
    vot_state,
    vow,
)
from tests.checks.messages.intra_kit import bericht, find, kids


def _issue(retourcode: str, location: str) -> Issue:
    return Issue(f"TR{retourcode[1:]}", retourcode, location, "test")


def _retour(root, issues) -> etree._Element:
    """Build the retour for a heenbericht and its cross issues; it must pass its XSD."""
    registry = default_registry()
    heen = bericht(root)
    kenmerken = RetourKenmerken("RET000000001", TODAY, registry[heen.type.retour].versie)
    retour = etree.fromstring(build_retour(heen.type, root, kenmerken, uitkomst(issues)))
    retour_type = registry[heen.type.retour].type
    assert registry.errors(retour_type, retour) == []
    return retour


def _codes(retour, where: str) -> list[str]:
    """RetourCodes of the class at a path below the root, e.g. `Client/Verzoek`."""
    return [code.text for code in kids(find(retour, where), "RetourCodes")[0]]


# --- grouping ---------------------------------------------------------------------------------


def test_no_issues_is_accepted():
    assert uitkomst([]) is ACCEPTED


def test_header_issues_give_header_codes_only():
    outcome = uitkomst(
        [_issue("9056", HEADER_AT), _issue("8848", HEADER_AT), _issue("9056", HEADER_AT)]
    )
    assert outcome.header_codes == ("9056", "8848")
    assert outcome.class_codes == {}


def test_a_header_issue_wins_over_class_issues():
    outcome = uitkomst([_issue("9374", CLIENT_AT), _issue("S300", HEADER_AT)])
    assert outcome.header_codes == ("S300",)
    assert outcome.class_codes == {}


def test_class_issues_are_grouped_by_location_in_order_without_repeats():
    outcome = uitkomst(
        [
            _issue("9415", f"{EP_AT}[2]"),
            _issue("9413", f"{EP_AT}[2]"),
            _issue("9069", f"{EP_AT}[1]"),
            _issue("9415", f"{EP_AT}[2]"),
        ]
    )
    assert outcome.header_codes == ()
    assert outcome.class_codes == {f"{EP_AT}[2]": ("9415", "9413"), f"{EP_AT}[1]": ("9069",)}
    assert outcome.default_class_code == "0200"


def test_a_class_named_header_deeper_down_is_no_header():
    outcome = uitkomst([_issue("9347", f"{AP_AT}[1]/Header")])
    assert outcome.header_codes == ()
    assert list(outcome.class_codes) == [f"{AP_AT}[1]/Header"]


# --- built retours ----------------------------------------------------------------------------


def test_jw306_with_startproduct_9063_validates():
    state = start_state()
    state.stored_starts.clear()
    issues = check(start(), state)
    assert [(i.retourcode, i.location) for i in issues] == [("9063", f"{SP_AT}[2]")]
    retour = _retour(start(), issues)
    assert _codes(retour, "Header") == ["0200"]
    assert _codes(retour, "Client") == ["0200"]
    assert _codes(retour, "Client/StartProducten/StartProduct[1]") == ["0200"]
    assert _codes(retour, "Client/StartProducten/StartProduct[2]") == ["9063"]


def test_jw316_header_only_9056_validates():
    state = vot_state()
    state.identificaties.add((AANBIEDER, "446", "VOT-T-0001"))
    state.open_verzoeken.add((GEMEENTE, AANBIEDER, BSN_VOT))
    retour = _retour(vot(), check(vot(), state))
    assert _codes(retour, "Header") == ["9056"]
    assert kids(retour, "Client") == []


def test_jw318_with_codes_on_client_verzoek_and_product_validates():
    state = FakeState()
    state.add_toewijzing(10071, BSN_ANDER, ("45", "45A01"), "2026-01-01", "2026-12-31")
    state.add_toewijzing(
        10072, BSN_VOW, ("45", "45A02"), "2026-01-01", "2026-12-31", omvang=(3, "04", "2")
    )
    state.add_toewijzing(10073, BSN_VOW, ("41", None), "2026-01-01", "2026-12-31", budget=100000)
    state.open_verzoeken.add((GEMEENTE, AANBIEDER, BSN_VOW))
    retour = _retour(vow(), check(vow(), state))
    assert _codes(retour, "Header") == ["0200"]
    assert _codes(retour, "Client") == ["8187"]
    assert _codes(retour, "Client/Verzoek") == ["9374", "9349"]
    assert _codes(retour, "Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct") == ["9350"]
    assert _codes(retour, "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct") == ["0200"]
    assert _codes(retour, "Client/Verzoek/NieuweProducten/NieuwProduct[2]") == ["0200"]


def test_jw308_with_two_codes_on_one_stop_validates():
    state = stop_state()
    state.add_stop(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-03", "20", "2026-05-31")
    state.add_stop(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-03", "31", "2026-06-15")
    issues = check(stop(), state)
    retour = _retour(stop(), issues)
    assert _codes(retour, "Client/StopProducten/StopProduct[1]") == ["9413", "9415"]
    assert _codes(retour, "Client/StopProducten/StopProduct[2]") == ["9415"]
    assert _codes(retour, "Client") == ["0200"]
