from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from app.checks.bericht import Bericht
from app.checks.issue import RETOURCODE_TECHNISCH, Issue, violation, violations
from app.checks.pipeline import Verdict, judge, uitkomst
from app.ijw.builders.retour import CODE_TECHNISCH
from app.ijw.parser import parse
from app.ijw.schemas import default_registry

VOT = (Path(__file__).resolve().parents[1] / "cases" / "vot-accepted" / "input.xml").read_bytes()


def test_five_digit_year_is_schema_valid_and_judged_without_crashing():
    # LDT_Datum accepts years beyond 9999; Python's date does not. rules.xsl's CS003 reads the
    # ToewijzingEinddatum through its first ten characters: 12027-05-3, the number 12027053,
    # which lies before the Ingangsdatum 20261201. So does ours.
    verdict = judge(VOT.replace(b"2027-05-31", b"12027-05-31"), default_registry())
    assert verdict.xsd_valid
    product = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]"
    assert [(i.code, i.location) for i in verdict.issues] == [
        ("CS003", f"{product}/ToewijzingIngangsdatum"),
        ("CS003", f"{product}/ToewijzingEinddatum"),
    ]


def test_negative_year_birth_date_is_read_as_rules_xsl_does_without_its_sign():
    verdict = judge(VOT.replace(b"2014-06-09", b"-2014-06-09"), default_registry())
    assert verdict.xsd_valid
    assert verdict.issues == []


def test_birth_date_121_years_back_is_too_old_at_dagtekening_and_datum():
    verdict = judge(VOT.replace(b"2014-06-09", b"1900-06-09"), default_registry())
    assert [(i.code, i.location) for i in verdict.issues] == [
        ("TR002", "/Bericht/Header/BerichtIdentificatie/Dagtekening"),
        ("TR002", "/Bericht/Client/Geboortedatum/Datum"),
    ]


def test_schema_invalid_message_has_no_rule_issues_and_no_retour():
    verdict = judge(VOT.replace(b"<jw315:Geslacht>2", b"<jw315:Geslacht>7"), default_registry())
    assert not verdict.xsd_valid and verdict.issues == [] and verdict.bericht is None
    with pytest.raises(ValueError, match="no retourbericht"):
        uitkomst(verdict)


def test_rule_violation_gives_header_only_technical_outcome():
    verdict = judge(VOT.replace(b"2027-11-30", b"2026-11-30"), default_registry())
    outcome = uitkomst(verdict)
    assert outcome.header_codes == (CODE_TECHNISCH,) and outcome.xslt_versie == "2.10.5"
    assert not outcome.class_codes


@pytest.mark.parametrize("body", [VOT, VOT.replace(b"2027-11-30", b"2026-11-30")])
def test_a_schema_valid_verdict_equals_one_built_by_its_constructor(body):
    verdict = judge(body, default_registry())
    built = Verdict(verdict.type, [], list(verdict.issues), verdict.bericht)
    assert verdict == built and repr(verdict) == repr(built)
    with pytest.raises(FrozenInstanceError):
        verdict.issues = []


def test_a_read_bericht_equals_one_built_by_its_constructor():
    parsed = parse(VOT)
    bericht = Bericht.read(parsed.type, parsed.root)
    built = Bericht(parsed.type, parsed.root, bericht.header, bericht.view, _gelezen={})
    assert bericht == built and repr(bericht) == repr(built)
    assert bericht.gelezen is bericht.view.gelezen
    assert bericht.shared("x", lambda b: 1) == 1 and built.shared("x", lambda b: 2) == 2
    with pytest.raises(FrozenInstanceError):
        bericht.view = None


def test_an_issue_of_a_rule_equals_one_built_by_its_constructor():
    root = parse(VOT).root
    first, second = violation("X1", root[0], "m"), violations("X2", [root[1]], "n")[0]
    assert first == Issue("X1", RETOURCODE_TECHNISCH, "/Bericht/Header", "m")
    assert second == Issue("X2", RETOURCODE_TECHNISCH, "/Bericht/Client", "n")
    assert repr(first) == repr(Issue("X1", RETOURCODE_TECHNISCH, "/Bericht/Header", "m"))
    assert hash(first) == hash(Issue("X1", RETOURCODE_TECHNISCH, "/Bericht/Header", "m"))
    with pytest.raises(FrozenInstanceError):
        first.code = "X3"
