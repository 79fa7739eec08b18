"""Golden cases: tests/cases/<name>/input.xml (or source.txt) → expected-reply.xml.

Each case's reply and the rule violations found are produced by the code, checked by a person
and pinned. Regenerate after a deliberate change with IJW_UPDATE_GOLDEN=1 and review the diff.
"""

import json
import os
from datetime import date
from pathlib import Path

import pytest

from app.checks.pipeline import judge, uitkomst
from app.ijw.builders.retour import Beoordeling, RetourKenmerken, build_retour
from app.ijw.parser import parse
from app.ijw.schemas import default_registry

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(
    p
    for p in (ROOT / "tests" / "cases").iterdir()
    if p.is_dir() and not (p / "toewijzingen.json").exists()  # JW323 cases need stored state
)
UPDATE = os.environ.get("IJW_UPDATE_GOLDEN") == "1"


def _input(case: Path) -> bytes:
    own = case / "input.xml"
    if own.exists():
        return own.read_bytes()
    source = ROOT / (case / "source.txt").read_text().strip()
    if not source.exists():
        pytest.skip(f"{source} is absent: this case replays a published sample")
    return source.read_bytes()


def _pinned(path: Path, produced: bytes) -> None:
    if UPDATE:
        path.write_bytes(produced)
    assert path.exists(), f"{path} missing: run with IJW_UPDATE_GOLDEN=1 and review it"
    assert produced.decode() == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Path):
    registry = default_registry()
    verdict = judge(_input(case), registry)
    assert verdict.xsd_valid, verdict.xsd_errors

    issues = [{"code": i.code, "location": i.location} for i in verdict.issues]
    _pinned(case / "expected-issues.json", (json.dumps(issues, indent=2) + "\n").encode())

    outcome_file = case / "outcome.json"
    if outcome_file.exists():
        assert not verdict.issues, "a cross-message case needs a message clean at level 2"
        outcome = Beoordeling(class_codes=json.loads(outcome_file.read_text())["class_codes"])
    else:
        outcome = uitkomst(verdict)
    kenmerken = RetourKenmerken(
        identificatie_retour="RET000000001",
        dagtekening_retour=date(2026, 12, 7),
        xsd_versie_retour=registry[verdict.type.retour].versie,
    )
    reply = build_retour(verdict.type, verdict.bericht.root, kenmerken, outcome)

    produced = parse(reply)
    assert produced.type.name == verdict.type.retour
    assert registry.errors(produced.type, produced.root) == []
    _pinned(case / "expected-reply.xml", reply)
