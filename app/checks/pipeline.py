"""Judge one message as the standard does: parse, XSD, then the intra-message rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.issue import Issue
from app.ijw.builders.retour import ACCEPTED, Beoordeling, technisch_afgekeurd
from app.ijw.catalogue import MessageType
from app.ijw.parser import DEFAULT_MAX_BYTES, parse
from app.ijw.schemas import MAX_SCHEMA_ERRORS, SchemaError, SchemaRegistry

MAX_ISSUES = 1000
"""Rule violations listed per message. Past it rules stop: an overlap is one per pair of
products, so a message of repeated products would otherwise list millions (and take minutes)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What validation found; `bericht` is set only for a schema-valid message.

    `xsd_errors` lists at most `MAX_SCHEMA_ERRORS` (`xsd_errors_more` counts the rest);
    `issues` at most `MAX_ISSUES` (`issues_truncated` says there were more, uncounted).
    """

    type: MessageType
    xsd_errors: list[SchemaError] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    bericht: Bericht | None = None
    xsd_errors_more: int = 0
    issues_truncated: bool = False

    @property
    def xsd_valid(self) -> bool:
        """True when the message passed its schema."""
        return not self.xsd_errors

    @property
    def valid(self) -> bool:
        """True when the message passed both its schema and the intra-message rules."""
        return not self.xsd_errors and not self.issues


def judge(data: bytes, registry: SchemaRegistry, max_bytes: int = DEFAULT_MAX_BYTES) -> Verdict:
    """Validate raw bytes; raises a `Refusal` only when it is no iJw 3.2 message at all."""
    parsed = parse(data, max_bytes)
    report = registry.report(parsed.type, parsed.root, MAX_SCHEMA_ERRORS)
    if not report.valid:
        return Verdict(parsed.type, list(report.errors), xsd_errors_more=report.more)
    bericht = Bericht.read(parsed.type, parsed.root)
    issues = intra.run(bericht, limit=MAX_ISSUES + 1, schema_valid=True)
    return Verdict(
        parsed.type,
        [],
        issues[:MAX_ISSUES],
        bericht,
        issues_truncated=len(issues) > MAX_ISSUES,
    )


def uitkomst(verdict: Verdict) -> Beoordeling:
    """The retour outcome of a schema-valid message judged on its intra-message rules alone."""
    if not verdict.xsd_valid:
        raise ValueError("a schema-invalid message gets no retourbericht (transport refusal)")
    return technisch_afgekeurd(intra.XSLT_VERSIE) if verdict.issues else ACCEPTED
