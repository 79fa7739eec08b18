"""Every query on the pending sign-ins (`oidc_aanvraag`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.persistence.models import OidcAanvraag


def verwijder_verlopen(session: Session, voor: datetime) -> None:
    """Drop the sign-ins started before this moment."""
    session.execute(delete(OidcAanvraag).where(OidcAanvraag.aangemaakt < voor))


def voeg_toe(session: Session, aanvraag: OidcAanvraag) -> None:
    """Keep one pending sign-in."""
    session.add(aanvraag)


def neem(session: Session, state_hash: str) -> OidcAanvraag | None:
    """The pending sign-in with this state's hash, removed so that it is used once."""
    rij = session.get(OidcAanvraag, state_hash)
    if rij is not None:
        session.delete(rij)
        session.flush()
    return rij
