"""TR101 of a VOT and a VOW read from their views finds what the walk of the tree finds."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
from lxml import etree

from app.checks.bericht import Bericht
from app.checks.intra import sleutels, verzoek
from app.ijw.catalogue import BY_NAME
from app.ijw.tree import kids
from tests.checks.messages.intra_kit import load

Wijziging = Callable[[etree._Element], None]


def _alle(root: etree._Element, klasse: str) -> list[etree._Element]:
    return list(root.iter(f"{{*}}{klasse}"))


def _zet(pad: str, waarde: str, index: int = 0) -> Wijziging:
    """Set the text of the `index`th element at `pad` (a class, then its children's names)."""
    klasse, *namen = pad.split("/")

    def zet(root: etree._Element) -> None:
        element = _alle(root, klasse)[index]
        for naam in namen:
            element = kids(element, naam)[0]
        element.text = waarde

    return zet


def _weg(pad: str, index: int = 0) -> Wijziging:
    klasse, *namen = pad.split("/")

    def weg(root: etree._Element) -> None:
        element = _alle(root, klasse)[index]
        for naam in namen:
            element = kids(element, naam)[0]
        element.getparent().remove(element)

    return weg


def _verdubbel(klasse: str, index: int = 0, keer: int = 1) -> Wijziging:
    def verdubbel(root: etree._Element) -> None:
        element = _alle(root, klasse)[index]
        for _ in range(keer):
            element.addnext(copy.deepcopy(element))

    return verdubbel


VOT = {
    "ongewijzigd": [],
    "product twee keer": [_verdubbel("AangevraagdProduct")],
    "product drie keer": [_verdubbel("AangevraagdProduct", 1, 2)],
    "lege referentie": [_verdubbel("AangevraagdProduct"), _zet("ReferentieAanbieder", "")],
    "referentie met spaties": [
        _verdubbel("AangevraagdProduct"),
        _zet("AangevraagdProduct/ReferentieAanbieder", " R1 "),
        _zet("AangevraagdProduct/ReferentieAanbieder", "R1", 1),
    ],
    "lege bsn": [_zet("Client/Bsn", "")],
    "bulk": [_verdubbel("AangevraagdProduct", 0, 70)],
    "client twee keer": [_verdubbel("Client")],
}

VOW = {
    "ongewijzigd": [],
    "ongewijzigd twee keer": [_verdubbel("OngewijzigdProduct")],
    "te wijzigen twee keer": [_verdubbel("TeWijzigenProduct")],
    "nummer met nul": [
        _verdubbel("TeWijzigenProduct"),
        _zet("TeWijzigenProduct/ToewijzingNummer", "010072", 1),
    ],
    "nummer met spaties": [
        _verdubbel("OngewijzigdProduct"),
        _zet("OngewijzigdProduct/ToewijzingNummer", " 10071 "),
    ],
    "nieuw twee keer": [_verdubbel("NieuwProduct")],
    "nieuw zonder code": [_verdubbel("NieuwProduct"), _weg("NieuwProduct/Product/Code")],
    "nieuw zonder product": [
        _verdubbel("NieuwProduct"),
        _weg("NieuwProduct/Product"),
        _weg("NieuwProduct/Product", 1),
    ],
    "lege categorie": [_verdubbel("NieuwProduct"), _zet("NieuwProduct/Product/Categorie", "")],
    "lege code": [_verdubbel("NieuwProduct"), _zet("NieuwProduct/Product/Code", "", 1)],
    "ingangsdatum met spaties": [
        _verdubbel("NieuwProduct"),
        _zet("NieuwProduct/GewensteIngangsdatum", " 2026-05-01 ", 1),
    ],
    "lege referentie": [_zet("Verzoek/ReferentieAanbieder", "")],
    "lege bsn": [_zet("Client/Bsn", "")],
    "zonder ongewijzigd": [_weg("Verzoek/OngewijzigdeProducten")],
    "zonder nieuw": [_weg("Verzoek/NieuweProducten")],
    "bulk": [_verdubbel("TeWijzigenProduct", 0, 70), _verdubbel("NieuwProduct", 0, 70)],
    "verzoek twee keer": [_verdubbel("Verzoek")],
    "client twee keer": [_verdubbel("Client")],
}


def _vergelijk(message_type: str, root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> None:
    bericht = Bericht.read(BY_NAME[message_type], root)
    assert list(sleutels.LEZERS[message_type](bericht)) == list(
        sleutels.gesleuteld_in_boom(bericht)
    )

    def issues() -> list[tuple[str, str, str]]:
        gelezen = Bericht.read(BY_NAME[message_type], root)
        return [(i.code, i.location, i.message) for i in sleutels.tr101_no_duplicate_keys(gelezen)]

    from_view = issues()
    monkeypatch.delitem(sleutels.LEZERS, message_type)
    assert from_view == issues()


@pytest.mark.parametrize("wijziging", VOT)
def test_tr101_of_a_vot_from_its_view_matches_the_tree(
    wijziging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sleutels.LEZERS["JW315"] is verzoek._tr101_jw315
    root = load("verzoek_jw315")
    for wijzig in VOT[wijziging]:
        wijzig(root)
    _vergelijk("JW315", root, monkeypatch)


@pytest.mark.parametrize("wijziging", VOW)
def test_tr101_of_a_vow_from_its_view_matches_the_tree(
    wijziging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sleutels.LEZERS["JW317"] is verzoek._tr101_jw317
    root = load("verzoek_jw317")
    for wijzig in VOW[wijziging]:
        wijzig(root)
    _vergelijk("JW317", root, monkeypatch)
