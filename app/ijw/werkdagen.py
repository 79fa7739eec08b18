"""Working-day calendar for iJw deadlines (ijw-domain.md §3, "What counts as a werkdag").

A werkdag is Monday to Friday, minus the Dutch public holidays of the `holidays` library's
Netherlands calendar: Nieuwjaarsdag, Eerste en Tweede Paasdag, Koningsdag (26 April when 27 April
is a Sunday), Hemelvaartsdag, Eerste en Tweede Pinksterdag, Eerste en Tweede Kerstdag, plus the two
days the standard leaves open and the settings decide:

* Goede Vrijdag counts as a holiday by default (``goede_vrijdag=True``): many gemeenten and
  providers are closed, and a deadline one day later never marks a party late for a closed day.
* Bevrijdingsdag (5 May) counts only in lustrum years (2025, 2030, ...) by default, as in most
  CAOs and the library's own public calendar; "altijd" follows the Algemene termijnenwet's
  "vijfde mei", "nooit" drops it.
* The day of the event is day 0 by default (``ontvangstdag_telt=False``), as an Awb term starts on
  the day after the event; with ``ontvangstdag_telt=True`` a working day of receipt is day 1.

The library's year switches differ by release (Goede Vrijdag and non-lustrum Bevrijdingsdag moved
between its PUBLIC and OPTIONAL categories), so both categories are read and the two open days are
taken out by name and decided here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Any

import holidays
from holidays.constants import OPTIONAL, PUBLIC

BEVRIJDINGSDAG_KEUZES = ("altijd", "lustrum", "nooit")
_GOEDE_VRIJDAG = "goede vrijdag"
_BEVRIJDINGSDAG = "bevrijdingsdag"
_INSTELBAAR = (_GOEDE_VRIJDAG, _BEVRIJDINGSDAG)


@dataclass(frozen=True, slots=True)
class _Jaar:
    """One calendar year: its holidays by date and its working days as ascending ordinals."""

    feestdagen: dict[date, str]
    werkdagen: list[int]


class Werkdagen:
    """Counts Dutch working days for deadlines; pure, no database and no "today"."""

    __slots__ = ("_bevrijdingsdag", "_goede_vrijdag", "_jaren", "_ontvangstdag_telt")

    def __init__(
        self,
        *,
        goede_vrijdag: bool = True,
        bevrijdingsdag: str = "lustrum",
        ontvangstdag_telt: bool = False,
    ) -> None:
        if bevrijdingsdag not in BEVRIJDINGSDAG_KEUZES:
            raise ValueError(f"bevrijdingsdag must be one of {BEVRIJDINGSDAG_KEUZES}")
        self._goede_vrijdag = goede_vrijdag
        self._bevrijdingsdag = bevrijdingsdag
        self._ontvangstdag_telt = ontvangstdag_telt
        self._jaren: dict[int, _Jaar] = {}

    @classmethod
    def from_settings(cls, settings: Any) -> Werkdagen:
        """The calendar the deployment's `werkdag_*` settings describe."""
        return cls(
            goede_vrijdag=settings.werkdag_goede_vrijdag,
            bevrijdingsdag=settings.werkdag_bevrijdingsdag,
            ontvangstdag_telt=settings.werkdag_ontvangstdag_telt,
        )

    def is_werkdag(self, day: date) -> bool:
        """Whether `day` is a Monday to Friday that is not a holiday."""
        return day.weekday() < 5 and day not in self._jaar(day.year).feestdagen

    def feestdag(self, day: date) -> str | None:
        """The Dutch name of the holiday on `day` (as the library spells it), or None."""
        return self._jaar(day.year).feestdagen.get(day)

    def termijn(self, start: date, werkdagen: int) -> date:
        """The last day of a term of `werkdagen` working days for an event on `start`."""
        if werkdagen < 0:
            raise ValueError("a term cannot have a negative number of working days")
        if werkdagen == 0:
            return start
        ordinal = start.toordinal()
        year = start.year
        days = self._jaar(year).werkdagen
        # Day 1 is the first working day after the event, or the event day itself when it counts.
        first = (
            bisect_left(days, ordinal) if self._ontvangstdag_telt else bisect_right(days, ordinal)
        )
        index = first + werkdagen - 1
        while index >= len(days):
            index -= len(days)
            year += 1
            days = self._jaar(year).werkdagen
        return date.fromordinal(days[index])

    def werkdagen_tussen(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if `end` <= `start`)."""
        if end <= start:
            return 0
        first, last = start.toordinal(), end.toordinal()
        return sum(
            bisect_right(days, last) - bisect_right(days, first)
            for days in (self._jaar(year).werkdagen for year in range(start.year, end.year + 1))
        )

    def _jaar(self, year: int) -> _Jaar:
        """The cached calendar of `year`, built on first use."""
        jaar = self._jaren.get(year)
        if jaar is None:
            # Two threads may build the same year; both results are equal, so the race is harmless.
            jaar = self._jaren[year] = self._bouw(year)
        return jaar

    def _bouw(self, year: int) -> _Jaar:
        """Holidays and working days of `year` under this calendar's settings."""
        names: dict[date, set[str]] = {}
        for category in (PUBLIC, OPTIONAL):
            # The language is explicit: the library otherwise follows the process locale.
            calendar = holidays.Netherlands(years=year, categories=category, language="nl")
            for day in calendar:
                for name in calendar.get_list(day):
                    # OPTIONAL may gain other observances in later releases; take only the open two.
                    gezocht = category == PUBLIC or name.lower() in _INSTELBAAR
                    if gezocht and self._telt(name, year):
                        names.setdefault(day, set()).add(name)
        feestdagen = {day: "; ".join(sorted(found)) for day, found in names.items()}
        days = (
            date.fromordinal(n)
            for n in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1)
        )
        werkdagen = [day.toordinal() for day in days if day.weekday() < 5 and day not in feestdagen]
        return _Jaar(feestdagen, werkdagen)

    def _telt(self, name: str, year: int) -> bool:
        """Whether the holiday `name` counts in `year` under the settings."""
        key = name.lower()
        if key == _GOEDE_VRIJDAG:
            return self._goede_vrijdag
        if key == _BEVRIJDINGSDAG:
            return self._bevrijdingsdag == "altijd" or (
                self._bevrijdingsdag == "lustrum" and year % 5 == 0
            )
        return True
