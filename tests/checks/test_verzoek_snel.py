"""The shortcuts of the VOT and VOW rules decide only what their full reading would decide."""

from __future__ import annotations

import itertools

import pytest
from lxml import etree

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.intra import productregels, sleutels, verzoek
from app.checks.lexicaal import na
from app.checks.pipeline import judge
from app.ijw.catalogue import BY_NAME
from app.ijw.schemas import default_registry
from app.problem import Refusal
from tests.checks.conformiteit import SAMPLES
from tests.checks.messages.intra_kit import issues, load, set_text
from tests.ijw.mutants import mutants

AP = "Client/AangevraagdeProducten/AangevraagdProduct"
AP_AT = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct"

DATA = [
    "2026-05-01",
    "2026-04-30",
    "2026-05-02",
    "2027-01-01",
    " 2026-05-01",
    "2026-05-01 ",
    "2026-05-01Z",
    "2026-05-01+01:00",
    "12026-05-01",
    "-2026-05-01",
    "0999-12-31",
    "",
    None,
]


def _datum(tekst: str | None) -> etree._Element:
    element = etree.Element("Datum")
    element.text = tekst
    return element


@pytest.mark.parametrize(("ingang", "eind"), list(itertools.product(DATA, DATA)))
def test_a_date_on_or_before_the_end_is_never_after_it(ingang, eind):
    begin, einde = _datum(ingang), _datum(eind)
    if verzoek._op_of_voor(begin, einde):
        assert not na(begin, einde)
    # Written YYYY-MM-DD, the shortcut answers every pair that is not a finding.
    if all(t and len(t) == 10 and t[4] == t[7] == "-" for t in (ingang, eind)):
        assert verzoek._op_of_voor(begin, einde) == (not na(begin, einde))


def test_no_start_date_is_left_to_the_full_check():
    assert not verzoek._op_of_voor(None, _datum("2026-05-01"))


@pytest.mark.parametrize(("eerste", "tweede"), [("R 1", "R  1"), ("R 1", " R\t1 ")])
def test_tr383_finds_references_equal_once_their_spaces_are_collapsed(eerste, tweede):
    root = set_text(load("verzoek_jw315"), f"{AP}[1]/ReferentieAanbieder", eerste)
    set_text(root, f"{AP}[2]/ReferentieAanbieder", tweede)
    found = issues(root, "TR383")
    assert [issue.location for issue in found] == [f"{AP_AT}[1]/ReferentieAanbieder"]


def test_tr383_the_earlier_reference_is_not_collapsed():
    root = set_text(load("verzoek_jw315"), f"{AP}[1]/ReferentieAanbieder", "R  1")
    set_text(root, f"{AP}[2]/ReferentieAanbieder", "R 1")
    assert issues(root, "TR383") == []


def _zonder_scherm(bericht) -> set[str]:
    """The codes the screened JW315 rules find when each reads every product."""
    gevonden: set[str] = set()
    for regel in intra.rules_for("JW315"):
        vind = getattr(regel.check, "__wrapped__", regel.check)
        gevonden.update(issue.code for issue in vind(bericht))
    return gevonden


def test_the_jw315_screen_names_every_rule_that_finds_something(monkeypatch):
    monkeypatch.delitem(productregels.SCHERMEN, "JW315")
    registry = default_registry()
    sample = (SAMPLES / "JW315.xml").read_bytes().replace(b"2027-06-31", b"2027-06-30")
    gescreend = {"CD043", "CS003", "CD066", "CD067", "CD068"} | verzoek._PRODUCTREGELS_315
    leeg = 0
    for _, data in [("sample", sample), *mutants(sample, set())]:
        try:
            verdict = judge(data, registry)
        except Refusal:
            continue
        if verdict.bericht is None:
            continue
        verdacht = verzoek._verdacht315(verdict.bericht)
        assert _zonder_scherm(verdict.bericht) & gescreend <= verdacht
        leeg += not verdacht
    assert leeg  # the screen rules out every rule for a clean message


def _vot_mutanten():
    registry = default_registry()
    sample = (SAMPLES / "JW315.xml").read_bytes().replace(b"2027-06-31", b"2027-06-30")
    for data in [sample, *(data for _, data in mutants(sample, set()))]:
        try:
            verdict = judge(data, registry)
        except Refusal:
            continue
        if verdict.bericht is not None:
            yield verdict.bericht


def test_a_vot_said_to_repeat_no_tr101_group_repeats_none():
    eenmalig = 0
    for bericht in _vot_mutanten():
        if verzoek._eenmalig_jw315(bericht):
            groepen = [groep for _, _, groep in sleutels.gesleuteld_in_boom(bericht)]
            assert len(set(groepen)) == len(groepen)
            eenmalig += 1
    assert eenmalig


@pytest.mark.parametrize(("eerste", "tweede"), [("R1", "R1"), ("R1", " R1"), ("R1", "R2")])
def test_tr101_of_a_vot_is_the_same_with_and_without_the_test(eerste, tweede, monkeypatch):
    root = set_text(load("verzoek_jw315"), f"{AP}[1]/ReferentieAanbieder", eerste)
    set_text(root, f"{AP}[2]/ReferentieAanbieder", tweede)
    with_test = [(i.code, i.location) for i in issues(root, "TR101")]
    assert verzoek._eenmalig_jw315(Bericht.read(BY_NAME["JW315"], root)) == (
        eerste != tweede.strip()
    )
    monkeypatch.delitem(sleutels.EENMALIG, "JW315")
    assert with_test == [(i.code, i.location) for i in issues(root, "TR101")]
    assert with_test or eerste != tweede


def test_tr386_finds_what_its_full_reading_finds():
    for bericht in _vot_mutanten():
        producten = bericht.view.client.producten
        kort = verzoek.tr386_aangevraagde_producten_do_not_overlap(bericht)
        lang = verzoek._tr386(bericht, producten)
        assert [(i.location, i.message) for i in kort] == [(i.location, i.message) for i in lang]
