"""TR101 of a VOW skips its keys only where the view shows that no group repeats."""

from __future__ import annotations

import pytest

from app.checks.bericht import Bericht
from app.checks.intra import sleutels, verzoek
from app.ijw.catalogue import BY_NAME
from tests.checks.messages.intra_kit import load
from tests.checks.test_verzoek_sleutels import VOW, _verdubbel, _zet

WIJZIGINGEN = {
    **VOW,
    "nummer in twee lijsten": [
        _zet("OngewijzigdProduct/ToewijzingNummer", "10072"),
    ],
    "nieuw met andere ingangsdatum": [
        _verdubbel("NieuwProduct"),
        _zet("NieuwProduct/GewensteIngangsdatum", "2027-01-01", 1),
    ],
}


def _bericht(wijziging: str) -> Bericht:
    root = load("verzoek_jw317")
    for wijzig in WIJZIGINGEN[wijziging]:
        wijzig(root)
    return Bericht.read(BY_NAME["JW317"], root)


@pytest.mark.parametrize("wijziging", WIJZIGINGEN)
def test_a_vow_said_to_repeat_no_group_repeats_none(wijziging: str) -> None:
    bericht = _bericht(wijziging)
    if verzoek._eenmalig_jw317(bericht):
        groepen = [groep for _, _, groep in sleutels.gesleuteld_in_boom(bericht)]
        assert len(set(groepen)) == len(groepen)


@pytest.mark.parametrize("wijziging", WIJZIGINGEN)
def test_tr101_of_a_vow_is_the_same_with_and_without_the_test(
    wijziging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def issues() -> list[tuple[str, str, str]]:
        gelezen = _bericht(wijziging)
        return [(i.code, i.location, i.message) for i in sleutels.tr101_no_duplicate_keys(gelezen)]

    assert sleutels.EENMALIG["JW317"] is verzoek._eenmalig_jw317
    with_test = issues()
    monkeypatch.delitem(sleutels.EENMALIG, "JW317")
    assert with_test == issues()


@pytest.mark.parametrize(
    ("wijziging", "eenmalig"),
    [
        ("ongewijzigd", True),
        ("nummer in twee lijsten", True),
        ("nieuw met andere ingangsdatum", True),
        ("bulk", False),
        ("ongewijzigd twee keer", False),
        ("nummer met nul", False),
        ("nieuw twee keer", False),
        ("verzoek twee keer", False),
        ("client twee keer", False),
    ],
)
def test_which_vows_the_view_says_repeat_no_group(wijziging: str, eenmalig: bool) -> None:
    assert verzoek._eenmalig_jw317(_bericht(wijziging)) is eenmalig
