"""Print µs per message for full validation against lxml's bare parse + XSD (the floor).

Full validation = hardened parse + identification + XSD + typed view + all intra-message
rules (`app.checks.pipeline.judge`). The floor = `etree.fromstring` + `XMLSchema.validate`
with the same compiled schema. Both are measured in one run, interleaved, so the ratio holds
on a noisy machine. Usage: `python bench/validate.py [--rounds N]`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from app.checks.pipeline import judge
from app.ijw.parser import parse
from app.ijw.schemas import default_registry

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "ijw-3.2" / "samples"
KNOWN_DEFECTS = {"JW315.xml": (b"2027-06-31", b"2027-06-30")}


def messages() -> list[tuple[str, bytes]]:
    """The published samples (known date defect mended in memory) and our golden inputs."""
    found: list[tuple[str, bytes]] = []
    if SAMPLES.is_dir():
        for path in sorted(SAMPLES.glob("*.xml")):
            data = path.read_bytes()
            if path.name in KNOWN_DEFECTS:
                data = data.replace(*KNOWN_DEFECTS[path.name])
            found.append((f"sample {path.stem}", data))
    for path in sorted((ROOT / "tests" / "cases").glob("*/input.xml")):
        found.append((f"case {path.parent.name}", path.read_bytes()))
    return found


def per_call_us(fn: Callable[[], object], seconds: float = 0.05) -> float:
    """Median µs per call over a batch sized to take about `seconds`."""
    batch = 1
    while True:
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        took = time.perf_counter() - start
        if took >= seconds:
            return took / batch * 1e6
        batch *= 2


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    registry = default_registry()
    bare = etree.XMLParser()

    print(f"{'message':34} {'floor µs':>9} {'full µs':>9} {'ratio':>6}  verdict")
    for name, data in messages():
        schema = registry[parse(data).type.name].schema
        floor: list[float] = []
        full: list[float] = []
        for _ in range(args.rounds):
            floor.append(
                per_call_us(lambda d=data, s=schema: s.validate(etree.fromstring(d, bare)))
            )
            full.append(per_call_us(lambda d=data: judge(d, registry)))
        verdict = judge(data, registry)
        state = "valid" if verdict.valid else f"invalid ({len(verdict.issues)} rule issues)"
        if not verdict.xsd_valid:
            state = "schema-invalid"
        ratio = statistics.median(g / f for f, g in zip(floor, full, strict=True))
        f, g = statistics.median(floor), statistics.median(full)
        print(f"{name:34} {f:9.1f} {g:9.1f} {ratio:6.2f}  {state}")
    print("ratio = median over rounds of full/floor measured back to back in the same round")


if __name__ == "__main__":
    main()
