"""Accounts for people: made and disabled by the operator, signed in with a password.

Passwords are kept only as argon2id hashes. A session is 256 random bits in the browser's
cookie and only its SHA-256 in the database, like an API key: a slow hash would only slow
every page down. Failed sign-ins are counted per name typed, known or not, so the lockout
says nothing about whether an account exists.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from app.clock import as_utc
from app.gebruikers import repository
from app.gebruikers.medewerker import ROLLEN, Medewerker, Rol
from app.ijw.gemeenten import load_gemeenten
from app.persistence.models import Gebruiker

MIN_WACHTWOORD = 12
MAX_WACHTWOORD = 1024
"""Longer input is refused before hashing: argon2 would spend its time on it for nothing."""
MAX_POGINGEN = 5
VENSTER = timedelta(minutes=15)
"""Five failures within this window lock the name until the oldest of them is this old."""
BIJWERKEN_NA = timedelta(seconds=60)
"""A session's last-seen moment is written at most this often (one write per page is waste)."""
_NAAM = re.compile(r"[a-z0-9][a-z0-9._@-]{1,99}")
_GEMEENTE = re.compile(r"[0-9]{4}")

_hasher = PasswordHasher()


class GebruikerGeweigerd(ValueError):
    """An account cannot be made or changed as asked; the message says why, in Dutch."""


def normaliseer(naam: str) -> str:
    """A name as stored and compared: without surrounding spaces, in lower case."""
    return naam.strip().lower()


def _geldige_naam(naam: str) -> str:
    gewoon = normaliseer(naam)
    if not _NAAM.fullmatch(gewoon):
        raise GebruikerGeweigerd(
            f"{naam!r} is geen geldige gebruikersnaam: 2 tot 100 tekens, alleen letters, "
            "cijfers en . _ @ -, beginnend met een letter of cijfer"
        )
    return gewoon


def _geldig_wachtwoord(wachtwoord: str) -> str:
    if len(wachtwoord) < MIN_WACHTWOORD:
        raise GebruikerGeweigerd(
            f"het wachtwoord is te kort: minimaal {MIN_WACHTWOORD} tekens, "
            f"dit heeft er {len(wachtwoord)}"
        )
    if len(wachtwoord) > MAX_WACHTWOORD:
        raise GebruikerGeweigerd(f"het wachtwoord is te lang: maximaal {MAX_WACHTWOORD} tekens")
    if wachtwoord != wachtwoord.strip():
        raise GebruikerGeweigerd("het wachtwoord begint of eindigt met een spatie")
    return wachtwoord


def _geldige_gemeenten(gemeenten: Iterable[str], bediend: frozenset[str]) -> list[str]:
    codes = sorted(set(gemeenten))
    if not codes:
        raise GebruikerGeweigerd("noem minstens één gemeente met --gemeente")
    fout = [code for code in codes if not _GEMEENTE.fullmatch(code)]
    if fout:
        raise GebruikerGeweigerd(f"{', '.join(fout)}: geen gemeentecode van 4 cijfers")
    lijst = load_gemeenten()
    onbekend = [code for code in codes if not lijst.bekend(code)]
    if onbekend:
        raise GebruikerGeweigerd(f"gemeente {', '.join(onbekend)} staat niet in de CBS-lijst")
    elders = [code for code in codes if code not in bediend]
    if elders:
        raise GebruikerGeweigerd(
            f"gemeente {', '.join(elders)} wordt hier niet bediend "
            f"(IJW_GEMEENTEN: {', '.join(sorted(bediend))})"
        )
    return codes


