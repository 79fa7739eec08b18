"""The teamleider's overview: requests per month, status and rule, speed of the final answer."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app.clock import as_utc
from app.decisions.beslissing import Uitkomst
from app.verzoeken import repository
from app.verzoeken.status import (
    AFGEWEZEN,
    IN_ONDERZOEK,
    ONTVANGEN,
    TOEGEKEND,
    WACHT_OP_CLIENTGEGEVENS,
)

MAANDEN = 12
"""How many calendar months the overview covers, the current one included."""
BIJNA_VERLOPEN = timedelta(days=14)
"""An onderzoek is listed once its 8 weeks end within this many days."""
STATUSSEN = (ONTVANGEN, IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS, TOEGEKEND, AFGEWEZEN)
"""A request's states, in the order the overview shows them."""


@dataclass(frozen=True, slots=True)
class Maand:
    """One month: requests received per current status, and the rule set's own decisions."""

    maand: str
    """`YYYY-MM`."""
    per_status: dict[str, int]
    automatisch_toegekend: int
    automatisch_onderzoek: int

    @property
    def ontvangen(self) -> int:
        """Requests received in the month."""
        return sum(self.per_status.values())


@dataclass(frozen=True, slots=True)
class RegelTelling:
    """How often one rule decided in one month, and with which outcome."""

    maand: str
    regel: str
    uitkomst: str
    aantal: int


@dataclass(frozen=True, slots=True)
class Overzicht:
    """The figures of the overview over the gemeenten it covers."""

    gemeenten: frozenset[str]
    vanaf: date
    maanden: list[Maand]
    per_regel: list[RegelTelling]
    automatisch_toegekend_pct: float | None
    """Share of the rule set's decisions that granted, in percent (None: no decisions)."""
    mediaan_dagen: float | None
    """Median calendar days from receipt to the final answer (None: none answered)."""
    beantwoord: int
    bijna_verlopen: list[Row]

    @property
    def per_status(self) -> dict[str, int]:
        """Requests received in the whole period, per current status."""
        return {s: sum(m.per_status.get(s, 0) for m in self.maanden) for s in STATUSSEN}


def _maanden(today: date) -> list[str]:
    """The months covered, oldest first, as `YYYY-MM`."""
    index = today.year * 12 + today.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - MAANDEN + 1, index + 1)]


def overzicht(session: Session, gemeenten: frozenset[str], today: date) -> Overzicht:
    """The overview of the last 12 months (current month included) for the gemeenten."""
    maanden = _maanden(today)
    vanaf = date.fromisoformat(maanden[0] + "-01")
    vanaf_at = datetime(vanaf.year, vanaf.month, 1, tzinfo=UTC)
    status = {m: dict.fromkeys(STATUSSEN, 0) for m in maanden}
    for row in repository.per_maand_en_status(session, gemeenten, vanaf_at):
        if row.maand in status:
            status[row.maand][row.status] = row.aantal
    per_regel = [
        RegelTelling(row.maand, row.regel, row.uitkomst, row.aantal)
        for row in repository.automatisch_per_maand_en_regel(session, gemeenten, vanaf_at)
    ]
    toegekend = dict.fromkeys(maanden, 0)
    onderzoek = dict.fromkeys(maanden, 0)
    for telling in per_regel:
        if telling.maand not in toegekend:
            continue
        if telling.uitkomst == Uitkomst.TOEKENNEN:
            toegekend[telling.maand] += telling.aantal
        else:
            onderzoek[telling.maand] += telling.aantal
    beslist = sum(toegekend.values()) + sum(onderzoek.values())
    pct = round(100 * sum(toegekend.values()) / beslist, 1) if beslist else None
    dagen = [
        (as_utc(row.beantwoord_at) - as_utc(row.received_at)).total_seconds() / 86400
        for row in repository.beantwoord_sinds(session, gemeenten, vanaf_at)
    ]
    return Overzicht(
        gemeenten=gemeenten,
        vanaf=vanaf,
        maanden=[Maand(m, status[m], toegekend[m], onderzoek[m]) for m in maanden],
        per_regel=per_regel,
        automatisch_toegekend_pct=pct,
        mediaan_dagen=round(statistics.median(dagen), 1) if dagen else None,
        beantwoord=len(dagen),
        bijna_verlopen=repository.onderzoek_bijna_verlopen(
            session, gemeenten, today + BIJNA_VERLOPEN
        ),
    )
