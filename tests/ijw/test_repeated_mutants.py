"""Every repeatable element of every message, repeated: the rules' work stays linear.

`mutants.repeats` copies one element of a message many times in a row. Those copies that
the schema allows (products, prestaties, contacts, relaties, ...) are judged at two sizes and
their work compared by counted calls (`tests/work.py`): a rule that compares each copy with
every other, or walks the siblings again to name where it found a fault, is caught. Our own
base messages are always used; the published samples too when `../shared/ijw-3.2` exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.checks.pipeline import judge
from app.ijw.schemas import default_registry
from tests.ijw.mutants import repeats
from tests.work import calls

SMALL, LARGE = 40, 160
MAX_GROWTH = 1.5
"""Work for LARGE copies over work for SMALL, divided by LARGE / SMALL: about 1 when linear."""

HERE = Path(__file__).resolve().parent
MESSAGES = HERE.parent / "checks" / "messages"
SAMPLES = HERE.parents[2].parent / "shared" / "ijw-3.2" / "samples"


def _messages() -> list[Path]:
    found = sorted(MESSAGES.glob("*.xml"))
    if SAMPLES.is_dir():
        found += sorted(SAMPLES.glob("*.xml"))
    return found


def _repeatable(path: Path) -> list[tuple[str, bytes, bytes]]:
    """(id, SMALL copies, LARGE copies) for each element whose repetition stays schema-valid."""
    registry, found = default_registry(), []
    small = dict(repeats(path.read_bytes(), SMALL))
    large = dict(repeats(path.read_bytes(), LARGE))
    for (small_id, few), many in zip(small.items(), large.values(), strict=True):
        verdict = judge(many, registry)
        if verdict.xsd_valid:
            found.append((small_id.replace(f"×{SMALL}", ""), few, many))
    return found


@pytest.mark.parametrize("path", _messages(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_repeating_any_repeatable_element_costs_linear_work(path: Path) -> None:
    registry = default_registry()
    repeatable = _repeatable(path)
    if not repeatable:
        pytest.skip(f"{path.name} has no element the schema lets repeat")

    too_much = {}
    for mutant_id, few, many in repeatable:
        small, _ = calls(lambda data=few: judge(data, registry))
        large, _ = calls(lambda data=many: judge(data, registry))
        growth = (large / small) / (LARGE / SMALL)
        if growth >= MAX_GROWTH:
            too_much[mutant_id] = round(growth, 2)

    assert too_much == {}