def aanmaken(
    session: Session,
    naam: str,
    *,
    rol: str,
    gemeenten: Iterable[str],
    wachtwoord: str,
    bediend: frozenset[str],
    now: datetime,
) -> Gebruiker:
    """Make an account after checking its name, role, gemeenten and password."""
    gewoon = _geldige_naam(naam)
    if rol not in ROLLEN:
        raise GebruikerGeweigerd(f"onbekende rol {rol!r}: kies uit {', '.join(ROLLEN)}")
    codes = _geldige_gemeenten(gemeenten, bediend)
    _geldig_wachtwoord(wachtwoord)
    if repository.bestaat(session, gewoon):
        raise GebruikerGeweigerd(f"er is al een gebruiker {gewoon}")
    return repository.toevoegen(
        session,
        naam=gewoon,
        wachtwoord_hash=_hasher.hash(wachtwoord),
        rol=rol,
        gemeenten=codes,
        now=now,
    )


def alle(session: Session) -> list[Gebruiker]:
    """Every account, by name."""
    return repository.alle(session)


def uitschakelen(session: Session, naam: str) -> Gebruiker:
    """Disable an account: it cannot sign in, and its open sessions stop working now."""
    row = repository.gebruiker(session, normaliseer(naam))
    if row is None:
        raise GebruikerGeweigerd(f"er is geen gebruiker {normaliseer(naam)}")
    repository.uitschakelen(session, row.id)
    return row


def medewerker_van(row: Gebruiker) -> Medewerker:
    """The signed-in person an account stands for."""
    return Medewerker(
        id=row.id,
        gebruikersnaam=row.naam,
        rol=cast(Rol, row.rol),
        gemeenten=frozenset(row.gemeenten or ()),
    )


@dataclass(frozen=True, slots=True)
class Geweigerd:
    """Wrong name or password (which of the two is not said)."""


@dataclass(frozen=True, slots=True)
class Geblokkeerd:
    """Too many failures under this name: sign-in is refused for `minuten` more minutes."""

    minuten: int


@cache
def _proefhash() -> str:
    """A hash to check unknown names against, so they take as long as known ones."""
    return _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class Poging:
    """A sign-in to check: the name as compared and the account's hash (None: no such name)."""

    naam: str
    gebruiker: Medewerker | None
    wachtwoord_hash: str | None


def poging(session: Session, naam: str, now: datetime) -> Poging | Geblokkeerd:
    """Begin a sign-in: refuse a locked name, else load what the password is checked against.

    The password is checked outside any transaction (argon2 takes its time on purpose), then
    :func:`afronden` records the outcome.
    """
    gewoon = normaliseer(naam)[:100]
    recent = repository.mislukt_sinds(session, gewoon, now - VENSTER)
    if len(recent) >= MAX_POGINGEN:
        vrij = as_utc(recent[-MAX_POGINGEN]) + VENSTER
        return Geblokkeerd(minuten=max(1, math.ceil((vrij - now).total_seconds() / 60)))
    row = repository.gebruiker(session, gewoon)
    if row is None or row.disabled:
        return Poging(gewoon, None, None)
    return Poging(gewoon, medewerker_van(row), row.wachtwoord_hash)


def controleer(poging: Poging, wachtwoord: str) -> bool:
    """Whether the password is the account's; the same work for an unknown or disabled one."""
    return _klopt(poging.wachtwoord_hash, wachtwoord) and poging.gebruiker is not None


def afronden(
    session: Session, poging: Poging, wachtwoord: str, gelukt: bool, now: datetime
) -> Medewerker | Geweigerd:
    """Record a checked sign-in: forget the name's failures on success, else count one more."""
    if gelukt and poging.gebruiker is not None and poging.wachtwoord_hash is not None:
        repository.mislukt_vergeten(session, poging.naam)
        if _hasher.check_needs_rehash(poging.wachtwoord_hash):
            repository.nieuwe_hash(session, poging.gebruiker.id, _hasher.hash(wachtwoord))
        return poging.gebruiker
    repository.mislukt_vergeten(session, poging.naam, voor=now - VENSTER)
    repository.mislukt(session, poging.naam, now)
    return Geweigerd()


