"""API keys: made once and shown once, kept only as a SHA-256, looked up per request.

A key is 256 random bits, so a plain SHA-256 cannot be reversed by guessing; a slow password
hash would only slow every request down.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from app.access import repository
from app.access.toegang import GEBONDEN_AAN_AGB, GEBONDEN_AAN_GEMEENTEN, Rol, Toegang
from app.persistence.models import ApiKey

PREFIX = "ijw_"
SHOWN = 12
"""Characters of a key shown in listings ('ijw_' and 8 more)."""
_AGB = re.compile(r"[0-9]{8}")
_GEMEENTE = re.compile(r"[0-9]{4}")
_ID = re.compile(r"[0-9]{1,18}")
"""A key id as typed: ASCII digits within the range of the id column (BIGINT)."""


class KeyRefused(ValueError):
    """A key cannot be made or revoked as asked."""


def fingerprint(key: str) -> str:
    """The SHA-256 a key is stored and found by."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _scope(rol: Rol, agb: str | None, gemeenten: Iterable[str]) -> tuple[str | None, list[str]]:
    codes = sorted(set(gemeenten))
    if rol in GEBONDEN_AAN_AGB:
        if agb is None or not _AGB.fullmatch(agb):
            raise KeyRefused(f"the {rol} role needs --agb with an 8-digit AGB code")
    elif agb is not None:
        raise KeyRefused(f"the {rol} role is not bound to an AGB code")
    if rol in GEBONDEN_AAN_GEMEENTEN:
        if not codes:
            raise KeyRefused(f"the {rol} role needs at least one --gemeente")
        wrong = [code for code in codes if not _GEMEENTE.fullmatch(code)]
        if wrong:
            raise KeyRefused(f"{', '.join(wrong)}: not a 4-digit CBS gemeentecode")
    elif codes:
        raise KeyRefused(f"the {rol} role is not bound to gemeenten")
    return agb, codes


def create(
    session: Session,
    rol: Rol,
    *,
    naam: str,
    now: datetime,
    agb: str | None = None,
    gemeenten: Iterable[str] = (),
) -> tuple[ApiKey, str]:
    """Store a new key; returns its row and the key itself, which is nowhere else."""
    agb, codes = _scope(rol, agb, gemeenten)
    key = PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        sha256=fingerprint(key),
        prefix=key[:SHOWN],
        rol=rol.value,
        agb=agb,
        gemeenten=codes,
        naam=naam,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row, key


def revoke(session: Session, which: str, now: datetime) -> list[ApiKey]:
    """Revoke the keys whose id or shown prefix is `which`; returns those revoked now."""
    key_id = int(which) if _ID.fullmatch(which) else None
    rows = repository.active_keys_matching(session, which, key_id)
    if rows:
        repository.mark_revoked(session, [row.id for row in rows], now)
    return rows


def all_keys(session: Session) -> list[ApiKey]:
    """Every key, revoked ones too, oldest first."""
    return repository.all_keys(session)


def toegang_of(row: ApiKey) -> Toegang:
    """The access a stored key grants."""
    return Toegang(
        key_id=row.id, rol=Rol(row.rol), agb=row.agb, gemeenten=frozenset(row.gemeenten or ())
    )


def lookup(session: Session, key: str) -> Toegang | None:
    """The access of a key that exists and is not revoked."""
    row = repository.active_key(session, fingerprint(key))
    return None if row is None else toegang_of(row)


@dataclass(slots=True)
class _Cached:
    toegang: Toegang
    until: float


class KeyStore:
    """Looks keys up, remembering valid ones for `ttl` seconds (a revocation waits that long)."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        ttl: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = factory
        self._ttl = ttl
        self._monotonic = monotonic
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    def cached(self, key: str) -> Toegang | None:
        """The remembered access of a key, without touching the database."""
        hit = self._cache.get(fingerprint(key))
        if hit is not None and hit.until > self._monotonic():
            return hit.toegang
        return None

    def find(self, key: str) -> Toegang | None:
        """The access of a key, from memory or the database; None for unknown or revoked."""
        toegang = self.cached(key)
        if toegang is not None:
            return toegang
        with self._factory() as session:
            toegang = lookup(session, key)
        digest = fingerprint(key)
        with self._lock:
            if toegang is None:
                self._cache.pop(digest, None)
            elif self._ttl > 0:
                self._cache[digest] = _Cached(toegang, self._monotonic() + self._ttl)
        return toegang
