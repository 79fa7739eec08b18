"""The injected clock: business code gets `now`/`today` from here, never from the system."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")
"""Dates in messages (Dagtekening, deadlines) are Dutch calendar dates."""


class Clock(Protocol):
    """A source of the current moment."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    """The real time."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved (tests, replays)."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a FixedClock needs a timezone-aware moment")
        self.moment = moment

    def now(self) -> datetime:
        """The fixed moment."""
        return self.moment


def today(clock: Clock) -> date:
    """The Dutch calendar date at the clock's current moment."""
    return date_of(clock.now())


def date_of(moment: datetime) -> date:
    """The Dutch calendar date of a moment."""
    return moment.astimezone(NL).date()


def as_utc(moment: datetime) -> datetime:
    """A stored moment as aware UTC (SQLite hands back naive UTC values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