def inloggen(
    session: Session, naam: str, wachtwoord: str, now: datetime
) -> Medewerker | Geweigerd | Geblokkeerd:
    """Check a name and password in one transaction (for callers without concurrency)."""
    begonnen = poging(session, naam, now)
    if isinstance(begonnen, Geblokkeerd):
        return begonnen
    return afronden(session, begonnen, wachtwoord, controleer(begonnen, wachtwoord), now)


def _klopt(wachtwoord_hash: str | None, wachtwoord: str) -> bool:
    """Whether the password matches the hash; the same work without one."""
    if not wachtwoord or len(wachtwoord) > MAX_WACHTWOORD:
        return False
    try:
        # An account of the identity provider has no hash: it is checked as an unknown one.
        return _hasher.verify(wachtwoord_hash or _proefhash(), wachtwoord) and bool(wachtwoord_hash)
    except (VerificationError, InvalidHashError):
        return False


def via_identity_provider(
    session: Session,
    *,
    subject: str,
    naam: str,
    rol: Rol,
    gemeenten: Iterable[str],
    now: datetime,
) -> Medewerker | None:
    """The person the identity provider signed in, with today's rights; None when disabled.

    The account is made at the first sign-in and its role and gemeenten follow the groups at
    every sign-in after; it has no password, so only the identity provider signs it in.
    """
    row = repository.met_subject(session, subject)
    if row is None:
        row = repository.toevoegen(
            session,
            naam=_vrije_naam(session, naam, subject),
            wachtwoord_hash="",
            rol=rol,
            gemeenten=gemeenten,
            now=now,
            oidc_subject=subject,
        )
    elif row.disabled:
        return None
    else:
        repository.rechten_bijwerken(session, row, rol=rol, gemeenten=gemeenten)
    return medewerker_van(row)


def _vrije_naam(session: Session, naam: str, subject: str) -> str:
    """The provider's user name when it fits ours and is free, else one made from the subject."""
    kandidaat = normaliseer(naam)
    if _NAAM.fullmatch(kandidaat) and not repository.bestaat(session, kandidaat):
        return kandidaat
    return "sso-" + hashlib.sha256(subject.encode("utf-8")).hexdigest()[:16]


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class NieuweSessie:
    """A session just started: the cookie's token (kept nowhere else) and its CSRF token."""

    token: str
    csrf_token: str


def sessie_starten(
    session: Session, medewerker: Medewerker, now: datetime, *, inactief: timedelta
) -> NieuweSessie:
    """Start a session for a signed-in person; sessions idle longer than `inactief` go."""
    repository.verlopen_sessies_opruimen(session, now - inactief)
    token = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    repository.sessie_toevoegen(
        session,
        token_sha256=_sha256(token),
        gebruiker_id=medewerker.id,
        csrf_token=csrf_token,
        now=now,
    )
    return NieuweSessie(token=token, csrf_token=csrf_token)


@dataclass(frozen=True, slots=True)
class ActieveSessie:
    """A valid session: whose it is and the CSRF token its forms carry."""

    id: int
    medewerker: Medewerker
    csrf_token: str


def sessie_van(
    session: Session, token: str, now: datetime, *, inactief: timedelta
) -> ActieveSessie | None:
    """The valid session of a cookie's token, marked as seen; an idle one is removed.

    Valid: it exists, was seen within `inactief`, and its account is not disabled.
    """
    found = repository.sessie(session, _sha256(token))
    if found is None:
        return None
    sessie, gebruiker = found
    gezien = as_utc(sessie.last_seen_at)
    if gebruiker.disabled or now - gezien >= inactief:
        repository.sessie_beeindigen(session, sessie.id)
        return None
    if now - gezien >= BIJWERKEN_NA:
        repository.sessie_gezien(session, sessie.id, now)
    return ActieveSessie(
        id=sessie.id, medewerker=medewerker_van(gebruiker), csrf_token=sessie.csrf_token
    )


def sessie_beeindigen(session: Session, sessie_id: int) -> None:
    """Sign out: the session's cookie no longer works."""
    repository.sessie_beeindigen(session, sessie_id)
