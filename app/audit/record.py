"""Record reads of personal data; clients appear only as a keyed hash of their BSN."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.access.toegang import Toegang
from app.audit import repository
from app.gebruikers.medewerker import Medewerker
from app.persistence.models import AuditSecret

Gelezen = tuple[str, str]
"""A client read: (BSN, gemeente)."""


class Audit:
    """Writes audit entries in the transaction of the read they record."""

    def __init__(self, secret: Callable[[], bytes]) -> None:
        # Loaded at the first read, so the service starts while the database is away.
        self._secret = cache(secret)

    def prepare(self) -> None:
        """Load (or make) the key now; at the first read, if the database is away now."""
        with contextlib.suppress(OperationalError):
            self._secret()

    def bsn_hash(self, bsn: str) -> str:
        """The keyed hash a BSN is recorded and searched by (HMAC-SHA256)."""
        return hmac.new(self._secret(), bsn.encode("ascii"), hashlib.sha256).hexdigest()

    def record(
        self,
        session: Session,
        wie: Toegang | Medewerker,
        *,
        actie: str,
        wat: str,
        gelezen: Iterable[Gelezen],
        now: datetime,
    ) -> None:
        """One entry for a read by a key or a person, with a row per client and gemeente read."""
        door: dict[str, int | str | None]
        if isinstance(wie, Medewerker):
            door = {"key_id": None, "gebruiker_id": wie.id, "rol": wie.rol}
        else:
            door = {"key_id": wie.key_id, "gebruiker_id": None, "rol": wie.rol.value}
        audit_id = repository.insert_entry(session, {"at": now, **door, "actie": actie, "wat": wat})
        rows = [
            {"audit_id": audit_id, "bsn_hash": self.bsn_hash(bsn), "gemeente": gemeente}
            for bsn, gemeente in sorted(set(gelezen))
        ]
        repository.insert_clients(session, rows)


def load_secret(factory: sessionmaker[Session], configured: str | None) -> bytes:
    """The hash key: IJW_AUDIT_SECRET, else one generated once and kept in the database."""
    if configured:
        return configured.encode("utf-8")
    for _ in range(2):
        try:
            with factory.begin() as session:
                stored = repository.stored_secret(session)
                if stored is not None:
                    return stored.encode("ascii")
                generated = secrets.token_hex(32)
                session.add(AuditSecret(id=1, secret=generated))
            return generated.encode("ascii")
        except IntegrityError:
            continue  # another process stored one first: read that one
    raise RuntimeError("no audit secret could be stored or read")
