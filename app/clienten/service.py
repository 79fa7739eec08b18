"""Record a client's data from the gemeente's registry; a JW301 needs its Contactgegevens.

No request carries an address, so an automatic grant for an unknown client waits
(`wacht_op_clientgegevens`); recording the client sends the JW301s that waited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from app.checks.issue import Issue
from app.clienten import repository as clienten
from app.clock import date_of
from app.persistence.models import ClientReferentie
from app.problem import Problem
from app.toewijzingen.client import client_gegevens
from app.toewijzingen.jw301 import Jw301Sender
from app.verzoeken.service import VerzoekService


class ClientgegevensOngeldig(Problem):
    """Data a JW301 could not carry; the unit of work rolls back so nothing is stored."""

    status_code = 422
    slug = "clientgegevens-invalid"
    title = "Cliëntgegevens die een JW301 niet kan dragen"

    def __init__(self, issues: tuple[Issue, ...]) -> None:
        super().__init__(
            "de gegevens breken regels waaraan een JW301 moet voldoen; er is niets opgeslagen"
        )
        self.issues = issues

    def extensions(self) -> dict:
        """The rules the data broke, by code and location."""
        return {
            "errors": [
                {"code": issue.code, "location": issue.location, "message": issue.message}
                for issue in self.issues
            ]
        }


@dataclass(frozen=True, slots=True)
class Clientgegevens:
    """A client's personal data and Contactgegevens (each contact as the API's JSON form)."""

    gemeente: str
    bsn: str
    geboortedatum: date
    geslacht: str
    achternaam: str
    datum_gebruik: str | None = None
    voorvoegsel: str | None = None
    voornamen: str | None = None
    voorletters: str | None = None
    contacten: list[dict[str, Any]] = field(default_factory=list)


def vastleggen(
    session: Session,
    gegevens: Clientgegevens,
    *,
    jw301: Jw301Sender,
    verzoeken: VerzoekService,
    now: datetime,
) -> list[int]:
    """Create or replace the client's data and send the JW301s that waited; their bericht ids."""
    clienten.bewaar_persoon(
        session,
        gemeente=gegevens.gemeente,
        bsn=gegevens.bsn,
        geboortedatum=gegevens.geboortedatum,
        datum_gebruik=gegevens.datum_gebruik,
        geslacht=gegevens.geslacht,
        achternaam=gegevens.achternaam,
        voorvoegsel=gegevens.voorvoegsel,
        voornamen=gegevens.voornamen,
        voorletters=gegevens.voorletters,
        at=now,
    )
    clienten.zet_contacten(session, gegevens.gemeente, gegevens.bsn, gegevens.contacten, now)
    stored = clienten.client(session, gegevens.gemeente, gegevens.bsn)
    issues = jw301.client_issues(client_gegevens(stored), date_of(now))
    if issues:
        raise ClientgegevensOngeldig(issues)
    return verzoeken.geef_vrij(session, gegevens.gemeente, gegevens.bsn, now)


def pagina_referentie(session: Session, gemeente: str, bsn: str, now: datetime) -> str:
    """The client's opaque reference in the gemeente, made at the first need (never the BSN)."""
    return clienten.referentie(session, gemeente, bsn, now)


def client_van(session: Session, ref: str) -> ClientReferentie | None:
    """The gemeente and BSN behind an opaque client reference, if it exists."""
    return clienten.client_van(session, ref)
