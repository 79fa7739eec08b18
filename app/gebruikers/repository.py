"""Every query on werkplek accounts, their sessions and failed sign-ins."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.persistence.models import Gebruiker, InlogPoging, WerkplekSessie


def gebruiker(session: Session, naam: str) -> Gebruiker | None:
    """The account with this name, disabled or not."""
    return session.scalars(select(Gebruiker).where(Gebruiker.naam == naam)).one_or_none()


def bestaat(session: Session, naam: str) -> bool:
    """Whether an account has this name."""
    return session.scalar(select(Gebruiker.id).where(Gebruiker.naam == naam)) is not None


def toevoegen(
    session: Session,
    *,
    naam: str,
    wachtwoord_hash: str,
    rol: str,
    gemeenten: Iterable[str],
    now: datetime,
    oidc_subject: str | None = None,
) -> Gebruiker:
    """Store a new account and give it its id."""
    row = Gebruiker(
        naam=naam,
        wachtwoord_hash=wachtwoord_hash,
        oidc_subject=oidc_subject,
        rol=rol,
        gemeenten=sorted(set(gemeenten)),
        disabled=False,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def alle(session: Session) -> list[Gebruiker]:
    """Every account, disabled ones too, by name."""
    return list(session.scalars(select(Gebruiker).order_by(Gebruiker.naam)))


def met_subject(session: Session, subject: str) -> Gebruiker | None:
    """The account the identity provider knows by this subject."""
    return session.scalars(select(Gebruiker).where(Gebruiker.oidc_subject == subject)).one_or_none()


def rechten_bijwerken(
    session: Session, row: Gebruiker, *, rol: str, gemeenten: Iterable[str]
) -> None:
    """Give an account the role and gemeenten its groups grant today."""
    row.rol = rol
    row.gemeenten = sorted(set(gemeenten))
    session.flush()


def nieuwe_hash(session: Session, gebruiker_id: int, wachtwoord_hash: str) -> None:
    """Replace an account's password hash (after a rehash with stronger parameters)."""
    session.execute(
        update(Gebruiker)
        .where(Gebruiker.id == gebruiker_id)
        .values(wachtwoord_hash=wachtwoord_hash)
    )


def uitschakelen(session: Session, gebruiker_id: int) -> None:
    """Disable an account and end all its sessions."""
    session.execute(update(Gebruiker).where(Gebruiker.id == gebruiker_id).values(disabled=True))
    session.execute(delete(WerkplekSessie).where(WerkplekSessie.gebruiker_id == gebruiker_id))


def mislukt(session: Session, naam: str, now: datetime) -> None:
    """Record a failed sign-in under the name typed."""
    session.add(InlogPoging(gebruikersnaam=naam, at=now))
    session.flush()


def mislukt_sinds(session: Session, naam: str, sinds: datetime) -> list[datetime]:
    """The moments of the failed sign-ins under this name after `sinds`, oldest first."""
    return list(
        session.scalars(
            select(InlogPoging.at)
            .where(InlogPoging.gebruikersnaam == naam, InlogPoging.at > sinds)
            .order_by(InlogPoging.at)
        )
    )


def mislukt_vergeten(session: Session, naam: str, *, voor: datetime | None = None) -> None:
    """Forget the failed sign-ins under this name (all, or those before `voor`)."""
    query = delete(InlogPoging).where(InlogPoging.gebruikersnaam == naam)
    if voor is not None:
        query = query.where(InlogPoging.at < voor)
    session.execute(query)


def sessie_toevoegen(
    session: Session, *, token_sha256: str, gebruiker_id: int, csrf_token: str, now: datetime
) -> WerkplekSessie:
    """Store a new session."""
    row = WerkplekSessie(
        token_sha256=token_sha256,
        gebruiker_id=gebruiker_id,
        csrf_token=csrf_token,
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    return row


def sessie(session: Session, token_sha256: str) -> tuple[WerkplekSessie, Gebruiker] | None:
    """The session with this token hash and its account, whatever their state."""
    row = session.execute(
        select(WerkplekSessie, Gebruiker)
        .join(Gebruiker, Gebruiker.id == WerkplekSessie.gebruiker_id)
        .where(WerkplekSessie.token_sha256 == token_sha256)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def sessie_gezien(session: Session, sessie_id: int, now: datetime) -> None:
    """Move a session's last-seen moment to now."""
    session.execute(
        update(WerkplekSessie).where(WerkplekSessie.id == sessie_id).values(last_seen_at=now)
    )


def sessie_beeindigen(session: Session, sessie_id: int) -> None:
    """Remove a session."""
    session.execute(delete(WerkplekSessie).where(WerkplekSessie.id == sessie_id))


def verlopen_sessies_opruimen(session: Session, gezien_voor: datetime) -> int:
    """Remove the sessions last seen before the moment; returns how many."""
    oud = list(
        session.scalars(select(WerkplekSessie.id).where(WerkplekSessie.last_seen_at < gezien_voor))
    )
    if oud:
        session.execute(delete(WerkplekSessie).where(WerkplekSessie.id.in_(oud)))
    return len(oud)


def aantal_sessies(session: Session, gebruiker_id: int) -> int:
    """How many sessions an account has open."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(WerkplekSessie)
            .where(WerkplekSessie.gebruiker_id == gebruiker_id)
        )
        or 0
    )
