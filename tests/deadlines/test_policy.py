"""The deadline policy with pinned dates and the real Dutch working-day calendar.

Every expected date is counted by hand in the table's comment: the day of the event is day 0,
Goede Vrijdag is a holiday, Bevrijdingsdag only in lustrum years (the calendar's defaults).
"""

from __future__ import annotations

from datetime import date

import pytest

from app.deadlines import policy
from app.ijw.werkdagen import Werkdagen

D = date
KALENDER = Werkdagen()


@pytest.mark.parametrize(
    ("ontvangen", "due"),
    [
        # Thursday: Fri 9, Mon 12, Tue 13, Wed 14, Thu 15.
        (D(2026, 1, 8), D(2026, 1, 15)),
        # Friday: the weekend does not count; Mon 12 .. Fri 16.
        (D(2026, 1, 9), D(2026, 1, 16)),
        # Saturday and Sunday: day 1 is the Monday.
        (D(2026, 1, 10), D(2026, 1, 16)),
        (D(2026, 1, 11), D(2026, 1, 16)),
        # Easter 2026: Goede Vrijdag 3 April and Tweede Paasdag 6 April are skipped.
        # Wed 1 April: Thu 2, Tue 7, Wed 8, Thu 9, Fri 10.
        (D(2026, 4, 1), D(2026, 4, 10)),
        # Thu 2 April: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13.
        (D(2026, 4, 2), D(2026, 4, 13)),
        # Received on Goede Vrijdag itself: Tue 7 .. Mon 13.
        (D(2026, 4, 3), D(2026, 4, 13)),
        # Koningsdag 2025 falls on Saturday 26 April (27 April is a Sunday): no weekday lost.
        # Thu 24 April: Fri 25, Mon 28, Tue 29, Wed 30, Thu 1 May.
        (D(2025, 4, 24), D(2025, 5, 1)),
        # 2025 is a lustrum year: Bevrijdingsdag Monday 5 May is a holiday.
        # Tue 29 April: Wed 30, Thu 1, Fri 2, Tue 6, Wed 7.
        (D(2025, 4, 29), D(2025, 5, 7)),
        # Koningsdag 2026 on Monday 27 April; 5 May 2026 (no lustrum) is a working day.
        # Fri 24 April: Tue 28, Wed 29, Thu 30, Fri 1 May, Mon 4 May.
        (D(2026, 4, 24), D(2026, 5, 4)),
        # Fri 1 May 2026: Mon 4, Tue 5, Wed 6, Thu 7, Fri 8.
        (D(2026, 5, 1), D(2026, 5, 8)),
        # Christmas into the new year: 25 and 26 December 2025, 1 January 2026.
        # Wed 24 Dec: Mon 29, Tue 30, Wed 31, Fri 2 Jan, Mon 5 Jan.
        (D(2025, 12, 24), D(2026, 1, 5)),
        # Wed 31 Dec: Fri 2, Mon 5, Tue 6, Wed 7, Thu 8 January.
        (D(2025, 12, 31), D(2026, 1, 8)),
        # Leap day 2028-02-29 (a Tuesday) is an ordinary working day.
        # Mon 28 Feb: Tue 29, Wed 1 Mar, Thu 2, Fri 3, Mon 6.
        (D(2028, 2, 28), D(2028, 3, 6)),
        # Tue 29 Feb: Wed 1, Thu 2, Fri 3, Mon 6, Tue 7 March.
        (D(2028, 2, 29), D(2028, 3, 7)),
        # Hemelvaartsdag Thursday 14 May 2026: Wed 13 May: Fri 15, Mon 18, Tue 19, Wed 20, Thu 21.
        (D(2026, 5, 13), D(2026, 5, 21)),
    ],
)
def test_answer_to_a_request_is_due_after_five_working_days(ontvangen, due):
    assert policy.antwoord(ontvangen, KALENDER) == due


@pytest.mark.parametrize(
    ("gebeurtenis", "due"),
    [
        # Start of care on Tweede Paasdag 2026 (Monday 6 April): Tue 7 .. Mon 13.
        (D(2026, 4, 6), D(2026, 4, 13)),
        # On Goede Vrijdag 2026: the same five days.
        (D(2026, 4, 3), D(2026, 4, 13)),
        # On Koningsdag 2026 (Monday 27 April): Tue 28, Wed 29, Thu 30, Fri 1, Mon 4 May.
        (D(2026, 4, 27), D(2026, 5, 4)),
        # On Eerste Kerstdag 2026 (a Friday): Mon 28, Tue 29, Wed 30, Thu 31, Mon 4 Jan 2027.
        (D(2026, 12, 25), D(2027, 1, 4)),
        # On Nieuwjaarsdag 2027 (a Friday): Mon 4 .. Fri 8 January.
        (D(2027, 1, 1), D(2027, 1, 8)),
        # End of care on a Monday (31 May 2027): Tue 1 .. Mon 7 June.
        (D(2027, 5, 31), D(2027, 6, 7)),
        # On a Saturday: Mon .. Fri of the next week.
        (D(2026, 11, 21), D(2026, 11, 27)),
    ],
)
def test_start_or_stop_is_due_five_working_days_after_the_event(gebeurtenis, due):
    assert policy.regie(gebeurtenis, KALENDER) == due


