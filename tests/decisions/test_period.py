from datetime import date

import pytest

from app.decisions.period import last_day


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (date(2025, 3, 1), 12, date(2026, 2, 28)),  # the spec's example
        (date(2023, 3, 1), 12, date(2024, 2, 29)),  # the year ends on a leap day
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # no 29 February next year
        (date(2024, 2, 28), 12, date(2025, 2, 27)),
        (date(2024, 1, 1), 12, date(2024, 12, 31)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # no 31 February
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 3, 15), 13, date(2026, 4, 14)),
        (date(2025, 12, 1), 1, date(2025, 12, 31)),
    ],
)
def test_last_day_of_a_period_in_calendar_months(start, months, last):
    assert last_day(start, months) == last


def test_a_period_needs_at_least_one_month():
    with pytest.raises(ValueError, match="0 months"):
        last_day(date(2025, 1, 1), 0)
