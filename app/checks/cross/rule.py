"""A cross-message rule: its official code, retourcode, message types and check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.checks.bericht import Bericht
from app.checks.cross.context import Context
from app.checks.issue import Issue, locate
from app.ijw.tree import Element

Bevinding = tuple[Element, str]
"""What a check finds: the class element that gets the retourcode, and a sentence naming no BSN."""

CrossCheck = Callable[[Bericht, Context], Iterable[Bevinding]]


@dataclass(frozen=True, slots=True)
class CrossRule:
    """One official BO/EXT rule (e.g. TR056 → 9056) applied to the message types it names."""

    code: str
    retourcode: str
    applies_to: frozenset[str]
    check: CrossCheck

    def __call__(self, bericht: Bericht, ctx: Context) -> list[Issue]:
        """Run the check and turn what it finds into issues with this rule's codes."""
        return [
            Issue(self.code, self.retourcode, locate(element), message)
            for element, message in self.check(bericht, ctx)
        ]


def cross_rule(
    code: str, retourcode: str, *message_types: str
) -> Callable[[CrossCheck], CrossRule]:
    """Declare a check function as the rule `code` with `retourcode` for `message_types`."""

    def declare(check: CrossCheck) -> CrossRule:
        return CrossRule(code, retourcode, frozenset(message_types), check)

    return declare