@pytest.mark.parametrize(
    ("ingangsdatum", "verzonden", "werkdagen", "due"),
    [
        # Ingangsdatum after the JW301: counted from the Ingangsdatum (Tue 1 Dec: 2, 3, 4, 7, 8).
        (D(2026, 12, 1), D(2026, 11, 20), 5, D(2026, 12, 8)),
        # Retroactive: Ingangsdatum before the JW301 counts from the JW301 (Fri 20 Nov: 23-27).
        (D(2026, 10, 1), D(2026, 11, 20), 5, D(2026, 11, 27)),
        # The same day.
        (D(2026, 11, 20), D(2026, 11, 20), 5, D(2026, 11, 27)),
        # Retroactive over Easter: JW301 sent Thu 2 April 2026: Tue 7 .. Mon 13.
        (D(2026, 3, 1), D(2026, 4, 2), 5, D(2026, 4, 13)),
        # Ingangsdatum on a holiday (Tweede Paasdag): Tue 7 .. Mon 13.
        (D(2026, 4, 6), D(2026, 3, 20), 5, D(2026, 4, 13)),
        # A configured 10 working days: Wed 2 Dec .. Tue 15 Dec.
        (D(2026, 12, 1), D(2026, 11, 20), 10, D(2026, 12, 15)),
    ],
)
def test_start_zorg_signal_counts_from_the_later_of_ingangsdatum_and_jw301(
    ingangsdatum, verzonden, werkdagen, due
):
    assert policy.start_zorg(ingangsdatum, verzonden, KALENDER, werkdagen) == due


@pytest.mark.parametrize(
    ("verzonden", "due"),
    [
        # Wed 18 Nov 2026: Thu 19, Fri 20, Mon 23.
        (D(2026, 11, 18), D(2026, 11, 23)),
        # Fri 20 Nov 2026: Mon 23, Tue 24, Wed 25.
        (D(2026, 11, 20), D(2026, 11, 25)),
        # Thu 2 April 2026, before Easter: Tue 7, Wed 8, Thu 9.
        (D(2026, 4, 2), D(2026, 4, 9)),
        # Fri 24 April 2026, before Koningsdag: Tue 28, Wed 29, Thu 30.
        (D(2026, 4, 24), D(2026, 4, 30)),
        # Wed 24 Dec 2025: Mon 29, Tue 30, Wed 31.
        (D(2025, 12, 24), D(2025, 12, 31)),
        # Mon 29 Dec 2025: Tue 30, Wed 31, Fri 2 January.
        (D(2025, 12, 29), D(2026, 1, 2)),
    ],
)
def test_retour_is_due_after_three_working_days(verzonden, due):
    assert policy.retour(verzonden, KALENDER) == due


@pytest.mark.parametrize(
    ("dagtekening", "due"),
    [
        # Day 56 after the Dagtekening; holidays do not matter (a calendar period).
        (D(2026, 11, 16), D(2027, 1, 11)),
        (D(2026, 3, 1), D(2026, 4, 26)),
        # Over a leap day: 10 Jan 2028 + 56 days is 6 March (29 February counts).
        (D(2028, 1, 10), D(2028, 3, 6)),
        # The same in a common year ends a day later in March.
        (D(2027, 1, 10), D(2027, 3, 7)),
        # Over Christmas and New Year.
        (D(2025, 12, 1), D(2026, 1, 26)),
    ],
)
def test_eindantwoord_is_due_on_day_56_after_the_dagtekening(dagtekening, due):
    assert policy.eindantwoord(dagtekening) == due
    assert (due - dagtekening).days == 56


