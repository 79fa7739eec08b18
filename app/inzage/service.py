"""Look-ups for gemeente workers, each recorded in the audit log as a read of personal data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row
from sqlalchemy.orm import Session

from app.access.toegang import Toegang
from app.audit.record import Audit
from app.clock import date_of
from app.deadlines import onderwerp
from app.deadlines import repository as termijnen
from app.deadlines.onderwerp import Onderwerp
from app.deadlines.service import TOEWIJZING
from app.gebruikers.medewerker import Medewerker
from app.inzage import repository
from app.outbox import repository as outbox_repository
from app.persistence.models import (
    Bericht,
    Beslissing,
    Client,
    Toewijzing,
    Verwijzing,
    Verzoek,
    Vooroverleg,
)
from app.problem import Problem
from app.toewijzingen.rij import toewijzing_verwijderd
from app.verwijzingen import repository as verwijzing_repository
from app.verzoeken import repository as verzoek_repository
from app.vooroverleg import service as vooroverleg


class ToewijzingOnbekend(Problem):
    """No toewijzing with this number in a gemeente of the key's scope."""

    status_code = 404
    slug = "toewijzing-unknown"
    title = "Onbekende toewijzing"


Rij = Row
"""A row a look-up hands out as its query selected it (a version, a start, a referral)."""


class VerzoekOnbekendBijAanbieder(Problem):
    """No request of the aanbieder with this ReferentieAanbieder."""

    status_code = 404
    slug = "verzoek-unknown"
    title = "Onbekend verzoek"

    def __init__(self, aanbieder: str | None) -> None:
        # The reference is not echoed: it is the aanbieder's free text.
        super().__init__(f"geen verzoek van aanbieder {aanbieder} heeft deze ReferentieAanbieder")


class ReferentieDubbelzinnig(Problem):
    """The aanbieder used one ReferentieAanbieder in several gemeenten and named none."""

    status_code = 409
    slug = "referentie-ambiguous"
    title = "ReferentieAanbieder in meerdere gemeenten gebruikt"

    def __init__(self, gemeenten: list[str]) -> None:
        super().__init__(
            f"gemeenten {', '.join(gemeenten)} hebben elk een verzoek met deze "
            "ReferentieAanbieder: noem er één met de queryparameter `gemeente`"
        )
        self.gemeenten = gemeenten

    def extensions(self) -> dict:
        """The gemeenten to choose from."""
        return {"gemeenten": self.gemeenten}


@dataclass(frozen=True, slots=True)
class ToewijzingInzage:
    """A toewijzing with everything that happened to it."""

    toewijzing: Toewijzing
    client: Client | None
    versies: list[Row]
    starts: list[Row]
    stops: list[Row]
    signalen: list[Row]
    onderwerpen: dict[int, Onderwerp]
    vastleggingen: list[Row]
    verzoek: Verzoek | None
    verwijzing: Row | None


def toewijzing(
    session: Session, audit: Audit, toegang: Toegang, gemeente: str, nummer: int, now: datetime
) -> ToewijzingInzage:
    """A toewijzing of the key's gemeenten with its versions, starts, stops, signals, records."""
    row = repository.toewijzing(session, gemeente, nummer)
    if row is None or not toegang.ziet_gemeente(row.gemeente):
        raise ToewijzingOnbekend(f"gemeente {gemeente} heeft geen toewijzing {nummer}")
    audit.record(
        session,
        toegang,
        actie="GET /toewijzingen/{gemeente}/{nummer}",
        wat=f"toewijzing {nummer} (gemeente {gemeente})",
        gelezen=[(row.bsn, row.gemeente)],
        now=now,
    )
    verzoek = repository.verzoek(session, row.verzoek_id) if row.verzoek_id else None
    verwijzing = None
    if verzoek is not None:
        verwijzing = repository.verwijzing(
            session, verzoek.gemeente, verzoek.aanbieder, verzoek.referentie_aanbieder
        )
    signalen = termijnen.signalen_over(session, TOEWIJZING, row.id)
    return ToewijzingInzage(
        toewijzing=row,
        client=repository.client(session, row.gemeente, row.bsn),
        versies=repository.versies(session, row.id),
        starts=repository.starts(session, row.gemeente, row.nummer),
        stops=repository.stops(session, row.gemeente, row.nummer),
        signalen=signalen,
        onderwerpen=onderwerp.onderwerpen(session, signalen, met_naam=True),
        vastleggingen=termijnen.vastleggingen(session, row.id),
        verzoek=verzoek,
        verwijzing=verwijzing,
    )


@dataclass(frozen=True, slots=True)
class ClientInzage:
    """A client's requests and toewijzingen in the gemeenten searched, and the names known."""

    verzoeken: list[Verzoek]
    toewijzingen: list[Toewijzing]
    clienten: list[Client]


