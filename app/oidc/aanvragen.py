"""Sign-ins on their way through the identity provider, kept until their callback returns."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.clock import as_utc
from app.oidc import repository
from app.oidc.client import Aanvraag
from app.persistence.models import OidcAanvraag

GELDIG = timedelta(minutes=10)
"""How long a person may take at the identity provider before the sign-in starts again."""


def _hash(state: str) -> str:
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def bewaar(session: Session, aanvraag: Aanvraag, now: datetime) -> None:
    """Keep a sign-in until its callback; expired ones are cleared on the way."""
    repository.verwijder_verlopen(session, now - GELDIG)
    repository.voeg_toe(
        session,
        OidcAanvraag(
            state_hash=_hash(aanvraag.state),
            nonce=aanvraag.nonce,
            code_verifier=aanvraag.code_verifier,
            aangemaakt=now,
        ),
    )


def neem(session: Session, state: str, now: datetime) -> Aanvraag | None:
    """The sign-in this state belongs to, used once; None when unknown or expired."""
    rij = repository.neem(session, _hash(state))
    if rij is None:
        return None
    if as_utc(rij.aangemaakt) < now - GELDIG:
        return None
    return Aanvraag(url="", state=state, nonce=rij.nonce, code_verifier=rij.code_verifier)
