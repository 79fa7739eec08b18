"""Judge one message as the standard does: parse, XSD, then the intra-message rules."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.issue import Issue
from app.ijw.builders.retour import ACCEPTED, Uitkomst, technisch_afgekeurd
from app.ijw.catalogue import MessageType
from app.ijw.parser import DEFAULT_MAX_BYTES, parse
from app.ijw.schemas import SchemaError, SchemaRegistry


@dataclass(frozen=True, slots=True)
class Verdict:
    """What validation found; `bericht` is set only for a schema-valid message."""

    type: MessageType
    xsd_errors: list[SchemaError] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    bericht: Bericht | None = None

    @property
    def xsd_valid(self) -> bool:
        """True when the message passed its schema."""
        return not self.xsd_errors

    @property
    def valid(self) -> bool:
        """True when the message passed both its schema and the intra-message rules."""
        return not self.xsd_errors and not self.issues


def judge(data: bytes, registry: SchemaRegistry, max_bytes: int = DEFAULT_MAX_BYTES) -> Verdict:
    """Validate raw bytes; raises `MessageError` only when it is no iJw 3.2 message at all."""
    parsed = parse(data, max_bytes)
    xsd_errors = registry.errors(parsed.type, parsed.root)
    if xsd_errors:
        return Verdict(parsed.type, xsd_errors)
    bericht = Bericht.read(parsed.type, parsed.root)
    return Verdict(parsed.type, [], intra.run(bericht), bericht)


def uitkomst(verdict: Verdict) -> Uitkomst:
    """The retour outcome of a schema-valid message judged on its intra-message rules alone."""
    if not verdict.xsd_valid:
        raise ValueError("a schema-invalid message gets no retourbericht (transport refusal)")
    return technisch_afgekeurd(intra.XSLT_VERSIE) if verdict.issues else ACCEPTED
