"""A technical rule: its official code, the message types it covers and its check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.checks.bericht import Bericht
from app.checks.issue import Issue

Check = Callable[[Bericht], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One official rule (e.g. CS003) applied to the message types it names."""

    code: str
    applies_to: frozenset[str]
    check: Check

    def __call__(self, bericht: Bericht) -> Iterable[Issue]:
        """Run the check on a message."""
        return self.check(bericht)


def rule(code: str, *message_types: str) -> Callable[[Check], Rule]:
    """Declare a check function as the rule `code` for `message_types`."""

    def declare(check: Check) -> Rule:
        return Rule(code, frozenset(message_types), check)

    return declare
