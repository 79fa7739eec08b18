"""Print µs per message for full validation against lxml's bare parse + XSD (the floor).

Full validation = hardened parse + identification + XSD + typed view + all intra-message
rules (`app.checks.pipeline.judge`). The floor = `etree.fromstring` + `XMLSchema.validate`
with the same compiled schema. Both are measured in one run, interleaved, as CPU time of this
process (`time.process_time`): on a shared, loaded machine wall-clock time mostly measures the
wait for a core, and the ratio would follow the load instead of the code.

Then the worst case under the size limit: a 25 MiB message of one product repeated (every copy
repeats the key of, and overlaps, every earlier one), and one of distinct products with
disjoint periods (no rule stops early), for each message type with a repeating class: seconds
for full validation, and for the floor. Usage: `python bench/validate.py [--rounds N]
[--worst-only | --no-worst | --stages]`.

After the table, one line per message type: the median ratio over its messages, against the
goal (≤ 2× for JW315/JW305/JW307, ≤ 2.5× for every other type). The run starts with the
machine's reference figures (`bench/machine.py`).

`--stages` prints instead where full validation spends its time, per message type: the
pipeline's steps measured cumulatively (hardened parse and identification; then the XSD; then
the typed view; then the rules, which is `judge`), each step's share given in floors.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from lxml import etree

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.pipeline import MAX_ISSUES, judge
from app.ijw.parser import DEFAULT_MAX_BYTES, parse, parse_identified
from app.ijw.schemas import SchemaRegistry, default_registry

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the repeated-product messages are built by the test helpers

from bench.machine import describe  # noqa: E402
from tests.ijw.repeated import REPEATED, base, repeated  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "ijw-3.2" / "samples"
GOALS = {"JW315": 2.0, "JW305": 2.0, "JW307": 2.0}
"""Ratio goals for the types the service validates most; every other type has DEFAULT_GOAL."""
DEFAULT_GOAL = 2.5
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
        start = time.process_time()
        for _ in range(batch):
            fn()
        took = time.process_time() - start
        if took >= seconds:
            return took / batch * 1e6
        batch *= 2


def largest(message_type: str, distinct: bool, limit: int = DEFAULT_MAX_BYTES) -> bytes:
    """The message of `message_type` with as many copies of its repeated class as fit `limit`."""
    data, name = base(message_type), REPEATED[message_type][1]
    one, two = (len(repeated(data, name, n, distinct=distinct)) for n in (1, 2))
    count = (limit - one) // (two - one) + 1
    while len(found := repeated(data, name, count, distinct=distinct)) > limit:
        count -= max(1, count // 1000)
    return found


def bare_floor(data: bytes, schema: etree.XMLSchema, parser: etree.XMLParser) -> bool:
    """The floor: lxml's bare parse and the XSD check."""
    return schema.validate(etree.fromstring(data, parser))


STAGES = ("parse", "xsd", "view", "rules")


def _tot_parse(data: bytes, registry: SchemaRegistry) -> object:
    return parse_identified(data)


def _tot_xsd(data: bytes, registry: SchemaRegistry) -> object:
    message_type, root = parse_identified(data)
    return registry.report(message_type, root)


def _tot_view(data: bytes, registry: SchemaRegistry) -> object:
    message_type, root = parse_identified(data)
    registry.report(message_type, root)
    return Bericht.read(message_type, root)


def _tot_rules(data: bytes, registry: SchemaRegistry) -> object:
    message_type, root = parse_identified(data)
    registry.report(message_type, root)
    bericht = Bericht.read(message_type, root)
    return intra.run(bericht, limit=MAX_ISSUES + 1, schema_valid=True)


_CUMULATIVE = (_tot_parse, _tot_xsd, _tot_view, _tot_rules)
"""The pipeline's steps up to and including each stage, as `judge` takes them."""


