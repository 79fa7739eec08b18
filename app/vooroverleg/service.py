"""Record and read vooroverleggen; a later request within one is granted (rule A3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.decisions.context import VooroverlegKind
from app.persistence.models import Vooroverleg
from app.vooroverleg import repository


@dataclass(frozen=True, slots=True)
class Akkoord:
    """What was agreed for one client, aanbieder and product."""

    gemeente: str
    aanbieder: str
    bsn: str
    categorie: str
    code: str | None
    max_minuten: int
    einddatum: date
    soort: VooroverlegKind


def vastleggen(
    session: Session, akkoord: Akkoord, *, vastgelegd_door: str, now: datetime
) -> Vooroverleg:
    """Store an agreement."""
    row = Vooroverleg(
        gemeente=akkoord.gemeente,
        aanbieder=akkoord.aanbieder,
        bsn=akkoord.bsn,
        categorie=akkoord.categorie,
        code=akkoord.code,
        max_minuten=akkoord.max_minuten,
        einddatum_date=akkoord.einddatum,
        soort=akkoord.soort.value,
        vastgelegd_door=vastgelegd_door,
        vastgelegd_at=now,
    )
    return repository.voeg_toe(session, row)


def van_client(session: Session, gemeente: str, bsn: str) -> list[Vooroverleg]:
    """A client's vooroverleggen in the gemeente, oldest first."""
    return repository.lijst(session, [gemeente], bsn=bsn)


def lijst(
    session: Session,
    gemeenten: Iterable[str],
    *,
    aanbieder: str | None = None,
    bsn: str | None = None,
) -> list[Vooroverleg]:
    """Vooroverleggen of these gemeenten, oldest first, optionally of one aanbieder or client."""
    return repository.lijst(session, gemeenten, aanbieder=aanbieder, bsn=bsn)
