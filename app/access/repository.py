"""Queries on the API key table."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from app.persistence.models import ApiKey


def key_by_sha256(session: Session, sha256: str) -> ApiKey | None:
    """The key with this fingerprint, revoked or not."""
    return session.scalar(select(ApiKey).where(ApiKey.sha256 == sha256))


def active_key(session: Session, sha256: str) -> ApiKey | None:
    """The key with this fingerprint, if it is not revoked."""
    return session.scalars(
        select(ApiKey).where(ApiKey.sha256 == sha256, ApiKey.revoked_at.is_(None))
    ).one_or_none()


def active_keys_matching(session: Session, prefix: str, key_id: int | None) -> list[ApiKey]:
    """Keys not revoked whose shown prefix is `prefix` or whose id is `key_id`."""
    match = [ApiKey.prefix == prefix]
    if key_id is not None:
        match.append(ApiKey.id == key_id)
    return list(session.scalars(select(ApiKey).where(or_(*match), ApiKey.revoked_at.is_(None))))


def mark_revoked(session: Session, key_ids: list[int], now: datetime) -> None:
    """Set the revocation moment of these keys."""
    session.execute(update(ApiKey).where(ApiKey.id.in_(key_ids)).values(revoked_at=now))


def all_keys(session: Session) -> list[ApiKey]:
    """Every key, revoked ones too, oldest first."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))
