"""The working-day calendar: Dutch holidays, the open settings and term arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from app.config import Settings, SettingsError, load_settings
from app.ijw.werkdagen import Werkdagen

STANDAARD = Werkdagen()
ZONDER_GOEDE_VRIJDAG = Werkdagen(goede_vrijdag=False)
ALTIJD = Werkdagen(bevrijdingsdag="altijd")
NOOIT = Werkdagen(bevrijdingsdag="nooit")
ONTVANGSTDAG = Werkdagen(ontvangstdag_telt=True)


@pytest.mark.parametrize(
    ("day", "werkdag", "naam"),
    [
        (date(2026, 11, 20), True, None),  # Friday
        (date(2026, 11, 21), False, None),  # Saturday
        (date(2026, 11, 22), False, None),  # Sunday
        (date(2026, 11, 23), True, None),  # Monday
        (date(2025, 1, 1), False, "Nieuwjaarsdag"),
        (date(2025, 4, 18), False, "Goede vrijdag"),
        (date(2025, 4, 20), False, "Eerste paasdag"),
        (date(2025, 4, 21), False, "Tweede paasdag"),
        (date(2025, 4, 22), True, None),
        (date(2025, 4, 26), False, "Koningsdag"),  # 27 April 2025 is a Sunday
        (date(2025, 4, 27), False, None),
        (date(2026, 4, 27), False, "Koningsdag"),  # a Monday
        (date(2026, 4, 28), True, None),
        (date(2025, 5, 5), False, "Bevrijdingsdag"),  # lustrum
        (date(2026, 5, 5), True, None),
        (date(2026, 5, 14), False, "Hemelvaartsdag"),
        (date(2026, 5, 15), True, None),
        (date(2026, 5, 24), False, "Eerste pinksterdag"),
        (date(2026, 5, 25), False, "Tweede pinksterdag"),
        (date(2026, 12, 25), False, "Eerste kerstdag"),
        (date(2026, 12, 26), False, "Tweede kerstdag"),
        (date(2027, 1, 1), False, "Nieuwjaarsdag"),
        (date(2028, 2, 29), True, None),  # leap day, a Tuesday
    ],
)
def test_default_calendar(day, werkdag, naam):
    assert STANDAARD.is_werkdag(day) is werkdag
    found = STANDAARD.feestdag(day)
    # The library has spelled names both "Goede Vrijdag" and "Goede vrijdag" across releases.
    assert (found and found.lower()) == (naam and naam.lower())


def test_the_2026_holidays_are_exactly_the_expected_ones():
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    assert [day for day in days if STANDAARD.feestdag(day)] == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 4, 27),
        date(2026, 5, 14),
        date(2026, 5, 24),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    ]
    assert sum(STANDAARD.is_werkdag(day) for day in days) == 261 - 7


@pytest.mark.parametrize(
    ("kalender", "day", "werkdag"),
    [
        (STANDAARD, date(2025, 4, 18), False),
        (ZONDER_GOEDE_VRIJDAG, date(2025, 4, 18), True),
        (ZONDER_GOEDE_VRIJDAG, date(2025, 4, 21), False),
        (STANDAARD, date(2025, 5, 5), False),
        (STANDAARD, date(2026, 5, 5), True),
        (STANDAARD, date(2030, 5, 6), True),  # 5 May 2030 is a Sunday; nothing moves
        (ALTIJD, date(2025, 5, 5), False),
        (ALTIJD, date(2026, 5, 5), False),
        (NOOIT, date(2025, 5, 5), True),
        (NOOIT, date(2026, 5, 5), True),
    ],
)
def test_the_open_holidays_follow_the_settings(kalender, day, werkdag):
    assert kalender.is_werkdag(day) is werkdag
    assert (kalender.feestdag(day) is None) is werkdag


def test_bevrijdingsdag_on_hemelvaartsdag_keeps_both_names_only_when_it_counts():
    assert ALTIJD.feestdag(date(2016, 5, 5)) == "Bevrijdingsdag; Hemelvaartsdag"
    assert STANDAARD.feestdag(date(2016, 5, 5)) == "Hemelvaartsdag"
    assert NOOIT.is_werkdag(date(2016, 5, 5)) is False


@pytest.mark.parametrize(
    ("kalender", "start", "werkdagen", "einde"),
    [
        # Day 0 is the event day: Monday + 5 is the next Monday.
        (STANDAARD, date(2026, 11, 23), 5, date(2026, 11, 30)),
        (ONTVANGSTDAG, date(2026, 11, 23), 5, date(2026, 11, 27)),
        (STANDAARD, date(2026, 11, 20), 1, date(2026, 11, 23)),
        (ONTVANGSTDAG, date(2026, 11, 20), 1, date(2026, 11, 20)),
        (STANDAARD, date(2026, 11, 23), 0, date(2026, 11, 23)),
        # A weekend event: the next working day is day 1, whatever the setting.
        (STANDAARD, date(2026, 11, 21), 1, date(2026, 11, 23)),
        (STANDAARD, date(2026, 11, 21), 5, date(2026, 11, 27)),
        (ONTVANGSTDAG, date(2026, 11, 22), 5, date(2026, 11, 27)),
        # Easter 2025: Goede Vrijdag 18 April and Tweede Paasdag 21 April.
        (STANDAARD, date(2025, 4, 17), 1, date(2025, 4, 22)),
        (ZONDER_GOEDE_VRIJDAG, date(2025, 4, 17), 1, date(2025, 4, 18)),
        (STANDAARD, date(2025, 4, 16), 5, date(2025, 4, 25)),
        (ZONDER_GOEDE_VRIJDAG, date(2025, 4, 16), 5, date(2025, 4, 24)),
        # Koningsdag 2026 on Monday 27 April; 2025's fell on a Saturday and costs nothing.
        (STANDAARD, date(2026, 4, 24), 1, date(2026, 4, 28)),
        (STANDAARD, date(2025, 4, 25), 1, date(2025, 4, 28)),
        # Bevrijdingsdag: Monday 5 May 2025 (lustrum), Tuesday 5 May 2026.
        (STANDAARD, date(2025, 5, 2), 1, date(2025, 5, 6)),
        (NOOIT, date(2025, 5, 2), 1, date(2025, 5, 5)),
        (STANDAARD, date(2026, 5, 4), 1, date(2026, 5, 5)),
        (ALTIJD, date(2026, 5, 4), 1, date(2026, 5, 6)),
        # Hemelvaart Thursday 14 May and Tweede Pinksterdag Monday 25 May 2026.
        (STANDAARD, date(2026, 5, 13), 5, date(2026, 5, 21)),
        (STANDAARD, date(2026, 5, 20), 5, date(2026, 5, 28)),
        # A term that starts on a holiday counts from the next working day.
        (STANDAARD, date(2026, 5, 14), 5, date(2026, 5, 21)),
        (ONTVANGSTDAG, date(2026, 5, 14), 5, date(2026, 5, 21)),
        (STANDAARD, date(2025, 4, 21), 3, date(2025, 4, 24)),
        # Christmas into the new year: Kerst 25/26 December, Nieuwjaar Friday 1 January 2027.
        (STANDAARD, date(2026, 12, 23), 5, date(2026, 12, 31)),
        (STANDAARD, date(2026, 12, 23), 6, date(2027, 1, 4)),
        (STANDAARD, date(2026, 12, 23), 10, date(2027, 1, 8)),
        (STANDAARD, date(2026, 12, 31), 1, date(2027, 1, 4)),
        # Over the leap day.
        (STANDAARD, date(2028, 2, 28), 1, date(2028, 2, 29)),
        (STANDAARD, date(2028, 2, 28), 5, date(2028, 3, 6)),
        (STANDAARD, date(2028, 2, 29), 3, date(2028, 3, 3)),
        # Longer than a year.
        (STANDAARD, date(2026, 1, 1), 254 + 255, date(2027, 12, 31)),
    ],
)
def test_termijn(kalender, start, werkdagen, einde):
    assert kalender.termijn(start, werkdagen) == einde


@pytest.mark.parametrize(
    ("start", "end", "werkdagen"),
    [
        (date(2026, 11, 23), date(2026, 11, 23), 0),
        (date(2026, 11, 30), date(2026, 11, 23), 0),
        (date(2026, 11, 23), date(2026, 11, 30), 5),
        (date(2026, 11, 20), date(2026, 11, 22), 0),
        (date(2025, 4, 17), date(2025, 4, 22), 1),
        (date(2026, 12, 23), date(2027, 1, 8), 10),
        (date(2025, 12, 31), date(2027, 1, 1), 254),
    ],
)
def test_werkdagen_tussen(start, end, werkdagen):
    assert STANDAARD.werkdagen_tussen(start, end) == werkdagen


@pytest.mark.parametrize("kalender", [STANDAARD, ZONDER_GOEDE_VRIJDAG, ALTIJD, ONTVANGSTDAG])
def test_termijn_and_werkdagen_tussen_agree_day_by_day(kalender):
    starts = [date(2025, 12, 1) + timedelta(days=n) for n in range(0, 800, 3)]
    for start in starts:
        for werkdagen in (1, 3, 5, 10, 30):
            einde = kalender.termijn(start, werkdagen)
            # With ontvangstdag_telt a working event day is day 1, so one fewer lies after it.
            verwacht = werkdagen - (kalender is ONTVANGSTDAG and kalender.is_werkdag(start))
            assert kalender.is_werkdag(einde)
            assert kalender.werkdagen_tussen(start, einde) == verwacht
            if einde > start:
                assert kalender.werkdagen_tussen(start, einde - timedelta(days=1)) == verwacht - 1
            naief = sum(
                kalender.is_werkdag(start + timedelta(days=n))
                for n in range(1, (einde - start).days + 1)
            )
            assert naief == verwacht


def test_a_negative_term_and_an_unknown_bevrijdingsdag_are_refused():
    with pytest.raises(ValueError, match="negative"):
        STANDAARD.termijn(date(2026, 11, 23), -1)
    with pytest.raises(ValueError, match="bevrijdingsdag must be one of"):
        Werkdagen(bevrijdingsdag="soms")


@pytest.fixture
def clean_environment(monkeypatch):
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")
    for name in (
        "IJW_WERKDAG_GOEDE_VRIJDAG",
        "IJW_WERKDAG_BEVRIJDINGSDAG",
        "IJW_WERKDAG_ONTVANGSTDAG_TELT",
    ):
        monkeypatch.delenv(name, raising=False)


def test_settings_default_to_the_documented_calendar(clean_environment):
    settings = load_settings()
    assert settings.werkdag_goede_vrijdag is True
    assert settings.werkdag_bevrijdingsdag == "lustrum"
    assert settings.werkdag_ontvangstdag_telt is False
    kalender = Werkdagen.from_settings(settings)
    assert kalender.termijn(date(2026, 11, 23), 5) == date(2026, 11, 30)
    assert kalender.is_werkdag(date(2025, 4, 18)) is False


def test_settings_from_the_environment_reach_the_calendar(clean_environment, monkeypatch):
    monkeypatch.setenv("IJW_WERKDAG_GOEDE_VRIJDAG", "false")
    monkeypatch.setenv("IJW_WERKDAG_BEVRIJDINGSDAG", "altijd")
    monkeypatch.setenv("IJW_WERKDAG_ONTVANGSTDAG_TELT", "true")
    kalender = Werkdagen.from_settings(load_settings())
    assert kalender.is_werkdag(date(2025, 4, 18)) is True
    assert kalender.is_werkdag(date(2026, 5, 5)) is False
    assert kalender.termijn(date(2026, 11, 23), 5) == date(2026, 11, 27)


def test_settings_accept_the_fields_as_arguments():
    settings = Settings(
        gemeenten=("0153",),
        werkdag_goede_vrijdag=False,
        werkdag_bevrijdingsdag="nooit",
        werkdag_ontvangstdag_telt=True,
    )
    kalender = Werkdagen.from_settings(settings)
    assert kalender.is_werkdag(date(2025, 5, 5)) is True
    assert kalender.termijn(date(2026, 11, 23), 1) == date(2026, 11, 23)


def test_settings_refuse_an_unknown_bevrijdingsdag_argument():
    with pytest.raises(ValidationError, match="werkdag_bevrijdingsdag"):
        Settings(gemeenten=("0153",), werkdag_bevrijdingsdag="soms")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "IJW_WERKDAG_BEVRIJDINGSDAG",
            "soms",
            "IJW_WERKDAG_BEVRIJDINGSDAG: Input should be 'altijd'",
        ),
        ("IJW_WERKDAG_BEVRIJDINGSDAG", "Lustrum", "IJW_WERKDAG_BEVRIJDINGSDAG: Input should be"),
        ("IJW_WERKDAG_GOEDE_VRIJDAG", "misschien", "IJW_WERKDAG_GOEDE_VRIJDAG: Input should be"),
        ("IJW_WERKDAG_ONTVANGSTDAG_TELT", "ja", "IJW_WERKDAG_ONTVANGSTDAG_TELT: Input should be"),
    ],
)
def test_settings_refuse_nonsense_naming_the_variable(
    clean_environment, monkeypatch, variable, value, message
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert message in str(refused.value)
