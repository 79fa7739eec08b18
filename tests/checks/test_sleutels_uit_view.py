"""TR101 of a JW301 and a JW319 read from the view finds what the walk of the tree finds."""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from pathlib import Path

import pytest
from lxml import etree

from app.checks.bericht import Bericht
from app.checks.intra import antwoord, sleutels, toewijzing
from app.ijw.catalogue import BY_NAME

MESSAGES = Path(__file__).parent / "messages"
BASE = {"JW301": "jw301_base.xml", "JW319": "antwoord_jw319.xml"}

Wijziging = Callable[[etree._Element], None]


def _alle(klasse: str) -> Callable[[etree._Element], list[etree._Element]]:
    return lambda root: list(root.iter(f"{{*}}{klasse}"))


def _zet(naam: str, waarde: str | None, index: int = 0) -> Wijziging:
    def zet(root: etree._Element) -> None:
        _alle(naam)(root)[index].text = waarde

    return zet


def _verdubbel(klasse: str, index: int = 0, keer: int = 1) -> Wijziging:
    def verdubbel(root: etree._Element) -> None:
        element = _alle(klasse)(root)[index]
        for _ in range(keer):
            element.addnext(copy.deepcopy(element))

    return verdubbel


def _weg(naam: str, index: int = 0) -> Wijziging:
    def weg(root: etree._Element) -> None:
        element = _alle(naam)(root)[index]
        element.getparent().remove(element)

    return weg


def _andere_namespace(naam: str, index: int = 0) -> Wijziging:
    def herdoop(root: etree._Element) -> None:
        _alle(naam)(root)[index].tag = f"{{urn:ander}}{naam}"

    return herdoop


def _hernoem(naam: str, nieuw: str, index: int = 0) -> Wijziging:
    def hernoem(root: etree._Element) -> None:
        element = _alle(naam)(root)[index]
        element.tag = element.tag.replace(naam, nieuw)

    return hernoem


def _achteraan(naam: str) -> Wijziging:
    """Move the first element of this name behind its last sibling."""

    def verplaats(root: etree._Element) -> None:
        element = _alle(naam)(root)[0]
        element.getparent().append(element)

    return verplaats


WIJZIGINGEN: dict[str, dict[str, list[Wijziging]]] = {
    "JW301": {
        "ongewijzigd": [],
        "relatie drie keer": [_verdubbel("Relatie", keer=2)],
        "client twee keer": [_verdubbel("Client")],
        "contact twee keer": [_verdubbel("Contact", 1)],
        "relatie met twee contacten": [_verdubbel("Contact", 0)],
        "product twee keer": [_verdubbel("ToegewezenProduct")],
        "nummer met voorloopnul": [
            _verdubbel("ToegewezenProduct"),
            _zet("ToewijzingNummer", "0410001", 1),
        ],
        "lege bsn": [_verdubbel("Client"), _zet("Bsn", ""), _zet("Bsn", None, 1)],
        "lege bsn zonder tweede client": [_zet("Bsn", "")],
        # Soort [0] is the Relatie's own, [1] its Contact's, [2] and [3] the first Contact's.
        "lege soort": [_verdubbel("Contact", 1), _zet("Soort", "", 2), _zet("Soort", None, 3)],
        "soort met spaties": [_verdubbel("Contact", 1), _zet("Soort", " 01 ", 3)],
        "zonder soort": [_verdubbel("Contact", 1), _weg("Soort", 2), _weg("Soort", 2)],
        "leeg nummer": [_verdubbel("ToegewezenProduct"), _zet("ToewijzingNummer", "")],
        "zonder nummer": [
            _verdubbel("ToegewezenProduct"),
            _weg("ToewijzingNummer"),
            _weg("ToewijzingNummer"),
        ],
        "relatie zonder contact": [_verdubbel("Relatie"), _weg("Contact")],
        "contact in een andere namespace": [_verdubbel("Contact", 1), _andere_namespace("Contact")],
        "relatie als contact": [_verdubbel("Contact", 1), _hernoem("Contact", "Relatie", 1)],
        "client in een andere namespace": [_andere_namespace("Client")],
        "relaties achteraan": [
            _verdubbel("Relatie"),
            _verdubbel("ToegewezenProduct"),
            _achteraan("Relaties"),
        ],
        "veel producten": [_verdubbel("ToegewezenProduct", keer=70)],
    },
    "JW319": {
        "ongewijzigd": [],
        "antwoord twee keer": [_verdubbel("Antwoord")],
        "woonplaatsbeginsel drie keer": [_verdubbel("Woonplaatsbeginsel", keer=2)],
        "lege gemeente": [_verdubbel("Woonplaatsbeginsel"), _zet("Gemeente", "")],
        "lege referentie": [_verdubbel("Antwoord"), _zet("ReferentieAanbieder", "", 1)],
        "zonder verzoekantwoord": [
            _verdubbel("Antwoord"),
            _weg("VerzoekAntwoord"),
            _weg("VerzoekAntwoord"),
        ],
        "beginsel in een andere namespace": [
            _verdubbel("Woonplaatsbeginsel"),
            _andere_namespace("Woonplaatsbeginsel"),
        ],
        "antwoord in een andere namespace": [
            _verdubbel("Antwoord"),
            _andere_namespace("Antwoord"),
        ],
        "veel antwoorden": [_verdubbel("Antwoord", keer=70)],
    },
}

