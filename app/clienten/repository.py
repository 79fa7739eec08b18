"""Queries on the clients' opaque references (table client_referentie)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.persistence.models import ClientReferentie


def referentie(session: Session, gemeente: str, bsn: str, now: datetime) -> str:
    """The client's reference in the gemeente, made on first use (random, not from the BSN)."""
    found = _ref(session, gemeente, bsn)
    if found is not None:
        return found
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # Two first uses at once: the database keeps one; both then read that one.
    session.execute(
        dialect.insert(ClientReferentie)
        .values(ref=secrets.token_urlsafe(16), gemeente=gemeente, bsn=bsn, created_at=now)
        .on_conflict_do_nothing(index_elements=["gemeente", "bsn"])
    )
    made = _ref(session, gemeente, bsn)
    assert made is not None
    return made


def client_van(session: Session, ref: str) -> ClientReferentie | None:
    """The gemeente and BSN behind a reference, or None."""
    return session.scalar(select(ClientReferentie).where(ClientReferentie.ref == ref))


def _ref(session: Session, gemeente: str, bsn: str) -> str | None:
    return session.scalar(
        select(ClientReferentie.ref).where(
            ClientReferentie.gemeente == gemeente, ClientReferentie.bsn == bsn
        )
    )