def stages(registry: SchemaRegistry, rounds: int) -> None:
    """Print, per message type, each stage's cost in floors (medians over its messages)."""
    bare = etree.XMLParser()
    by_type: dict[str, list[list[float]]] = {}
    for _, data in messages():
        message_type = parse(data).type.name
        if not judge(data, registry).xsd_valid:
            continue  # a schema-invalid message has no view or rules to measure
        schema = registry[message_type].schema
        shares: list[list[float]] = []
        for _ in range(rounds):
            floor = per_call_us(partial(bare_floor, data, schema, bare))
            totals = [per_call_us(partial(step, data, registry)) for step in _CUMULATIVE]
            steps = [totals[0]] + [b - a for a, b in zip(totals, totals[1:], strict=False)]
            shares.append([step / floor for step in steps])
        by_type.setdefault(message_type, []).append(
            [statistics.median(share[i] for share in shares) for i in range(len(STAGES))]
        )
    print(f"{'type':6} {'messages':>8} " + " ".join(f"{s:>6}" for s in STAGES) + f" {'total':>6}")
    for message_type, per_message in sorted(by_type.items()):
        medians = [statistics.median(m[i] for m in per_message) for i in range(len(STAGES))]
        print(
            f"{message_type:6} {len(per_message):8} "
            + " ".join(f"{m:6.2f}" for m in medians)
            + f" {sum(medians):6.2f}"
        )
    print("in floors (bare parse + XSD of the same message); each stage measured as the steps")
    print("up to it minus the steps before it, so a noisy stage may read a little below zero")


def worst_cases(registry: SchemaRegistry, rounds: int) -> None:
    """Print seconds per 25 MiB message of repeated products, full validation and floor."""
    bare = etree.XMLParser()
    columns = f"{'MiB':>5} {'copies':>7} {'floor s':>8} {'full s':>8}"
    print(f"\n{'worst case (25 MiB)':34} {columns}  verdict")
    for message_type in sorted(REPEATED):
        for distinct in (False, True):
            data = largest(message_type, distinct)
            schema = registry[message_type].schema
            floor, full = [], []
            for _ in range(rounds):
                start = time.process_time()
                schema.validate(etree.fromstring(data, bare))
                floor.append(time.process_time() - start)
                start = time.process_time()
                verdict = judge(data, registry)
                full.append(time.process_time() - start)
            copies = data.count(f":{REPEATED[message_type][1]}>".encode()) // 2
            state = (
                "schema-invalid"
                if not verdict.xsd_valid
                else (
                    f"{len(verdict.issues)} rule issues"
                    + (" (capped)" if verdict.issues_truncated else "")
                )
            )
            kind = "distinct" if distinct else "identical"
            print(
                f"{message_type + ' ' + kind:34} {len(data) / 2**20:5.1f} {copies:7} "
                f"{statistics.median(floor):8.2f} {statistics.median(full):8.2f}  {state}"
            )


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--worst-only", action="store_true", help="only the 25 MiB worst cases")
    parser.add_argument("--no-worst", action="store_true", help="skip the 25 MiB worst cases")
    parser.add_argument(
        "--stages", action="store_true", help="where full validation spends its time, per type"
    )
    args = parser.parse_args()
    registry = default_registry()
    bare = etree.XMLParser()
    print(describe())
    if args.stages:
        stages(registry, args.rounds)
        return
    if args.worst_only:
        worst_cases(registry, rounds=3)
        return

    print(f"{'message':34} {'floor µs':>9} {'full µs':>9} {'ratio':>6}  verdict")
    by_type: dict[str, list[float]] = {}
    for name, data in messages():
        message_type = parse(data).type.name
        schema = registry[message_type].schema
        floor: list[float] = []
        full: list[float] = []
        for _ in range(args.rounds):
            floor.append(per_call_us(partial(bare_floor, data, schema, bare)))
            full.append(per_call_us(partial(judge, data, registry)))
        verdict = judge(data, registry)
        state = "valid" if verdict.valid else f"invalid ({len(verdict.issues)} rule issues)"
        if not verdict.xsd_valid:
            state = "schema-invalid"
        ratio = statistics.median(g / f for f, g in zip(floor, full, strict=True))
        f, g = statistics.median(floor), statistics.median(full)
        print(f"{name:34} {f:9.1f} {g:9.1f} {ratio:6.2f}  {state}")
        by_type.setdefault(message_type, []).append(ratio)
    print("ratio = median over rounds of full/floor measured back to back in the same round")
    print(f"\n{'type':6} {'messages':>8} {'ratio':>6} {'goal':>5}")
    for message_type, ratios in sorted(by_type.items()):
        goal = GOALS.get(message_type, DEFAULT_GOAL)
        median = statistics.median(ratios)
        mark = "" if median <= goal else "  over goal"
        print(f"{message_type:6} {len(ratios):8} {median:6.2f} {goal:5.1f}{mark}")
    if not args.no_worst:
        worst_cases(registry, rounds=3)


if __name__ == "__main__":
    main()
