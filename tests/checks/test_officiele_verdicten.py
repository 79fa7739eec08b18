"""Our intra-message rules give every case of the conformance set rules.xsl's verdict.

The conformance set (`tests/checks/conformiteit.py`) is the published samples and their
schema-valid mutants; `officiele_verdicten.jsonl.gz` pins the official rules.xsl's verdict on
each, as (code, location) pairs. Where we knowingly differ, `officiele_afwijkingen.json` lists
the exact difference with its reason, and the test asserts that difference exactly, so any
change to it fails too. Regenerate the pinned verdicts with `scripts/officiele_verdicten.py`.
The tests skip when `../shared/ijw-3.2` is absent.
"""

from __future__ import annotations

import json

import pytest

from app.ijw.catalogue import MESSAGE_TYPES
from app.ijw.schemas import default_registry
from tests.checks.conformiteit import AFWIJKINGEN, SAMPLES, Geval, Paar, gevallen, lees, verschil

NAMES = [message_type.name for message_type in MESSAGE_TYPES]

Afwijking = dict[str, list[Paar]]


@pytest.fixture(scope="module")
def alle() -> dict[str, list[Geval]]:
    if not SAMPLES.is_dir():
        pytest.skip("../shared/ijw-3.2 is absent: the conformance set cannot be derived")
    per_type: dict[str, list[Geval]] = {name: [] for name in NAMES}
    for geval in gevallen(default_registry()):
        per_type[geval.type].append(geval)
    return per_type


@pytest.fixture(scope="module")
def officieel() -> dict[str, list[Paar]]:
    return lees()[1]


@pytest.fixture(scope="module")
def afwijkingen() -> dict[str, tuple[str, Afwijking]]:
    """Per case id: (reason, {"officieel": pairs only rules.xsl reports, "ons": ours only})."""
    found: dict[str, tuple[str, Afwijking]] = {}
    for groep in json.loads(AFWIJKINGEN.read_text(encoding="utf-8"))["afwijkingen"]:
        for case_id, sides in groep["gevallen"].items():
            assert case_id not in found, f"{case_id} is listed twice in {AFWIJKINGEN.name}"
            pairs = {side: sorted((c, w) for c, w in sides[side]) for side in sides}
            found[case_id] = (groep["reden"], pairs)
    return found


def test_the_pinned_verdicts_cover_exactly_the_conformance_set(
    alle: dict[str, list[Geval]], officieel: dict[str, list[Paar]]
) -> None:
    ids = [geval.id for found in alle.values() for geval in found]
    missing = sorted(set(ids) - set(officieel))
    stale = sorted(set(officieel) - set(ids))
    assert not missing and not stale, (
        f"{len(missing)} case(s) lack a pinned verdict, {len(stale)} pinned case(s) are no longer "
        "generated (mutants or schemas changed?): rerun scripts/officiele_verdicten.py --xslt "
        f"PATH.\nmissing: {missing[:20]}\nstale: {stale[:20]}"
    )
    assert len(ids) >= 1000, f"the conformance set shrank to {len(ids)} cases"
    assert {geval.type for found in alle.values() for geval in found} == set(NAMES)


def test_every_listed_divergence_names_a_case_and_a_reason(
    afwijkingen: dict[str, tuple[str, Afwijking]], officieel: dict[str, list[Paar]]
) -> None:
    unknown = sorted(case_id for case_id in afwijkingen if case_id not in officieel)
    assert not unknown, f"divergences listed for cases outside the set: {unknown}"
    for case_id, (reden, sides) in afwijkingen.items():
        assert reden.strip(), f"{case_id}: a divergence needs its reason"
        assert sides and set(sides) <= {"officieel", "ons"}, (case_id, sides)


@pytest.mark.parametrize("name", NAMES)
def test_our_rules_give_the_official_verdict(
    name: str,
    alle: dict[str, list[Geval]],
    officieel: dict[str, list[Paar]],
    afwijkingen: dict[str, tuple[str, Afwijking]],
) -> None:
    wrong: list[str] = []
    for geval in alle[name]:
        found = verschil(officieel.get(geval.id, []), geval.ours)
        reden, expected = afwijkingen.get(geval.id, ("", {}))
        if found == expected:
            continue
        lines = [geval.id]
        for side, label in (("officieel", "rules.xsl only"), ("ons", "ours only")):
            lines += [f"    {label:15} {code} {where}" for code, where in found.get(side, [])]
        if expected:
            lines.append(f"    listed as divergence ({reden}):")
            for side, label in (("officieel", "rules.xsl only"), ("ons", "ours only")):
                lines += [f"      {label:15} {c} {w}" for c, w in expected.get(side, [])]
        wrong.append("\n".join(lines))
    assert not wrong, (
        f"{len(wrong)} of {len(alle[name])} {name} cases differ from the pinned rules.xsl "
        f"verdict other than {AFWIJKINGEN.name} lists:\n" + "\n".join(wrong)
    )