GEVALLEN = [(t, w) for t, per_type in WIJZIGINGEN.items() for w in per_type]


def _boom(message_type: str, wijziging: str) -> etree._Element:
    root = etree.parse(str(MESSAGES / BASE[message_type])).getroot()
    for wijzig in WIJZIGINGEN[message_type][wijziging]:
        wijzig(root)
    return root


def _groepen(gelezen: list[sleutels.Gesleuteld]) -> list[list[etree._Element]]:
    """The elements of each group, in the order the groups are first met."""
    groepen: dict[Hashable, list[etree._Element]] = {}
    for element, _sleutel, groep in gelezen:
        groepen.setdefault(groep, []).append(element)
    return list(groepen.values())


@pytest.mark.parametrize(("message_type", "wijziging"), GEVALLEN)
def test_the_view_reads_the_keys_the_tree_holds(
    message_type: str, wijziging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _boom(message_type, wijziging)
    bericht = Bericht.read(BY_NAME[message_type], root)
    uit_view = list(sleutels.LEZERS[message_type](bericht))
    uit_boom = list(sleutels.gesleuteld_in_boom(bericht))
    assert [(e, s, g[-1]) for e, s, g in uit_view] == [(e, s, g[-1]) for e, s, g in uit_boom]
    assert _groepen(uit_view) == _groepen(uit_boom)

    def issues() -> list[tuple[str, str, str]]:
        gelezen = Bericht.read(BY_NAME[message_type], root)
        return [(i.code, i.location, i.message) for i in sleutels.tr101_no_duplicate_keys(gelezen)]

    from_view = issues()
    monkeypatch.delitem(sleutels.LEZERS, message_type)
    assert from_view == issues()
    if "keer" in wijziging:
        assert from_view


def test_each_type_reads_its_keys_from_its_view() -> None:
    assert sleutels.LEZERS["JW301"] is toewijzing._tr101_gesleuteld
    assert sleutels.LEZERS["JW319"] is antwoord._tr101_gesleuteld


@pytest.mark.parametrize(
    ("message_type", "wijziging"),
    [("JW301", "ongewijzigd"), ("JW301", "product twee keer"), ("JW319", "antwoord twee keer")],
)
def test_a_schema_shaped_message_is_read_from_the_view(
    message_type: str, wijziging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def geen_boom(bericht: Bericht) -> list[sleutels.Gesleuteld]:
        raise AssertionError("the tree was searched")

    monkeypatch.setattr(sleutels, "gesleuteld_in_boom", geen_boom)
    bericht = Bericht.read(BY_NAME[message_type], _boom(message_type, wijziging))
    assert list(sleutels.LEZERS[message_type](bericht))