@pytest.mark.parametrize(
    ("einddatum", "vanaf", "due"),
    [
        # 12 weeks (84 days) and 8 weeks (56 days) before 31 May 2027.
        (D(2027, 5, 31), D(2027, 3, 8), D(2027, 4, 5)),
        # Over a leap day: 30 April 2028.
        (D(2028, 4, 30), D(2028, 2, 6), D(2028, 3, 5)),
        # Over the turn of the year.
        (D(2027, 2, 15), D(2026, 11, 23), D(2026, 12, 21)),
    ],
)
def test_verlenging_window_opens_12_and_closes_8_weeks_before_the_end(einddatum, vanaf, due):
    assert policy.verlenging(einddatum, 12, 8) == (vanaf, due)


@pytest.mark.parametrize(
    ("ingangsdatum", "due"),
    [
        (D(2026, 12, 1), D(2027, 6, 1)),
        (D(2026, 1, 15), D(2026, 7, 15)),
        # Six months from 31 August end on the last day of February; the evaluation follows.
        (D(2026, 8, 31), D(2027, 3, 1)),
        (D(2027, 8, 31), D(2028, 3, 1)),
        (D(2027, 8, 29), D(2028, 2, 29)),
    ],
)
def test_evaluatie_is_due_after_six_months_of_care(ingangsdatum, due):
    assert policy.evaluatie(ingangsdatum, 6) == due


@pytest.mark.parametrize(
    ("einddatum", "due"),
    [
        (D(2027, 11, 30), D(2027, 8, 30)),
        # 31 May: February has no 31st, the last day of February is taken.
        (D(2027, 5, 31), D(2027, 2, 28)),
        (D(2028, 5, 31), D(2028, 2, 29)),
        (D(2028, 5, 29), D(2028, 2, 29)),
        (D(2027, 5, 29), D(2027, 2, 28)),
        # Back over the turn of the year.
        (D(2027, 1, 31), D(2026, 10, 31)),
        (D(2027, 2, 28), D(2026, 11, 28)),
        (D(2027, 3, 31), D(2026, 12, 31)),
        (D(2026, 12, 31), D(2026, 9, 30)),
    ],
)
def test_contactmoment_is_three_months_before_the_end(einddatum, due):
    assert policy.contactmoment(einddatum, 3) == due


@pytest.mark.parametrize(
    ("brief", "due"),
    [
        # "One year from D ends on D + 1 year - 1 day" (regional-rules.md).
        (D(2025, 3, 1), D(2026, 2, 28)),
        (D(2023, 3, 1), D(2024, 2, 29)),
        (D(2024, 2, 29), D(2025, 2, 28)),
        (D(2026, 11, 16), D(2027, 11, 15)),
        (D(2026, 1, 1), D(2026, 12, 31)),
    ],
)
def test_referral_must_be_used_within_one_year(brief, due):
    assert policy.verwijzing_start(brief, 12) == due


@pytest.mark.parametrize(
    ("kalender", "ontvangen", "due"),
    [
        # The day of receipt as day 1 (a Monday): Mon 12 .. Fri 16 January 2026.
        (Werkdagen(ontvangstdag_telt=True), D(2026, 1, 12), D(2026, 1, 16)),
        # ... but a Saturday of receipt is no working day: Mon 12 .. Fri 16.
        (Werkdagen(ontvangstdag_telt=True), D(2026, 1, 10), D(2026, 1, 16)),
        # Goede Vrijdag as a working day: Thu 2 April 2026: Fri 3, Tue 7, Wed 8, Thu 9, Fri 10.
        (Werkdagen(goede_vrijdag=False), D(2026, 4, 2), D(2026, 4, 10)),
        # Bevrijdingsdag every year: Fri 1 May 2026: Mon 4, Wed 6, Thu 7, Fri 8, Mon 11.
        (Werkdagen(bevrijdingsdag="altijd"), D(2026, 5, 1), D(2026, 5, 11)),
        # Never: Tue 29 April 2025: Wed 30, Thu 1, Fri 2, Mon 5, Tue 6.
        (Werkdagen(bevrijdingsdag="nooit"), D(2025, 4, 29), D(2025, 5, 6)),
    ],
)
def test_the_calendar_settings_move_the_answer_deadline(kalender, ontvangen, due):
    assert policy.antwoord(ontvangen, kalender) == due


def test_the_holidays_the_examples_rely_on():
    feestdagen = {
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2025, 4, 26),
        D(2026, 4, 27),
        D(2025, 5, 5),
        D(2025, 12, 25),
        D(2025, 12, 26),
        D(2026, 1, 1),
        D(2026, 5, 14),
    }
    assert all(KALENDER.feestdag(day) is not None for day in feestdagen)
    assert KALENDER.is_werkdag(D(2028, 2, 29))
    assert KALENDER.is_werkdag(D(2026, 5, 5))
    assert not KALENDER.is_werkdag(D(2025, 5, 5))
