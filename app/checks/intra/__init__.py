"""Intra-message rules (controleniveau 2, retourcode 0001), registered in one ordered list."""

from __future__ import annotations

from app.checks.bericht import Bericht
from app.checks.intra import antwoord, declaratie, persoon, regie, toewijzing, verzoek
from app.checks.issue import Issue, locating
from app.checks.rule import Check, Rule

XSLT_VERSIE = "2.10.5"
"""The release of the official rule set (rules.xsl) these rules follow; sent as XsltVersie."""

RULES: tuple[Rule, ...] = (
    *persoon.RULES,
    *verzoek.RULES,
    *regie.RULES,
    *antwoord.RULES,
    *toewijzing.RULES,
    *declaratie.RULES,
)

_BY_TYPE: dict[str, tuple[Rule, ...]] = {}


def rules_for(message_type: str) -> tuple[Rule, ...]:
    """The rules that apply to one message type, in registry order."""
    found = _BY_TYPE.get(message_type)
    if found is None:
        found = _BY_TYPE[message_type] = tuple(r for r in RULES if message_type in r.applies_to)
    return found


def run(bericht: Bericht, limit: int | None = None, *, schema_valid: bool = False) -> list[Issue]:
    """The intra-message violations of a schema-valid message, the first `limit` in rule order.

    The rules yield lazily, so a limit also bounds the work: an overlap is one issue per pair.
    `schema_valid` says the caller validated the tree against its XSD (not only read it), which
    lets lxml name the locations.
    """
    if limit is not None and limit < 1:
        if limit < 0:
            raise ValueError("limit must be None or at least 0")
        return []
    name = bericht.type.name
    checks = _CHECKS.get(name) or _checks_for(name)
    found: list[Issue] = []
    with locating(bericht.gelezen, schema_valid):
        for check in checks:
            for issue in check(bericht):
                found.append(issue)
                if len(found) == limit:
                    return found
    return found


_CHECKS: dict[str, tuple[Check, ...]] = {}


def _checks_for(message_type: str) -> tuple[Check, ...]:
    """The checks of `rules_for`, as plain functions: the loop then reads no attribute."""
    found = _CHECKS[message_type] = tuple(r.check for r in rules_for(message_type))
    return found
