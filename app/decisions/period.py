"""Calendar-month periods: "one year from D" ends on D + 1 year - 1 day."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def last_day(start: date, months: int) -> date:
    """Last day of the inclusive period of `months` calendar months that starts on `start`.

    2025-03-01 + 12 months ends on 2026-02-28 and 2023-03-01 + 12 months on 2024-02-29. When
    the start's day does not exist in the month the next period would begin (29 February in
    a common year, the 31st of a shorter month), that next period begins on the 1st of the
    month after, so this period ends on the last day of that month: 2024-02-29 + 12 months
    ends on 2025-02-28.
    """
    if months < 1:
        raise ValueError(f"a period of {months} months is not a period")
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    days_in_month = calendar.monthrange(year, month)[1]
    if start.day > days_in_month:
        return date(year, month, days_in_month)
    return date(year, month, start.day) - timedelta(days=1)
