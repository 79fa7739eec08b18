"""JW319 Antwoordbericht rules, ijw-domain.md §6.2."""

from __future__ import annotations

import pytest

from app.checks.intra import antwoord
from app.checks.pipeline import judge
from tests.checks.messages.intra_kit import (
    at_each,
    duplicate,
    insert,
    load,
    one,
    registry,
    remove,
    run,
    schema_errors,
    set_text,
    shared_sample,
    triples,
)

AW = "/Bericht/Antwoord"
WOONPLAATS = "<m:Woonplaatsbeginsel><m:Gemeente>0599</m:Gemeente></m:Woonplaatsbeginsel>"


def base():
    """Base JW319: VerzoekAntwoord 1, reden 8, Woonplaatsbeginsel 0599."""
    return load("antwoord_jw319")


def in_onderzoek():
    """A valid 'in onderzoek' answer: VerzoekAntwoord 2 without reden or Woonplaatsbeginsel."""
    root = set_text(base(), "Antwoord/VerzoekAntwoord", "2")
    remove(root, "Antwoord/RedenAfwijzingVerzoek")
    return remove(root, "Antwoord/Woonplaatsbeginsel")


def afgewezen(reden: str):
    """A rejection with this reden and no Woonplaatsbeginsel."""
    root = set_text(base(), "Antwoord/RedenAfwijzingVerzoek", reden)
    return remove(root, "Antwoord/Woonplaatsbeginsel")


def _check(found, code: str, location: str) -> None:
    issue = one(found)
    assert (issue.code, issue.retourcode, issue.location) == (code, "0001", location)


@pytest.mark.parametrize("make", [base, in_onderzoek, lambda: afgewezen("3")])
def test_valid_answers_are_schema_valid_and_pass(make):
    root = make()
    assert schema_errors(root) == []
    assert run(root) == []


def test_pipeline_valid_sample_has_no_issues():
    verdict = judge(shared_sample("JW319"), registry())
    assert verdict.xsd_valid
    assert verdict.issues == []


def test_rules_are_named_and_documented():
    for rule in antwoord.RULES:
        assert rule.applies_to == {"JW319"}
        assert rule.check.__name__.startswith(rule.code.lower())
        assert rule.check.__doc__.startswith(f"{rule.code}:")
        assert "retourcode 0001" in rule.check.__doc__


# --- CD085, CD086 ------------------------------------------------------------------------------


def test_cd085_afgewezen_without_reden():
    root = remove(afgewezen("3"), "Antwoord/RedenAfwijzingVerzoek")
    # As rules.xsl: named at the VerzoekAntwoord it checks from (the reden is absent).
    _check(run(root), "CD085", f"{AW}/VerzoekAntwoord")


def test_cd086_in_onderzoek_with_reden():
    root = insert(
        in_onderzoek(), "Antwoord", "<m:RedenAfwijzingVerzoek>3</m:RedenAfwijzingVerzoek>"
    )
    assert triples(run(root)) == at_each(
        "CD086", f"{AW}/VerzoekAntwoord", f"{AW}/RedenAfwijzingVerzoek"
    )


# --- TR377, TR409 ------------------------------------------------------------------------------


def test_tr377_reden_8_without_woonplaatsbeginsel():
    root = afgewezen("8")
    _check(run(root), "TR377", f"{AW}/RedenAfwijzingVerzoek")


@pytest.mark.parametrize("reden", ["1", "3", "5", "9"])
def test_tr409_other_reden_with_woonplaatsbeginsel_at_reden_and_woonplaatsbeginsel(reden):
    root = set_text(base(), "Antwoord/RedenAfwijzingVerzoek", reden)
    assert [(i.code, i.retourcode, i.location) for i in run(root)] == [
        ("TR409", "0001", f"{AW}/RedenAfwijzingVerzoek"),
        ("TR409", "0001", f"{AW}/Woonplaatsbeginsel"),
    ]


def test_tr409_is_not_reported_without_a_reden():
    root = insert(in_onderzoek(), "Antwoord", WOONPLAATS)
    assert [i for i in run(root) if i.code == "TR409"] == []


# --- TR101 -------------------------------------------------------------------------------------


def test_tr101_duplicate_antwoord():
    root = base()
    duplicate(root, "Antwoord")
    assert triples(run(root)) == at_each("TR101", f"{AW}[1]", f"{AW}[2]")


def test_tr101_antwoord_with_other_verzoek_antwoord_passes():
    root = base()
    copy = duplicate(root, "Antwoord")
    copy[1].text = "2"
    copy.remove(copy[3])
    copy.remove(copy[2])
    assert run(root) == []


def test_tr101_duplicate_woonplaatsbeginsel():
    root = base()
    duplicate(root, "Antwoord/Woonplaatsbeginsel")
    assert triples(run(root)) == at_each(
        "TR101", f"{AW}/Woonplaatsbeginsel[1]", f"{AW}/Woonplaatsbeginsel[2]"
    )


def test_tr101_woonplaatsbeginsel_with_other_gemeente_passes():
    root = base()
    copy = duplicate(root, "Antwoord/Woonplaatsbeginsel")
    copy[0].text = "0600"
    assert run(root) == []
