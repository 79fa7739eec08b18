"""The project's iJw 3.2 XSDs give every sample and mutant the published XSDs' verdict.

Every published sample message and the mutants `tests/ijw/mutants.py` derives from them are
validated against `schemas/ijw-3.2` and against `../shared/ijw-3.2/xsd`; each must be valid
for both or invalid for both. The tests skip when `../shared/ijw-3.2` is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from app.ijw.catalogue import BY_NAME, MESSAGE_TYPES
from app.ijw.schemas import SchemaRegistry
from tests.ijw.mutants import message_type_of, mutants, parse

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "ijw-3.2"
OURS = REPO / "schemas" / "ijw-3.2"

INVALID_SAMPLES = {"JW315": "ToewijzingEinddatum", "JW318": "RetourCode"}
"""Samples the README lists as XSD-invalid, with the element the first error names."""

MIN_MUTANTS = 500
MIN_SHARE = 0.15
"""Each verdict must cover at least this share of all mutants: one-sided mutants prove little."""
MIN_PER_TYPE = 100
MIN_VERDICT_PER_TYPE = 10

NAMES = [message_type.name for message_type in MESSAGE_TYPES]


@dataclass(frozen=True, slots=True)
class Case:
    """A sample (`JW301/sample`) or one of its mutants, parsed."""

    id: str
    type: str
    root: etree._Element

    @property
    def is_sample(self) -> bool:
        return self.id.endswith("/sample")


@pytest.fixture(scope="module")
def shared() -> Path:
    if not (SHARED / "xsd").is_dir() or not (SHARED / "samples").is_dir():
        pytest.skip(
            "../shared/ijw-3.2 is absent: conformance against the published schemas cannot run"
        )
    return SHARED


@pytest.fixture(scope="module")
def published(shared: Path) -> SchemaRegistry:
    return SchemaRegistry(shared / "xsd")


@pytest.fixture(scope="module")
def ours(shared: Path) -> SchemaRegistry:
    try:
        return SchemaRegistry(OURS)
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError, ValueError) as error:
        pytest.fail(f"schemas/ijw-3.2 does not compile as 14 iJw 3.2 message schemas: {error}")


@pytest.fixture(scope="module")
def cases(shared: Path) -> dict[str, list[Case]]:
    """Per message type: its sample, then its mutants, all parsed."""
    swept: set[str] = set()
    by_type: dict[str, list[Case]] = {}
    for name in NAMES:
        sample = (shared / "samples" / f"{name}.xml").read_bytes()
        found = [Case(f"{name}/sample", name, parse(sample))]
        found += [Case(id_, name, parse(data)) for id_, data in mutants(sample, swept)]
        by_type[name] = found
    return by_type


@pytest.fixture(scope="module")
def published_verdicts(
    cases: dict[str, list[Case]], published: SchemaRegistry
) -> dict[str, str | None]:
    """Per case id: None when the published XSDs accept it, else their first error."""
    return {case.id: _first_error(published, case) for case in _all(cases)}


def _all(cases: dict[str, list[Case]]) -> Iterator[Case]:
    for found in cases.values():
        yield from found


def _first_error(registry: SchemaRegistry, case: Case) -> str | None:
    errors = registry.errors(BY_NAME[case.type], case.root)
    return f"line {errors[0].line}: {errors[0].message}" if errors else None


@pytest.mark.parametrize("side", ["published", "ours"])
def test_samples_get_the_verdicts_the_readme_describes(
    side: str, cases: dict[str, list[Case]], request: pytest.FixtureRequest
) -> None:
    registry: SchemaRegistry = request.getfixturevalue(side)
    samples = [case for case in _all(cases) if case.is_sample]
    verdicts = {case.type: _first_error(registry, case) for case in samples}
    assert {name: error is None for name, error in verdicts.items()} == {
        name: name not in INVALID_SAMPLES for name in NAMES
    }, verdicts
    for name, element in INVALID_SAMPLES.items():
        assert f"Element '{element}'" in verdicts[name], (name, verdicts[name])


def test_mutants_are_xml_of_their_sample_message_type(cases: dict[str, list[Case]]) -> None:
    ids = [case.id for case in _all(cases)]
    assert len(ids) == len(set(ids)), "mutant ids are not unique"
    strays = [
        case.id
        for case in _all(cases)
        if message_type_of(case.root).name != case.type or not case.id.startswith(case.type)
    ]
    assert not strays, strays


def test_mutants_are_many_and_both_valid_and_invalid(
    cases: dict[str, list[Case]], published_verdicts: dict[str, str | None]
) -> None:
    def split(found: list[Case]) -> tuple[int, int]:
        verdicts = [published_verdicts[case.id] is None for case in found if not case.is_sample]
        return verdicts.count(True), verdicts.count(False)

    per_type = {name: split(found) for name, found in cases.items()}
    valid = sum(v for v, _ in per_type.values())
    invalid = sum(i for _, i in per_type.values())
    total = valid + invalid
    assert total >= MIN_MUTANTS, per_type
    assert valid >= MIN_SHARE * total, f"only {valid} of {total} mutants are valid"
    assert invalid >= MIN_SHARE * total, f"only {invalid} of {total} mutants are invalid"
    thin = {
        name: (v, i)
        for name, (v, i) in per_type.items()
        if v + i < MIN_PER_TYPE or min(v, i) < MIN_VERDICT_PER_TYPE
    }
    assert not thin, f"(valid, invalid) mutants of too few or one-sided types: {thin}"


@pytest.mark.parametrize("name", NAMES)
def test_our_schema_gives_every_mutant_the_published_verdict(
    name: str,
    cases: dict[str, list[Case]],
    ours: SchemaRegistry,
    published_verdicts: dict[str, str | None],
) -> None:
    disagreements = []
    for case in cases[name]:
        theirs = published_verdicts[case.id]
        mine = _first_error(ours, case)
        if (theirs is None) != (mine is None):
            if theirs is None:
                disagreements.append(f"{case.id}: published valid, ours invalid ({mine})")
            else:
                disagreements.append(f"{case.id}: ours valid, published invalid ({theirs})")
    assert not disagreements, (
        f"{len(disagreements)} of {len(cases[name])} {name} messages get another verdict from "
        "schemas/ijw-3.2 than from ../shared/ijw-3.2/xsd:\n" + "\n".join(disagreements)
    )