def client(
    session: Session,
    audit: Audit,
    toegang: Toegang,
    gemeenten: Iterable[str],
    bsn: str,
    now: datetime,
) -> ClientInzage:
    """Everything of one client in the gemeenten; a search is a read even when nothing is found."""
    gemeenten = sorted(gemeenten)
    verzoeken = repository.verzoeken_van_client(session, gemeenten, bsn)
    toewijzingen = repository.toewijzingen_van_client(session, gemeenten, bsn)
    clienten = [
        found
        for gemeente in gemeenten
        if (found := repository.client(session, gemeente, bsn)) is not None
    ]
    audit.record(
        session,
        toegang,
        actie="POST /clienten/zoeken",
        wat=f"{len(verzoeken)} verzoek(en) and {len(toewijzingen)} toewijzing(en) of one client"
        f" in gemeente(n) {', '.join(gemeenten)}",
        gelezen=[(bsn, gemeente) for gemeente in gemeenten],
        now=now,
    )
    return ClientInzage(verzoeken, toewijzingen, clienten)


@dataclass(frozen=True, slots=True)
class VerzoekenPagina:
    """A page of requests, newest first, and the cursor of the next page."""

    verzoeken: list[Verzoek]
    next: int | None


def verzoeken(
    session: Session,
    audit: Audit,
    toegang: Toegang,
    gemeenten: Iterable[str],
    *,
    referentie_aanbieder: str | None,
    status: str | None,
    aanbieder: str | None,
    after: int | None,
    limit: int,
    now: datetime,
) -> VerzoekenPagina:
    """Requests in the gemeenten by the filters given, whatever their status; audited."""
    found = repository.verzoeken(
        session,
        gemeenten,
        referentie_aanbieder=referentie_aanbieder,
        status=status,
        aanbieder=aanbieder,
        after=after,
        limit=limit,
    )
    next_cursor = None
    if len(found) > limit:
        found = found[:limit]
        next_cursor = found[-1].id
    shown = ", ".join(str(row.id) for row in found[:50]) + (", ..." if len(found) > 50 else "")
    audit.record(
        session,
        toegang,
        actie="GET /verzoeken",
        # audit_entry.wat holds 500 characters; long id lists are cut.
        wat=(f"{len(found)} verzoek(en)" + (f": {shown}" if found else ""))[:500],
        gelezen=[(row.bsn, row.gemeente) for row in found],
        now=now,
    )
    return VerzoekenPagina(found, next_cursor)


@dataclass(frozen=True, slots=True)
class ToewijzingVerloop:
    """A toewijzing with its versions (and their JW301), starts (JW305) and stops (JW307)."""

    toewijzing: Toewijzing
    versies: list[Row]
    starts: list[Row]
    stops: list[Row]


@dataclass(frozen=True, slots=True)
class ClientDossier:
    """Everything one gemeente holds on one client: data, requests, decisions, toewijzingen."""

    gemeente: str
    bsn: str
    client: Client | None
    verzoeken: list[Verzoek]
    beslissingen: dict[int, list[Beslissing]]
    berichten: dict[int, Bericht]
    verwijzingen: dict[int, Row]
    toewijzingen: list[ToewijzingVerloop]
    vooroverleggen: list[Vooroverleg]


def client_dossier(
    session: Session,
    audit: Audit,
    wie: Toegang | Medewerker,
    gemeente: str,
    bsn: str,
    *,
    actie: str,
    now: datetime,
) -> ClientDossier:
    """A client's file in one gemeente; the read is recorded in the audit log."""
    verzoeken = repository.verzoeken_van_client(session, [gemeente], bsn)
    beslissingen = verzoek_repository.beslissingen(session, [row.id for row in verzoeken])
    verwijzingen = {
        verzoek.id: found
        for verzoek in verzoeken
        if (
            found := repository.verwijzing(
                session, verzoek.gemeente, verzoek.aanbieder, verzoek.referentie_aanbieder
            )
        )
        is not None
    }
    toewijzingen = [
        ToewijzingVerloop(
            toewijzing=row,
            versies=repository.versies(session, row.id),
            starts=repository.starts(session, row.gemeente, row.nummer),
            stops=repository.stops(session, row.gemeente, row.nummer),
        )
        for row in repository.toewijzingen_van_client(session, [gemeente], bsn)
    ]
    audit.record(
        session,
        wie,
        actie=actie,
        wat=f"{len(verzoeken)} verzoek(en) and {len(toewijzingen)} toewijzing(en) of one client"
        f" in gemeente {gemeente}",
        gelezen=[(bsn, gemeente)],
        now=now,
    )
    antwoorden = [
        beslissing.bericht_id
        for lijst in beslissingen.values()
        for beslissing in lijst
        if beslissing.bericht_id is not None
    ]
    return ClientDossier(
        gemeente=gemeente,
        bsn=bsn,
        client=repository.client(session, gemeente, bsn),
        verzoeken=verzoeken,
        beslissingen=beslissingen,
        berichten=repository.berichten(session, antwoorden),
        verwijzingen=verwijzingen,
        toewijzingen=toewijzingen,
        vooroverleggen=vooroverleg.van_client(session, gemeente, bsn),
    )


