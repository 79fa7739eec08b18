"""Record the referral letter behind a request, so rules A6/A7 can weigh it.

A gemeente worker may record or correct it at any time. The aanbieder records its own, before
or with its JW315: once the request has arrived, or once the gemeente has recorded the letter,
the aanbieder's version no longer replaces it (the gemeente's stands).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.access.toegang import Rol
from app.persistence.models import Verwijzing
from app.problem import Problem
from app.verwijzingen import repository


class VerwijzingTeLaat(Problem):
    """The aanbieder's referral after its request arrived: the decision may have weighed it."""

    status_code = 409
    slug = "verwijzing-na-verzoek"
    title = "Verzoek al ontvangen"


class VerwijzingVanGemeente(Problem):
    """The gemeente recorded this referral; the aanbieder cannot replace it."""

    status_code = 409
    slug = "verwijzing-van-gemeente"
    title = "Verwijzing door de gemeente vastgelegd"


@dataclass(frozen=True, slots=True)
class Verwijzer:
    """Who referred: COD327 type, and an AGB code or a name."""

    type: str
    zorgverlener_code: str | None
    naam: str | None


def vastleggen(
    session: Session,
    *,
    rol: Rol,
    key_id: int | None,
    gemeente: str,
    aanbieder: str,
    referentie_aanbieder: str,
    datum: date,
    verwijzer: Verwijzer,
    vastgelegd_door: str,
    now: datetime,
) -> tuple[Verwijzing, bool]:
    """Create or replace the referral of one request; True when it is new.

    `rol` is who records it (an aanbieder is held to the rules above); `key_id` the API key
    that did, None for a person signed in to the werkplek.
    """
    row = repository.verwijzing(session, gemeente, aanbieder, referentie_aanbieder)
    if rol is Rol.AANBIEDER:
        if repository.verzoek_bestaat(session, gemeente, aanbieder, referentie_aanbieder):
            raise VerwijzingTeLaat(
                f"gemeente {gemeente} heeft het verzoek met deze ReferentieAanbieder al "
                "ontvangen: stuur de verwijzing vóór of met de JW315, of vraag de gemeente haar "
                "vast te leggen"
            )
        if row is not None and row.vastgelegd_rol == Rol.GEMEENTE:
            raise VerwijzingVanGemeente(
                f"gemeente {gemeente} heeft de verwijzing achter deze ReferentieAanbieder "
                "vastgelegd; vraag de gemeente haar te wijzigen"
            )
    created = row is None
    if row is None:
        row = Verwijzing(
            gemeente=gemeente, aanbieder=aanbieder, referentie_aanbieder=referentie_aanbieder
        )
        session.add(row)
    row.datum_date = datum
    row.verwijzer_type = verwijzer.type
    row.verwijzer_code = verwijzer.zorgverlener_code
    row.verwijzer_naam = verwijzer.naam
    row.vastgelegd_door = vastgelegd_door
    row.vastgelegd_rol = rol.value
    row.key_id = key_id
    row.vastgelegd_at = now
    session.flush()
    return row, created
