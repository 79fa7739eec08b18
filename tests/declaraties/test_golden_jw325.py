"""Golden JW325 cases: tests/cases/declaratie-*/ → expected-reply.xml, through POST /berichten.

Each case stores its toewijzingen (toewijzingen.json), posts its earlier declaraties
(eerder-*.xml) and then input.xml; the JW325 answer is produced by the code, checked by a
person against IV087 and pinned. Our own Identificatie is the only value that depends on the
database, so it is written as `ID` before comparing. Regenerate with IJW_UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from app.ijw.parser import parse
from app.ijw.schemas import default_registry
from tests.api.flow import post, toewijzing

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (ROOT / "tests" / "cases").glob("declaratie-*") if p.is_dir())
UPDATE = os.environ.get("IJW_UPDATE_GOLDEN") == "1"
_EIGEN_ID = re.compile(rb"(<jw325:BerichtIdentificatie>\s*<ijw:Identificatie>)\d+(</)")


def _toewijzingen(app, case: Path) -> None:
    for t in json.loads((case / "toewijzingen.json").read_text()):
        toewijzing(
            app,
            t["nummer"],
            date.fromisoformat(t["ingang"]),
            date.fromisoformat(t["eind"]) if t.get("eind") else None,
            omvang=tuple(t["omvang"]) if t.get("omvang") else None,
            categorie=t.get("categorie", "45"),
            code=t.get("code", "45A48"),
            budget=t.get("budget"),
            aanbieder=t.get("aanbieder", "87654321"),
        )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_jw325(case: Path, client, app):
    _toewijzingen(app, case)
    for earlier in sorted(case.glob("eerder-*.xml")):
        post(client, earlier.read_bytes())
    reply = post(client, (case / "input.xml").read_bytes()).content

    produced = parse(reply)
    assert produced.type.name == "JW325"
    assert default_registry().errors(produced.type, produced.root) == []
    pinned = _EIGEN_ID.sub(rb"\1ID\2", reply)
    path = case / "expected-reply.xml"
    if UPDATE:
        path.write_bytes(pinned)
    assert path.exists(), f"{path} missing: run with IJW_UPDATE_GOLDEN=1 and review it"
    assert pinned.decode() == path.read_text(encoding="utf-8")
