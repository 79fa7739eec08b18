"""Queries on clients: their data (table client) and opaque references (client_referentie)."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.persistence.deferred import write
from app.persistence.models import Client, ClientReferentie


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


_PERSOONSGEGEVENS = (
    "geboortedatum_date",
    "datum_gebruik",
    "geslacht",
    "achternaam",
    "voorvoegsel",
    "voornamen",
    "voorletters",
)


def bewaar_persoon(
    session: Session,
    *,
    gemeente: str,
    bsn: str,
    geboortedatum: date,
    datum_gebruik: str | None,
    geslacht: str,
    achternaam: str,
    voorvoegsel: str | None,
    voornamen: str | None,
    voorletters: str | None,
    at: datetime,
) -> None:
    """Insert or refresh a client's personal data; contact data stays as it was."""
    values = {
        "gemeente": gemeente,
        "bsn": bsn,
        "geboortedatum_date": geboortedatum,
        "datum_gebruik": datum_gebruik,
        "geslacht": geslacht,
        "achternaam": achternaam,
        "voorvoegsel": voorvoegsel,
        "voornamen": voornamen,
        "voorletters": voorletters,
        "bijgewerkt_at": at,
    }
    write(
        session, _upsert(session.get_bind().dialect.name), values, keys=[("client", gemeente, bsn)]
    )


@cache
def _upsert(dialect_name: str) -> postgresql.Insert | sqlite.Insert:
    """Insert or refresh the personal data, built once per dialect (a per-message statement)."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement = dialect.insert(Client.__table__)
    return statement.on_conflict_do_update(
        index_elements=["gemeente", "bsn"],
        set_={name: statement.excluded[name] for name in (*_PERSOONSGEGEVENS, "bijgewerkt_at")},
    )


def client(session: Session, gemeente: str, bsn: str) -> Client | None:
    """The stored client, or None."""
    return session.scalar(select(Client).where(Client.gemeente == gemeente, Client.bsn == bsn))


def zet_contacten(
    session: Session, gemeente: str, bsn: str, contacten: list[dict], at: datetime
) -> bool:
    """Replace a known client's Contactgegevens; False when the client is not known."""
    found = client(session, gemeente, bsn)
    if found is None:
        return False
    found.contacten = contacten
    found.bijgewerkt_at = at
    session.flush()
    return True
