"""Audit log search for gemeente administrators; a search for one client is itself a read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from app.access.toegang import Toegang
from app.audit import repository
from app.audit.record import Audit
from app.audit.repository import AuditFilter, Regel


@dataclass(frozen=True, slots=True)
class AuditPagina:
    """A page of audit entries, newest first, and the id to continue after (None: the last)."""

    regels: list[Regel]
    next: int | None


def zoek(
    session: Session,
    audit: Audit,
    toegang: Toegang,
    gemeenten: frozenset[str],
    *,
    bsn: str | None,
    key_id: int | None,
    gebruiker_id: int | None,
    rol: str | None,
    van: datetime | None,
    tot: datetime | None,
    after: int | None,
    limit: int,
    actie: str,
    now: datetime,
) -> AuditPagina:
    """One page of audit entries within the gemeenten; a search for a client is audited."""
    filter_ = AuditFilter(
        gemeenten=gemeenten,
        bsn_hash=None if bsn is None else audit.bsn_hash(bsn),
        key_id=key_id,
        gebruiker_id=gebruiker_id,
        rol=rol,
        van=van,
        tot=tot,
    )
    found = repository.regels(session, filter_, after=after, limit=limit + 1)
    page = found[:limit]
    if bsn is not None:
        audit.record(
            session,
            toegang,
            actie=actie,
            wat=f"audit of one client: {len(page)} entr{'y' if len(page) == 1 else 'ies'}",
            gelezen=[(bsn, code) for code in sorted(gemeenten)],
            now=now,
        )
    return AuditPagina(page, page[-1].id if len(found) > limit else None)
