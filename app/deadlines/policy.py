"""Deadline policy: which deadlines exist and when each is due (ijw-domain.md §3, the regions).

Pure functions of dates and a working-day calendar; no database and no "today".
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from app.decisions.period import last_day

ANTWOORD_WERKDAGEN = 5
"""OP274/OP346: a JW301 or JW319 within 5 working days of receiving a VOT or VOW."""
ONDERZOEK_TERMIJN = timedelta(weeks=8)
"""After 'in onderzoek', the final answer within 8 weeks of the request's Dagtekening."""
REGIE_WERKDAGEN = 5
"""OP271/OP272: a JW305 or JW307 within 5 working days of the start or end of care."""
RETOUR_WERKDAGEN = 3
"""OP090: the retour on our JW301/JW319 within 3 working days."""
DECLARATIE_WERKDAGEN = 10
"""OP090x4: the JW325 within 10 working days of receiving the JW323."""


class Soort(StrEnum):
    """The kinds of deadline the service keeps."""

    ANTWOORD_VERZOEK = "antwoord_verzoek"
    EINDANTWOORD = "eindantwoord"
    START_ZORG = "start_zorg"
    STOP_ZORG = "stop_zorg"
    RETOUR = "retour"
    VERWIJZING_START = "verwijzing_start"
    VERLENGING = "verlenging"
    EVALUATIE = "evaluatie"
    CONTACTMOMENT = "contactmoment"
    BEZORGING = "bezorging"
    DECLARATIE_ANTWOORD = "declaratie_antwoord"
    CLIENTGEGEVENS = "clientgegevens"
    """A grant waits for the client's data: the BRP did not give it (the detail says why)."""


class Kalender(Protocol):
    """The working-day calendar the policy counts with."""

    def termijn(self, start: date, werkdagen: int) -> date:
        """Last day of a term of `werkdagen` working days from an event on `start`."""
        ...


def antwoord(ontvangen: date, kalender: Kalender) -> date:
    """Our first answer to a VOT product or a VOW."""
    return kalender.termijn(ontvangen, ANTWOORD_WERKDAGEN)


def eindantwoord(dagtekening: date) -> date:
    """The final answer after a JW319 'in onderzoek' (a calendar period)."""
    return dagtekening + ONDERZOEK_TERMIJN


def start_zorg(ingangsdatum: date, verzonden: date, kalender: Kalender, werkdagen: int) -> date:
    """When a toewijzing without any JW305 becomes a signal; retroactive: from the JW301."""
    return kalender.termijn(max(ingangsdatum, verzonden), werkdagen)


def regie(gebeurtenis: date, kalender: Kalender) -> date:
    """The JW305/JW307 for a start or end of care on `gebeurtenis`."""
    return kalender.termijn(gebeurtenis, REGIE_WERKDAGEN)


def declaratie_antwoord(ontvangen: date, kalender: Kalender) -> date:
    """Our JW325 on a JW323."""
    return kalender.termijn(ontvangen, DECLARATIE_WERKDAGEN)


def retour(verzonden: date, kalender: Kalender) -> date:
    """The JW302/JW320 on a message we sent."""
    return kalender.termijn(verzonden, RETOUR_WERKDAGEN)


def verwijzing_start(brief: date, maanden: int) -> date:
    """Care starts within the referral's validity (region A: one year from the letter)."""
    return last_day(brief, maanden)


def verlenging(einddatum: date, vanaf_weken: int, uiterlijk_weken: int) -> tuple[date, date]:
    """The extension window before a toewijzing's end: (opens, due)."""
    return einddatum - timedelta(weeks=vanaf_weken), einddatum - timedelta(weeks=uiterlijk_weken)


def evaluatie(ingangsdatum: date, maanden: int) -> date:
    """The evaluation with the gemeente after `maanden` of care."""
    return last_day(ingangsdatum, maanden) + timedelta(days=1)


def contactmoment(einddatum: date, maanden: int) -> date:
    """The contact moment `maanden` before the end of the beschikking."""
    index = einddatum.month - 1 - maanden
    year, month = einddatum.year + index // 12, index % 12 + 1
    return date(year, month, min(einddatum.day, calendar.monthrange(year, month)[1]))
