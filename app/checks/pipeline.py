"""Judge one message as the standard does: parse, XSD, then the intra-message rules."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.issue import Issue
from app.ijw.builders.retour import ACCEPTED, Beoordeling, technisch_afgekeurd
from app.ijw.catalogue import MessageType
from app.ijw.parser import DEFAULT_MAX_BYTES, parse_identified
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
    message_type, root = parse_identified(data, max_bytes)
    report = registry.report(message_type, root, MAX_SCHEMA_ERRORS)
    if not report.valid:
        return Verdict(message_type, list(report.errors), xsd_errors_more=report.more)
    bericht = Bericht.read(message_type, root)
    issues = intra.run(bericht, limit=MAX_ISSUES + 1, schema_valid=True)
    if len(issues) > MAX_ISSUES:
        return Verdict(message_type, [], issues[:MAX_ISSUES], bericht, issues_truncated=True)
    return _schema_valid(message_type, issues, bericht)


_new = object.__new__
_SET_TYPE, _SET_XSD_ERRORS, _SET_ISSUES, _SET_BERICHT, _SET_MORE, _SET_TRUNCATED = (
    Verdict.__dict__[veld.name].__set__ for veld in fields(Verdict)
)


def _schema_valid(message_type: MessageType, issues: list[Issue], bericht: Bericht) -> Verdict:
    """`Verdict(message_type, [], issues, bericht)`, its slots set directly.

    A frozen dataclass sets each field through `object.__setattr__`: on the hot path that is
    half the cost of the verdict.
    """
    verdict = _new(Verdict)
    _SET_TYPE(verdict, message_type)
    _SET_XSD_ERRORS(verdict, [])
    _SET_ISSUES(verdict, issues)
    _SET_BERICHT(verdict, bericht)
    _SET_MORE(verdict, 0)
    _SET_TRUNCATED(verdict, False)
    return verdict


def uitkomst(verdict: Verdict) -> Beoordeling:
    """The retour outcome of a schema-valid message judged on its intra-message rules alone."""
    if not verdict.xsd_valid:
        raise ValueError("a schema-invalid message gets no retourbericht (transport refusal)")
    return technisch_afgekeurd(intra.XSLT_VERSIE) if verdict.issues else ACCEPTED
