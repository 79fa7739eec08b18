"""What a signal is about, as its reader needs it: the toewijzing or request, client, message."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app import keyset
from app.access.toegang import Toegang
from app.audit.record import Audit
from app.clock import date_of
from app.deadlines import repository
from app.deadlines.policy import Soort
from app.deadlines.repository import SignaalFilters
from app.deadlines.service import BERICHT, TOEWIJZING, VERZOEK
from app.gebruikers.medewerker import Medewerker
from app.persistence.models import Client

ActieBij = Literal["gemeente", "aanbieder"]

_GEMEENTE_DOET = frozenset(
    {Soort.ANTWOORD_VERZOEK, Soort.EINDANTWOORD, Soort.EVALUATIE, Soort.CONTACTMOMENT}
    | {Soort.BEZORGING, Soort.CLIENTGEGEVENS}
)
"""Kinds the gemeente (or its service) owes; the aanbieder owes every other kind."""

_RETOUR_OP = {"JW301": "JW302", "JW319": "JW320"}


@dataclass(frozen=True, slots=True)
class Onderwerp:
    """A signal's subject: the toewijzing or request, product, client, and what it waits for."""

    toewijzing_nummer: int | None
    referentie_aanbieder: str | None
    categorie: str | None
    code: str | None
    bsn: str | None
    naam: str | None
    """The client's name as the gemeente knows it; only for gemeente workers."""
    wacht_op: str
    actie_bij: ActieBij


ONBEKEND = Onderwerp(None, None, None, None, None, None, "", "gemeente")


def naam(row: Client | Row | None) -> str | None:
    """A client's name as a letter would address it: J. van Dijk."""
    if row is None:
        return None
    return " ".join(part for part in (row.voorletters, row.voorvoegsel, row.achternaam) if part)


def onderwerpen(
    session: Session, signalen: Sequence[Row], *, met_naam: bool
) -> dict[int, Onderwerp]:
    """The subject of each signal, by signal id, in a few queries for the whole list."""
    ids: dict[str, set[int]] = {VERZOEK: set(), TOEWIJZING: set(), BERICHT: set()}
    for signaal in signalen:
        ids.setdefault(signaal.onderwerp, set()).add(signaal.onderwerp_id)
    found = {
        VERZOEK: repository.verzoeken(session, ids[VERZOEK]),
        TOEWIJZING: repository.toewijzingen(session, ids[TOEWIJZING]),
        BERICHT: repository.berichten(session, ids[BERICHT]),
    }
    namen = {}
    if met_naam:
        clienten = {
            (row.gemeente, row.bsn)
            for rows in found.values()
            for row in rows.values()
            if row.bsn is not None
        }
        namen = repository.namen(session, clienten)
    result = {}
    for signaal in signalen:
        row = found.get(signaal.onderwerp, {}).get(signaal.onderwerp_id)
        result[signaal.id] = _onderwerp(signaal, row, namen)
    return result


def _onderwerp(signaal: Row, row: Row | None, namen: dict) -> Onderwerp:
    actie_bij: ActieBij = "gemeente" if signaal.soort in _GEMEENTE_DOET else "aanbieder"
    if row is None:
        return Onderwerp(None, None, None, None, None, None, _wacht_op(signaal, None), actie_bij)
    bsn = row.bsn
    return Onderwerp(
        toewijzing_nummer=getattr(row, "nummer", None),
        referentie_aanbieder=row.referentie_aanbieder,
        categorie=getattr(row, "categorie", None),
        code=getattr(row, "code", None),
        bsn=bsn,
        naam=naam(namen.get((row.gemeente, bsn))) if bsn is not None else None,
        wacht_op=_wacht_op(signaal, row),
        actie_bij=actie_bij,
    )


def _wacht_op(signaal: Row, row: Row | None) -> str:
    """The message or record that meets the signal, naming what it answers."""
    soort = signaal.soort
    if row is None:
        return {Soort.BEZORGING: "bezorging aan de broker"}.get(soort, soort)
    if signaal.onderwerp == VERZOEK:
        verzoek = f"{row.soort} {row.referentie_aanbieder}"
        if soort == Soort.EINDANTWOORD:
            return f"JW301 of afwijzing (JW319) op {verzoek}"
        return f"JW301 of JW319 op {verzoek}"
    if signaal.onderwerp == BERICHT:
        bericht = f"{row.type} {row.identificatie}"
        if soort == Soort.RETOUR:
            return f"{_RETOUR_OP.get(row.type, 'retour')} op {bericht}"
        return f"bezorging van {bericht} aan de broker"
    toewijzing = f"toewijzing {row.nummer}"
    return {
        Soort.START_ZORG: f"JW305 op {toewijzing}",
        Soort.STOP_ZORG: f"JW307 op {toewijzing}",
        Soort.VERWIJZING_START: f"JW305 op {toewijzing} binnen de geldigheid van de verwijzing",
        Soort.VERLENGING: f"verlengingsmelding of JW317 op {toewijzing}",
        Soort.EVALUATIE: f"evaluatie van {toewijzing}",
        Soort.CONTACTMOMENT: f"contactmoment over {toewijzing}",
    }.get(soort, f"{soort} op {toewijzing}")


SignaalRij = Row
"""A stored signal as a page hands it out: read by the routers, never queried."""


@dataclass(frozen=True, slots=True)
class SignalenPagina:
    """One page of signals with their subjects, and the cursor of the next page."""

    signalen: list[Row]
    onderwerpen: dict[int, Onderwerp]
    next: str | None


def pagina(
    session: Session,
    audit: Audit,
    toegang: Toegang | Medewerker,
    filters: SignaalFilters,
    gemeenten: frozenset[str] | None,
    *,
    limit: int,
    now: datetime,
    actie: str,
    met_naam: bool,
) -> SignalenPagina:
    """A page of signals with their subjects; the clients shown are recorded as read."""
    found = repository.signalen(session, filters, gemeenten, date_of(now), limit)
    next_cursor = None
    if len(found) > limit:
        found = found[:limit]
        last = found[-1]
        next_cursor = keyset.cursor(last.due_date, last.id)
    subjects = onderwerpen(session, found, met_naam=met_naam)
    shown = ", ".join(str(row.id) for row in found[:50]) + (", ..." if len(found) > 50 else "")
    audit.record(
        session,
        toegang,
        actie=actie,
        # audit_entry.wat holds 500 characters; long id lists are cut.
        wat=(f"{len(found)} signalen" + (f": {shown}" if found else ""))[:500],
        gelezen=[(bsn, row.gemeente) for row in found if (bsn := subjects[row.id].bsn)],
        now=now,
    )
    return SignalenPagina(found, subjects, next_cursor)


def signaal_van(session: Session, gemeenten: Collection[str], signaal_id: int) -> SignaalRij | None:
    """A signal by id, if it is of one of the gemeenten."""
    row = repository.signaal(session, signaal_id)
    if row is None or row.gemeente not in gemeenten:
        return None
    return row


def toewijzing_nummer(session: Session, signaal: SignaalRij) -> int | None:
    """The number of the toewijzing a signal is about; None for another subject."""
    if signaal.onderwerp != TOEWIJZING:
        return None
    found = repository.toewijzingen(session, {signaal.onderwerp_id}).get(signaal.onderwerp_id)
    return found.nummer if found is not None else None