@dataclass(frozen=True, slots=True)
class AanbiederVerzoek:
    """An aanbieder's own request with its decisions, the answers sent and what it led to."""

    verzoek: Verzoek
    beslissingen: list[Beslissing]
    antwoorden: list[Bericht]
    """The messages the decisions were sent with, by id."""
    toewijzing_nummers: list[int]
    verwijzing: Verwijzing | None


def aanbieder_verzoek(
    session: Session,
    audit: Audit,
    toegang: Toegang,
    referentie: str,
    gemeente: str | None,
    now: datetime,
) -> AanbiederVerzoek:
    """The key's aanbieder's request with this ReferentieAanbieder; the read is audited."""
    found = repository.verzoeken_met_referentie(session, toegang.agb, referentie, gemeente)
    if not found:
        raise VerzoekOnbekendBijAanbieder(toegang.agb)
    if len(found) > 1:
        raise ReferentieDubbelzinnig([row.gemeente for row in found])
    [verzoek] = found
    audit.record(
        session,
        toegang,
        actie="GET /api/v1/verzoeken/{referentie}",
        wat=f"verzoek {verzoek.id} (gemeente {verzoek.gemeente})",
        gelezen=[(verzoek.bsn, verzoek.gemeente)],
        now=now,
    )
    beslissingen = verzoek_repository.beslissingen(session, [verzoek.id])[verzoek.id]
    gevonden = repository.berichten(
        session, [record.bericht_id for record in beslissingen if record.bericht_id is not None]
    )
    return AanbiederVerzoek(
        verzoek=verzoek,
        beslissingen=beslissingen,
        antwoorden=[gevonden[bericht_id] for bericht_id in sorted(gevonden)],
        toewijzing_nummers=repository.nummers_van_verzoek(session, verzoek.id),
        verwijzing=verwijzing_repository.verwijzing(
            session, verzoek.gemeente, verzoek.aanbieder, verzoek.referentie_aanbieder
        ),
    )


def aanbieder_toewijzingen(
    session: Session,
    audit: Audit,
    toegang: Toegang,
    bsn: str,
    gemeente: str | None,
    gemeenten: list[str],
    *,
    actie: str,
    now: datetime,
) -> list[Toewijzing]:
    """The client's current toewijzingen at the key's aanbieder in the gemeenten; audited."""
    vandaag = date_of(now)
    lopend = repository.toewijzingen_bij_aanbieder(session, toegang.agb, bsn, gemeenten, vandaag)
    found = [row for row in lopend if not toewijzing_verwijderd(row)]
    # Nothing found is a read too: "who looked at this client" must find it.
    gelezen = sorted({row.gemeente for row in found}) or gemeenten
    audit.record(
        session,
        toegang,
        actie=actie,
        wat=_wat(found, gemeente),
        gelezen=[(bsn, code) for code in gelezen],
        now=now,
    )
    return found


def _wat(found: list[Toewijzing], gemeente: str | None) -> str:
    shown = ", ".join(f"{row.gemeente}/{row.nummer}" for row in found[:30])
    more = ", ..." if len(found) > 30 else ""
    scope = f"gemeente {gemeente}" if gemeente else "every gemeente served"
    return f"{len(found)} toewijzing(en) in {scope}" + (f": {shown}{more}" if found else "")


def bekende_client(session: Session, gemeente: str, bsn: str) -> Client | None:
    """The client data the gemeente holds (names, contacts), if any; the caller audits."""
    return repository.client(session, gemeente, bsn)


def toewijzing_van_client(
    session: Session, gemeente: str, bsn: str, nummer: int
) -> Toewijzing | None:
    """The client's toewijzing by number in the gemeente; another client's is not found."""
    if not 1 <= nummer <= 999_999_999:
        return None
    row = repository.toewijzing(session, gemeente, nummer)
    if row is None or row.bsn != bsn:
        return None
    return row


def toewijzing_op_id(session: Session, toewijzing_id: int) -> Toewijzing | None:
    """A toewijzing as it stands now, by its id."""
    return repository.toewijzing_op_id(session, toewijzing_id)


def verstuurd_aan_client(
    session: Session, bericht_ids: list[int], gemeente: str, bsn: str
) -> list[tuple[Bericht, str]]:
    """These outbox messages with their delivery status, only those about the client."""
    if not bericht_ids:
        return []
    return outbox_repository.aan_client(session, bericht_ids, gemeente, bsn)
