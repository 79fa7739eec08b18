"""Test kit for the cross-message rules: base messages, clean states and a context."""

from __future__ import annotations

from datetime import date

from app.checks import cross
from app.checks.cross.context import Context
from app.checks.issue import Issue
from app.ijw.tree import Element
from tests.checks.cross.fake_state import GEMEENTE, FakeGemeenten, FakeProductcodes, FakeState
from tests.checks.messages.intra_kit import bericht, load

TODAY = date(2026, 7, 21)
"""The processing date: after every base message's Dagtekening."""

HEADER_AT = "/Bericht/Header"
CLIENT_AT = "/Bericht/Client"
AP_AT = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct"
VZ_AT = "/Bericht/Client/Verzoek"
OP_AT = f"{VZ_AT}/OngewijzigdeProducten/OngewijzigdProduct"
TW_AT = f"{VZ_AT}/TeWijzigenProducten/TeWijzigenProduct"
NP_AT = f"{VZ_AT}/NieuweProducten/NieuwProduct"
SP_AT = "/Bericht/Client/StartProducten/StartProduct"
EP_AT = "/Bericht/Client/StopProducten/StopProduct"

AP = "Client/AangevraagdeProducten/AangevraagdProduct"
VZ = "Client/Verzoek"
OP = f"{VZ}/OngewijzigdeProducten/OngewijzigdProduct"
TW = f"{VZ}/TeWijzigenProducten/TeWijzigenProduct"
NP = f"{VZ}/NieuweProducten/NieuwProduct"
SP = "Client/StartProducten/StartProduct"
EP = "Client/StopProducten/StopProduct"

BSN_VOT = "999900006"
BSN_VOW = "999900018"
BSN_REGIE = "999900031"
BSN_ANDER = "999900043"

GEMEENTEN = FakeGemeenten(
    {
        GEMEENTE: (date(1900, 1, 1), None),
        # A code that ended at a herindeling on 2026-01-01.
        "1234": (date(1900, 1, 1), date(2025, 12, 31)),
    }
)
PRODUCTCODES = FakeProductcodes(
    frozenset({("45", "45A01"), ("45", "45A02"), ("45", "45A03"), ("43", "43A01")})
)


def context(state: FakeState, today: date = TODAY, productcodes=PRODUCTCODES) -> Context:
    """A context around a fake state, with the code lists configured unless told otherwise."""
    return Context(state, today, GEMEENTEN, productcodes)


def check(root: Element, state: FakeState, **kwargs) -> list[Issue]:
    """All cross-message issues of a message against a state."""
    return cross.run(bericht(root), context(state, **kwargs))


def found(issues: list[Issue]) -> list[tuple[str, str, str]]:
    """(code, retourcode, location) of each issue, in order."""
    return [(i.code, i.retourcode, i.location) for i in issues]


# --- base messages and the states they are clean against --------------------------------------


def vot() -> Element:
    """Base JW315 (2026-04-01): [1] 45/45A01 VOT-T-1, [2] 43 Budget VOT-T-2, [3] generic."""
    return load("verzoek_jw315")


def vot_state() -> FakeState:
    """Nothing known about this client yet."""
    return FakeState()


def vow() -> Element:
    """Base JW317 (2026-04-01): Ongewijzigd 10071, TeWijzigen 10072 from 2026-05-01
    (4 uur/week to 2026-12-31), Nieuw [1] 45/45A03 and [2] 43 + Budget from 2026-05-01.
    """
    return load("verzoek_jw317")


def vow_state() -> FakeState:
    """The two current toewijzingen the base VOW lists, both weekly hours in 2026."""
    return (
        FakeState()
        .add_toewijzing(
            10071, BSN_VOW, ("45", "45A01"), "2026-01-01", "2026-12-31", omvang=(2, "04", "2")
        )
        .add_toewijzing(
            10072, BSN_VOW, ("45", "45A02"), "2026-01-01", "2026-12-31", omvang=(3, "04", "2")
        )
    )


def start() -> Element:
    """Base JW305 (2026-04-15): [1] new 300201 45/45A01 from 04-03, [2] deletes 300202 43 04-15."""
    return load("regie_jw305")


def start_state() -> FakeState:
    """Toewijzingen 300201 (specific) and 300202 (aspecific) and the start [2] deletes."""
    return (
        FakeState()
        .add_toewijzing(
            300201, BSN_REGIE, ("45", "45A01"), "2026-04-01", "2026-12-31", omvang=(3, "04", "2")
        )
        .add_toewijzing(300202, BSN_REGIE, ("43", None), "2026-04-01", "2026-12-31", budget=500000)
        .add_start(BSN_REGIE, 300202, ("43", None), "2026-04-15")
    )


def stop() -> Element:
    """Base JW307 (2026-07-20): two new stops of start 300201 45/45A01 04-03:
    [1] temporary (20) on 06-30, [2] definitive (31) on 07-17.
    """
    return load("regie_jw307")


def stop_state() -> FakeState:
    """Toewijzing 300201 with its start on 2026-04-03 and no stop yet."""
    return (
        FakeState()
        .add_toewijzing(
            300201, BSN_REGIE, ("45", "45A01"), "2026-04-01", "2026-12-31", omvang=(3, "04", "2")
        )
        .add_start(BSN_REGIE, 300201, ("45", "45A01"), "2026-04-03")
    )
