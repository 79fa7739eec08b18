"""Omvang arithmetic (ijw-domain.md §9.2): totals over a toewijzing's period."""

from __future__ import annotations

from datetime import date, timedelta

from app.ijw.views import Omvang

MINUTES_PER_UNIT: dict[str, int] = {"01": 1, "04": 60, "16": 240}
"""Eenheden that are time: Minuut, Uur, Dagdeel (4 uur). Etmaal and pieces are not minutes."""

PER_DAG, PER_WEEK, PER_MAAND, TOTAAL = "1", "2", "4", "6"


def days_in(start: date, end: date) -> int:
    """Days in the inclusive period [start, end]."""
    return (end - start).days + 1


def iso_weeks_touched(start: date, end: date) -> int:
    """ISO calendar weeks the inclusive period touches; partial weeks count in full (IV077)."""
    first_monday = start - timedelta(days=start.weekday())
    last_monday = end - timedelta(days=end.weekday())
    return (last_monday - first_monday).days // 7 + 1


def months_touched(start: date, end: date) -> int:
    """Calendar months the inclusive period touches; a partial month counts in full (IV078)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def periods_in(frequentie: str, start: date, end: date) -> int:
    """How many times the volume applies over [start, end] for a Frequentie."""
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    if frequentie == PER_DAG:
        return days_in(start, end)
    if frequentie == PER_WEEK:
        return iso_weeks_touched(start, end)
    if frequentie == PER_MAAND:
        return months_touched(start, end)
    if frequentie == TOTAAL:
        return 1
    raise ValueError(f"unknown Frequentie {frequentie!r}")


def total_units(omvang: Omvang, start: date, end: date | None, horizon: date | None = None) -> int:
    """Total volume in the Omvang's Eenheid over [start, end]; an open end counts to `horizon`.

    Frequentie 6 is already a total and needs no end. Any other Frequentie with an open end has
    no finite total, so it needs a horizon.
    """
    if omvang.frequentie == TOTAAL:
        return omvang.volume
    last = end if end is not None else horizon
    if last is None:
        raise ValueError("an open Einddatum with Frequentie other than 6 needs a horizon")
    return omvang.volume * periods_in(omvang.frequentie, start, last)


def total_minutes(
    omvang: Omvang, start: date, end: date | None, horizon: date | None = None
) -> int | None:
    """Total minutes over the period, or None when the Eenheid is not a unit of time."""
    per_unit = MINUTES_PER_UNIT.get(omvang.eenheid)
    if per_unit is None:
        return None
    return per_unit * total_units(omvang, start, end, horizon)
