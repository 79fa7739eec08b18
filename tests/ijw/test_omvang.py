from datetime import date

import pytest

from app.ijw.omvang import (
    iso_weeks_touched,
    months_touched,
    periods_in,
    total_minutes,
    total_units,
)
from app.ijw.views import Omvang


def test_iv077_example_three_hours_a_week_over_thirteen_iso_weeks():
    # 2025-10-07 .. 2025-12-30 touches ISO weeks 2025-W41 .. 2026-W01.
    omvang = Omvang(3, "04", "2")
    assert iso_weeks_touched(date(2025, 10, 7), date(2025, 12, 30)) == 13
    assert total_minutes(omvang, date(2025, 10, 7), date(2025, 12, 30)) == 2340


@pytest.mark.parametrize(
    ("start", "end", "weeks"),
    [
        (date(2025, 10, 1), date(2025, 10, 31), 5),  # Oct 2025: W40..W44
        (date(2025, 11, 1), date(2025, 11, 30), 5),  # Sat 1 Nov in W44, Sun 30 Nov in W48
        (date(2025, 12, 1), date(2025, 12, 31), 5),  # W49..W01 of 2026
        (date(2025, 10, 6), date(2025, 10, 12), 1),  # exactly one ISO week, Monday to Sunday
        (date(2025, 10, 12), date(2025, 10, 13), 2),  # Sunday then Monday: two weeks touched
        (date(2025, 10, 8), date(2025, 10, 8), 1),  # a single day
    ],
)
def test_iso_weeks_touched_counts_partial_weeks_in_full(start, end, weeks):
    assert iso_weeks_touched(start, end) == weeks


def test_per_week_is_not_days_divided_by_seven():
    # 8 days from a Sunday touch three ISO weeks, although 8 / 7 rounds up to only two.
    assert iso_weeks_touched(date(2025, 10, 12), date(2025, 10, 19)) == 2
    assert iso_weeks_touched(date(2025, 10, 12), date(2025, 10, 20)) == 3


def test_per_dag_counts_every_day_inclusive_including_a_leap_day():
    assert periods_in("1", date(2024, 2, 1), date(2024, 2, 29)) == 29
    assert total_units(Omvang(30, "01", "1"), date(2024, 2, 28), date(2024, 3, 1)) == 90


def test_per_maand_counts_months_touched():
    assert months_touched(date(2025, 1, 31), date(2025, 2, 1)) == 2
    assert months_touched(date(2025, 11, 15), date(2026, 1, 14)) == 3
    assert total_minutes(Omvang(2, "16", "4"), date(2026, 4, 1), date(2026, 6, 30)) == 2 * 240 * 3


def test_totaal_is_the_volume_itself_even_with_an_open_end():
    assert total_minutes(Omvang(4680, "01", "6"), date(2026, 1, 1), None) == 4680
    assert total_units(Omvang(117, "04", "6"), date(2026, 1, 1), date(2026, 12, 31)) == 117


def test_open_end_needs_a_horizon_for_recurring_frequencies():
    omvang = Omvang(60, "01", "2")
    with pytest.raises(ValueError, match="horizon"):
        total_minutes(omvang, date(2026, 1, 5), None)
    assert total_minutes(omvang, date(2026, 1, 5), None, horizon=date(2026, 1, 18)) == 120


@pytest.mark.parametrize("eenheid", ["14", "82", "83", "84"])
def test_units_that_are_not_time_have_no_minutes(eenheid):
    assert total_minutes(Omvang(5, eenheid, "6"), date(2026, 1, 1), None) is None


def test_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        periods_in("2", date(2026, 2, 1), date(2026, 1, 1))
