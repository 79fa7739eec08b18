"""The JW323/JW325 reading the rules share: TR101 from it finds what the walk of the tree finds."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from app.checks.bericht import Bericht
from app.checks.intra import declaratie, sleutels
from app.checks.intra.prestaties import Periode
from app.checks.intra.prestaties import declaratie as gelezen
from app.ijw.catalogue import BY_NAME
from app.ijw.tree import kids
from tests.ijw.repeated import message

MESSAGES = Path(__file__).parent / "messages"


def _base(message_type: str) -> etree._Element:
    return etree.parse(str(MESSAGES / f"{message_type.lower()}_base.xml")).getroot()


def _prestaties(root: etree._Element) -> list[etree._Element]:
    return list(root.iter("{*}Prestatie"))


def _zet(naam: str, waarde: str, index: int = 0) -> Callable[[etree._Element], None]:
    def zet(root: etree._Element) -> None:
        list(root.iter(f"{{*}}{naam}"))[index].text = waarde

    return zet


def _verdubbel(klasse: str, index: int = 0) -> Callable[[etree._Element], None]:
    def verdubbel(root: etree._Element) -> None:
        element = list(root.iter(f"{{*}}{klasse}"))[index]
        element.addnext(copy.deepcopy(element))

    return verdubbel


def _vorig(waarde: str, index: int = 0) -> Callable[[etree._Element], None]:
    def vorig(root: etree._Element) -> None:
        referentie = kids(_prestaties(root)[index], "ProductReferentie")[0]
        child = etree.SubElement(
            referentie, referentie[0].tag.replace("Referentie", "VorigReferentie")
        )
        child.text = waarde

    return vorig


WIJZIGINGEN = {
    "ongewijzigd": [],
    "prestatie twee keer": [_verdubbel("Prestatie")],
    "client twee keer": [_verdubbel("Client")],
    "prestatie drie keer": [_verdubbel("Prestatie"), _verdubbel("Prestatie")],
    "lege referentie": [_verdubbel("Prestatie"), _zet("ReferentieNummer", "")],
    "referentie met spaties": [_verdubbel("Prestatie"), _zet("ReferentieNummer", " R1 ")],
    "andere vorige": [_verdubbel("Prestatie"), _vorig("V1")],
    "zelfde vorige": [_verdubbel("Prestatie"), _vorig("V1", 0), _vorig("V1", 1)],
    "lege vorige": [_verdubbel("Prestatie"), _vorig("", 0), _vorig("", 1)],
    "lege bsn": [_verdubbel("Client"), _zet("Bsn", ""), _zet("Bsn", "", 1)],
}


@pytest.mark.parametrize("message_type", ["JW323", "JW325"])
@pytest.mark.parametrize("wijziging", WIJZIGINGEN)
def test_tr101_from_the_prestatie_records_matches_the_tree(
    message_type: str, wijziging: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _base(message_type)
    for wijzig in WIJZIGINGEN[wijziging]:
        wijzig(root)

    def issues() -> list[tuple[str, str, str]]:
        bericht = Bericht.read(BY_NAME[message_type], root)
        return [(i.code, i.location, i.message) for i in sleutels.tr101_no_duplicate_keys(bericht)]

    assert sleutels.LEZERS[message_type] is declaratie._tr101_gesleuteld
    from_records = issues()
    monkeypatch.delitem(sleutels.LEZERS, message_type)
    assert from_records == issues()
    if wijziging.endswith("twee keer"):
        assert from_records


def test_a_prestatie_record_holds_the_values_of_its_elements() -> None:
    root = _base("JW323")
    _vorig(" V1 ")(root)
    bericht = Bericht.read(BY_NAME["JW323"], root)
    found = gelezen(bericht)
    assert found is not None
    prestatie = found.prestaties[0]
    element = _prestaties(root)[0]

    def tekst(*names: str) -> str:
        found_element = element
        for name in names:
            found_element = kids(found_element, name)[0]
        return found_element.text

    assert prestatie.element is element
    assert prestatie.referentie == tekst("ProductReferentie", "ReferentieNummer")
    assert (prestatie.vorig, prestatie.vorig_ruw) == ("V1", " V1 ")
    assert prestatie.toewijzing == tekst("ToewijzingNummer")
    assert prestatie.categorie == tekst("ProductCategorie")
    assert prestatie.code == tekst("ProductCode")
    assert prestatie.periode.begin == tekst("ProductPeriode", "Begindatum")
    assert prestatie.periode.einde == tekst("ProductPeriode", "Einddatum")
    assert prestatie.volume_ruw == tekst("GeleverdVolume")
    assert prestatie.eenheid == tekst("Eenheid")
    assert prestatie.tarief == tekst("ProductTarief")
    assert prestatie.bedrag == int(tekst("IngediendBedrag", "Bedrag"))
    assert prestatie.debet_credit == tekst("IngediendBedrag", "DebetCredit")
    assert (
        prestatie.periode_datum("Einddatum")
        is kids(kids(element, "ProductPeriode")[0], "Einddatum")[0]
    )


def test_a_prestatie_without_its_optional_elements_reads_them_as_absent() -> None:
    root = _base("JW323")
    element = _prestaties(root)[0]
    element.remove(kids(element, "ProductTarief")[0])
    bericht = Bericht.read(BY_NAME["JW323"], root)
    found = gelezen(bericht)
    assert found is not None
    prestatie = found.prestaties[0]
    assert (prestatie.vorig, prestatie.vorig_ruw, prestatie.tarief) == (None, None, None)
    assert prestatie.bedrag == int(kids(kids(element, "IngediendBedrag")[0], "Bedrag")[0].text)
    assert not found.met_vorig


def test_the_prestaties_of_failing_periods_are_found_without_comparing_every_pair(monkeypatch):
    root = etree.fromstring(message("JW323", 300, distinct=True))
    periodes = gelezen(Bericht.read(BY_NAME["JW323"], root))
    aantal = len(periodes.prestaties)
    assert aantal > 300 and len(periodes.productperiodes) == aantal
    compared = 0

    def eq(self: Periode, other: object) -> bool:
        nonlocal compared
        compared += 1
        return tuple.__eq__(self, other)

    monkeypatch.setattr(Periode, "__eq__", eq)
    found = list(periodes.periodes(lambda periode: True))

    # Each Prestatie's period is looked up among the failing ones, not compared with each:
    # a 25 MiB declaration of old periods took seconds of pairwise comparisons.
    assert len(found) == aantal
    assert compared <= aantal
