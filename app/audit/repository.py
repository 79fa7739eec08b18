"""Audit log queries: entries written with their clients, searched by gemeente administrators."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Exists, exists, insert, or_, select
from sqlalchemy.orm import Session

from app.access.toegang import GEBONDEN_AAN_GEMEENTEN
from app.clock import as_utc
from app.persistence.models import ApiKey, AuditClient, AuditEntry, AuditSecret, Gebruiker

_INSERT_ENTRY = insert(AuditEntry.__table__).returning(AuditEntry.__table__.c.id)
_INSERT_CLIENT = insert(AuditClient.__table__)


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What an administrator asks for; `gemeenten` is the scope, already checked."""

    gemeenten: frozenset[str]
    bsn_hash: str | None = None
    key_id: int | None = None
    gebruiker_id: int | None = None
    rol: str | None = None
    van: datetime | None = None
    """Entries at or after this aware moment."""
    tot: datetime | None = None
    """Entries before this aware moment."""


@dataclass(frozen=True, slots=True)
class GelezenClient:
    """A client an entry read, as its keyed BSN hash."""

    bsn_hash: str
    gemeente: str


@dataclass(frozen=True, slots=True)
class Regel:
    """One audit entry with the key or person that made it and its clients within the scope."""

    id: int
    at: datetime
    key_id: int | None
    key_prefix: str | None
    key_naam: str | None
    gebruiker_id: int | None
    gebruikersnaam: str | None
    rol: str
    actie: str
    wat: str
    clienten: tuple[GelezenClient, ...]


def keys_bound_to(session: Session, gemeenten: frozenset[str]) -> list[int]:
    """Ids of gemeente-bound keys (workers, administrators) sharing a gemeente with the scope.

    Filtered here rather than in SQL: JSON containment differs between SQLite and
    PostgreSQL, and the key table is small (one row per caller).
    """
    rows = session.execute(
        select(ApiKey.id, ApiKey.gemeenten).where(
            ApiKey.rol.in_(sorted(rol.value for rol in GEBONDEN_AAN_GEMEENTEN))
        )
    )
    return [key_id for key_id, codes in rows if gemeenten.intersection(codes or ())]


def gebruikers_bound_to(session: Session, gemeenten: frozenset[str]) -> list[int]:
    """Ids of werkplek accounts sharing a gemeente with the scope (filtered as keys are)."""
    rows = session.execute(select(Gebruiker.id, Gebruiker.gemeenten))
    return [gebruiker_id for gebruiker_id, codes in rows if gemeenten.intersection(codes or ())]


def _leest_client(gemeenten: frozenset[str], bsn_hash: str | None = None) -> Exists:
    """An entry read a client of one of the gemeenten (that client, if a hash is given)."""
    match = [AuditClient.audit_id == AuditEntry.id, AuditClient.gemeente.in_(sorted(gemeenten))]
    if bsn_hash is not None:
        match.append(AuditClient.bsn_hash == bsn_hash)
    return exists().where(*match)


def regels(session: Session, filter_: AuditFilter, *, after: int | None, limit: int) -> list[Regel]:
    """Up to `limit` entries in scope, newest (highest id) first, below the id `after`.

    In scope: the entry read a client of the scope's gemeenten, or a key or a werkplek
    account bound to one of them made it. Clients are shown only where they belong to the
    scope's gemeenten.
    """
    if not filter_.gemeenten:
        return []
    scope = or_(
        _leest_client(filter_.gemeenten),
        AuditEntry.key_id.in_(keys_bound_to(session, filter_.gemeenten)),
        AuditEntry.gebruiker_id.in_(gebruikers_bound_to(session, filter_.gemeenten)),
    )
    query = (
        select(AuditEntry, ApiKey.prefix, ApiKey.naam, Gebruiker.naam)
        .outerjoin(ApiKey, ApiKey.id == AuditEntry.key_id)
        .outerjoin(Gebruiker, Gebruiker.id == AuditEntry.gebruiker_id)
        .where(scope)
    )
    if filter_.bsn_hash is not None:
        query = query.where(_leest_client(filter_.gemeenten, filter_.bsn_hash))
    if filter_.key_id is not None:
        query = query.where(AuditEntry.key_id == filter_.key_id)
    if filter_.gebruiker_id is not None:
        query = query.where(AuditEntry.gebruiker_id == filter_.gebruiker_id)
    if filter_.rol is not None:
        query = query.where(AuditEntry.rol == filter_.rol)
    # SQLite stores the UTC wall time: compare with UTC moments on every database.
    if filter_.van is not None:
        query = query.where(AuditEntry.at >= as_utc(filter_.van))
    if filter_.tot is not None:
        query = query.where(AuditEntry.at < as_utc(filter_.tot))
    if after is not None:
        query = query.where(AuditEntry.id < after)
    found = session.execute(query.order_by(AuditEntry.id.desc()).limit(limit)).all()
    clienten = _clienten(session, [entry.id for entry, *_ in found], filter_.gemeenten)
    return [
        Regel(
            id=entry.id,
            at=as_utc(entry.at),
            key_id=entry.key_id,
            key_prefix=prefix,
            key_naam=naam,
            gebruiker_id=entry.gebruiker_id,
            gebruikersnaam=gebruikersnaam,
            rol=entry.rol,
            actie=entry.actie,
            wat=entry.wat,
            clienten=tuple(clienten[entry.id]),
        )
        for entry, prefix, naam, gebruikersnaam in found
    ]


def _clienten(
    session: Session, audit_ids: list[int], gemeenten: frozenset[str]
) -> dict[int, list[GelezenClient]]:
    """The clients of the entries that belong to the gemeenten, per entry."""
    found: dict[int, list[GelezenClient]] = defaultdict(list)
    if not audit_ids:
        return found
    rows = session.execute(
        select(AuditClient.audit_id, AuditClient.bsn_hash, AuditClient.gemeente)
        .where(AuditClient.audit_id.in_(audit_ids), AuditClient.gemeente.in_(sorted(gemeenten)))
        .order_by(AuditClient.audit_id, AuditClient.gemeente, AuditClient.bsn_hash)
    )
    for audit_id, bsn_hash, gemeente in rows:
        found[audit_id].append(GelezenClient(bsn_hash=bsn_hash, gemeente=gemeente))
    return found


def insert_entry(session: Session, values: dict[str, Any]) -> int:
    """Insert one audit entry in the session's transaction; returns its id."""
    audit_id: int = session.connection().execute(_INSERT_ENTRY, values).scalar_one()
    return audit_id


def insert_clients(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert the client rows of an entry, if any, in the session's transaction."""
    if rows:
        session.connection().execute(_INSERT_CLIENT, rows)


def stored_secret(session: Session) -> str | None:
    """The audit hash key kept in the database, if one was stored."""
    return session.scalar(select(AuditSecret.secret).where(AuditSecret.id == 1))
