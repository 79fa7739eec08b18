"""The decision record the engine leaves for every requested product."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Uitkomst(StrEnum):
    """What happens to a requested product: a JW301 grant or a JW319 with VerzoekAntwoord 2."""

    TOEKENNEN = "toekennen"
    ONDERZOEK = "onderzoek"


DEFAULT_RULE = "default"
"""The rule recorded when no rule of the rule set matches, or no rule set covers the gemeente."""

ENGINE = "engine"
"""`besloten_door` of an automatic decision; a gemeente worker's decision names the worker."""


@dataclass(frozen=True, slots=True)
class Figures:
    """The numbers a decision used; None where a figure does not apply or cannot be computed."""

    minutes: int | None = None
    sessions: int | None = None
    period_days: int | None = None
    open_end: bool = False
    max_minutes: int | None = None
    max_sessions: int | None = None
    max_months: int | None = None
    last_allowed_day: date | None = None
    referral_date: date | None = None
    referral_last_start: date | None = None
    vooroverleg_max_minutes: int | None = None
    vooroverleg_end_date: date | None = None
    earlier_grant_verzoek_id: int | None = None
    earlier_grant_referentie: str | None = None


@dataclass(frozen=True, slots=True)
class Beslissing:
    """Decision on one requested product: which rule fired, on what figures, with what outcome."""

    rule_set: str | None
    rule: str
    outcome: Uitkomst
    figures: Figures
    reasons: tuple[str, ...]
    decided_on: date
    besloten_door: str = ENGINE
    beheer: tuple[str, ...] = ()
    """What the gemeente must configure or record for the rules to weigh everything; the
    aanbieder never sees these, unlike `reasons`."""
