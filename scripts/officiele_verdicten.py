#!/usr/bin/env python3
"""Pin the official intra-message verdicts of the conformance set (samples and mutants).

Run from the repository root with the official rule file (rules.xsl, "TR-CD-CS regels JW 3.2",
XSLT 1.0) at hand; it is not part of the repository:

    .venv/bin/python scripts/officiele_verdicten.py --xslt PATH/TO/rules.xsl

For every schema-valid sample and mutant (`tests/checks/conformiteit.py` lists them) it runs the
stylesheet and writes the sorted (code, location) pairs of its report, one pair per Locatie of
each Fout, to tests/checks/officiele_verdicten.jsonl.gz. It needs ../shared/ijw-3.2/samples.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from app.ijw.schemas import default_registry  # noqa: E402
from tests.checks.conformiteit import PINNED, SAMPLES, Paar, gevallen, schrijf  # noqa: E402

RAPPORT = "{http://www.istandaarden.nl/validatie/1_1/rapport/schema}"


def main() -> int:
    """Run the stylesheet on every case and write the pinned verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xslt", required=True, type=Path, help="the official rules.xsl")
    parser.add_argument("--out", type=Path, default=PINNED, help=f"default: {PINNED}")
    args = parser.parse_args()
    if not SAMPLES.is_dir():
        parser.error(f"{SAMPLES} is absent: the conformance set is derived from its samples")
    source = args.xslt.read_bytes()
    transform = etree.XSLT(etree.fromstring(source))
    versions = re.findall(rb"XSLTVersie>(\d+\.\d+\.\d+)<", source)
    kop = {
        "xslt_versie": versions[-1].decode() if versions else "?",
        "xslt_sha256": hashlib.sha256(source).hexdigest(),
    }
    verdicten: dict[str, list[Paar]] = {}
    for geval in gevallen(default_registry()):
        report = transform(etree.fromstring(geval.data)).getroot()
        pairs = [
            (fout.findtext(f"{RAPPORT}Code") or "", locatie.text or "")
            for fout in report.iter(f"{RAPPORT}Fout")
            for locatie in fout.iter(f"{RAPPORT}Locatie")
        ]
        verdicten[geval.id] = sorted(pairs)
    schrijf(args.out, kop, verdicten)
    print(f"{len(verdicten)} verdicts of rules.xsl {kop['xslt_versie']} written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
