"""The conformance set: samples and schema-valid mutants with the official rules' verdicts.

Cases are the published samples (`../shared/ijw-3.2/samples`) and the mutants
`tests/ijw/mutants.py` derives from them, generated as `tests/ijw/test_schema_conformance.py`
does (message types in catalogue order, one shared `swept` set), kept only when schema-valid.
A verdict is the sorted list of (code, location) pairs: one pair per location the official
rules.xsl reports for a Fout, one per Issue of ours.

`officiele_verdicten.jsonl.gz` pins rules.xsl's verdicts (`scripts/officiele_verdicten.py`
writes it); `officiele_afwijkingen.json` lists where we knowingly differ, with the reason.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.checks.pipeline import Verdict, judge
from app.ijw.catalogue import MESSAGE_TYPES
from app.ijw.schemas import SchemaRegistry
from app.problem import Refusal
from tests.ijw.mutants import mutants

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SAMPLES = REPO.parent / "shared" / "ijw-3.2" / "samples"
PINNED = HERE / "officiele_verdicten.jsonl.gz"
AFWIJKINGEN = HERE / "officiele_afwijkingen.json"

Paar = tuple[str, str]
"""(rule code, location)."""


@dataclass(frozen=True, slots=True)
class Geval:
    """A schema-valid sample or mutant with our verdict on it."""

    id: str
    type: str
    data: bytes
    verdict: Verdict

    @property
    def ours(self) -> list[Paar]:
        """Our (code, location) pairs, sorted."""
        return sorted((issue.code, issue.location) for issue in self.verdict.issues)


def gevallen(registry: SchemaRegistry, samples: Path = SAMPLES) -> Iterator[Geval]:
    """Every schema-valid sample and mutant, per type in catalogue order, judged by us."""
    swept: set[str] = set()
    for message_type in MESSAGE_TYPES:
        name = message_type.name
        sample = (samples / f"{name}.xml").read_bytes()
        for case_id, data in [(f"{name}/sample", sample), *mutants(sample, swept)]:
            try:
                verdict = judge(data, registry)
            except Refusal:
                continue
            if verdict.xsd_valid:
                yield Geval(case_id, name, data, verdict)


def schrijf(path: Path, kop: dict[str, str], verdicten: dict[str, list[Paar]]) -> None:
    """Write pinned verdicts: a header line, then one JSON line per case id."""
    lines = [json.dumps(kop, sort_keys=True)]
    lines += [
        json.dumps([case_id, verdicten[case_id]], ensure_ascii=False) for case_id in verdicten
    ]
    with gzip.GzipFile(path, "wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


def lees(path: Path = PINNED) -> tuple[dict[str, str], dict[str, list[Paar]]]:
    """Header and per-case verdicts of a pinned file."""
    with gzip.open(path, "rt", encoding="utf-8") as source:
        kop = json.loads(source.readline())
        verdicten = {}
        for line in source:
            case_id, pairs = json.loads(line)
            verdicten[case_id] = sorted((code, where) for code, where in pairs)
    return kop, verdicten


def verschil(officieel: list[Paar], ours: list[Paar]) -> dict[str, list[Paar]]:
    """The pairs only rules.xsl reports and those only we report (as multisets); empty if none."""
    only_official = sorted((Counter(officieel) - Counter(ours)).elements())
    only_ours = sorted((Counter(ours) - Counter(officieel)).elements())
    found: dict[str, list[Paar]] = {}
    if only_official:
        found["officieel"] = only_official
    if only_ours:
        found["ons"] = only_ours
    return found
