"""Cross-message rules (controleniveau 3 BO and 4 EXT), registered in one ordered list.

Every rule has its own retourcode, and any fault rejects the whole message (IV032). Header
rules come first: when one fires the retour is header-only (§4.3), so the body is not judged.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.checks.bericht import Bericht
from app.checks.cross import header, productcode, regie, start, stop, verzoek, wijziging
from app.checks.cross.context import Context
from app.checks.cross.rule import CrossRule
from app.checks.issue import Issue, locating
from app.ijw.builders.retour import ACCEPTED, Beoordeling

HEADER_RULES: tuple[CrossRule, ...] = header.RULES
BODY_RULES: tuple[CrossRule, ...] = (
    *verzoek.RULES,
    *wijziging.RULES,
    *regie.RULES,
    *start.RULES,
    *stop.RULES,
    *productcode.RULES,
)
RULES: tuple[CrossRule, ...] = (*HEADER_RULES, *BODY_RULES)

_BY_TYPE: dict[tuple[str, bool], tuple[CrossRule, ...]] = {}


def rules_for(message_type: str, body: bool) -> tuple[CrossRule, ...]:
    """The header or body rules that apply to one message type, in registry order."""
    key = (message_type, body)
    found = _BY_TYPE.get(key)
    if found is None:
        rules = BODY_RULES if body else HEADER_RULES
        found = _BY_TYPE[key] = tuple(r for r in rules if message_type in r.applies_to)
    return found


def _apply(rules: Iterable[CrossRule], bericht: Bericht, ctx: Context) -> list[Issue]:
    return [issue for rule in rules for issue in rule(bericht, ctx)]


def run(bericht: Bericht, ctx: Context) -> list[Issue]:
    """All cross-message faults of a message clean at levels 1 and 2; header faults alone if any."""
    name = bericht.type.name
    with locating():
        issues = _apply(rules_for(name, body=False), bericht, ctx)
        if issues:
            return issues
        return _apply(rules_for(name, body=True), bericht, ctx)


def _is_header(where: str) -> bool:
    """Whether a location is the Header, a child of the message root (e.g. `/Bericht/Header`)."""
    return where.count("/") == 2 and where.endswith("/Header")


def uitkomst(issues: Iterable[Issue]) -> Beoordeling:
    """The retour outcome of cross-message issues: header codes, or codes per echoed class."""
    issues = list(issues)
    if not issues:
        return ACCEPTED
    header_codes = [i.retourcode for i in issues if _is_header(i.location)]
    if header_codes:
        # A header fault leaves out the Client part altogether (§4.3).
        return Beoordeling(header_codes=tuple(dict.fromkeys(header_codes)))
    class_codes: dict[str, list[str]] = {}
    for issue in issues:
        codes = class_codes.setdefault(issue.location, [])
        if issue.retourcode not in codes:
            codes.append(issue.retourcode)
    return Beoordeling(class_codes={where: tuple(codes) for where, codes in class_codes.items()})


__all__ = ["BODY_RULES", "HEADER_RULES", "RULES", "rules_for", "run", "uitkomst"]
