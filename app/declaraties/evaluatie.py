"""The regional evaluation: a reproducible sample of cases that ran their granted 12 months.

Per gemeente a few cases are examined for the minutes declared during the granted 12 months,
against the direct and indirect contact time the client reports (regional-rules.md).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.decisions.period import last_day
from app.declaraties import repository
from app.persistence.models import Toewijzing
from app.problem import Problem

LOOPTIJD_MAANDEN = 12


def twaalf_maanden(t: Toewijzing) -> bool:
    """Whether a toewijzing was granted for at least its 12 months."""
    einde = t.einddatum_date
    return einde is not None and einde >= last_day(t.ingangsdatum_date, LOOPTIJD_MAANDEN)


@dataclass(frozen=True, slots=True)
class Casus:
    """A drawn case: its ToewijzingNummer and period (never the BSN)."""

    toewijzing_nummer: int
    code: str | None
    ingangsdatum: date
    einddatum: date


def steekproef(
    session: Session,
    *,
    gemeente: str,
    producten: list[str],
    aantal: int,
    seed: int,
    today: date,
    now: datetime,
) -> list[Casus]:
    """Draw `aantal` cases; the same seed over the same toewijzingen draws the same cases.

    Drawn cases are kept (a case drawn again keeps its recorded contact time).
    """
    kandidaten = [
        t
        for t in repository.evaluatie_kandidaten(session, gemeente, producten, today)
        if twaalf_maanden(t)
    ]
    gekozen = random.Random(seed).sample(kandidaten, min(aantal, len(kandidaten)))
    gekozen.sort(key=lambda t: t.nummer)
    eerder = repository.gekozen(session, gemeente)
    nieuw = [t.id for t in gekozen if t.id not in eerder]
    repository.bewaar_casussen(session, gemeente, nieuw, seed, now)
    # twaalf_maanden kept only toewijzingen with an Einddatum.
    return [
        Casus(t.nummer, t.code, t.ingangsdatum_date, t.einddatum_date)
        for t in gekozen
        if t.einddatum_date is not None
    ]


class NietGekozen(Problem, LookupError):
    """The toewijzing was not drawn for the evaluation."""

    status_code = 404
    slug = "niet-in-steekproef"
    title = "Geen evaluatiegeval"


def leg_contacttijd_vast(
    session: Session,
    *,
    gemeente: str,
    nummer: int,
    direct: int,
    indirect: int,
    door: str,
    now: datetime,
) -> None:
    """Record the client's reported direct and indirect contact time of a drawn case."""
    found = repository.casus(session, gemeente, nummer)
    if found is None:
        raise NietGekozen(f"toewijzing {nummer} van gemeente {gemeente} is niet getrokken")
    found.direct_minuten = direct
    found.indirect_minuten = indirect
    found.vastgelegd_door = door
    found.vastgelegd_at = now
