"""The outbox: every message we send is checked, stored and queued here, or not at all.

Brokers read the queue a page at a time and acknowledge what they have; an operator revives a
dead-lettered message. Sending to the broker is the dispatcher's (`dispatcher.py`).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from lxml import etree
from sqlalchemy import Row
from sqlalchemy.orm import Session

from app.access.toegang import Rol, Toegang
from app.audit.record import Audit
from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.issue import Issue
from app.deadlines.service import Termijnbewaking
from app.ijw import parser
from app.ijw.builders.xml import BuiltXml
from app.ijw.catalogue import MessageType
from app.ijw.schemas import SchemaRegistry
from app.ingest import repository as berichten
from app.outbox import repository
from app.persistence.models import Bericht as BerichtRow
from app.persistence.models import Outbox
from app.problem import Problem

OutboxRij = Row
"""One outbox entry as the repository's queries return it (its columns by name)."""

_LEZER = etree.XMLParser(resolve_entities=False, no_network=True)


def clienten_in(entry: Outbox, xml: bytes) -> list[tuple[str, str]]:
    """The clients (BSN, gemeente) whose data a reader of this outbox message sees.

    A JW301 or JW319 is about one client, kept with the message; a JW325 names the client of
    each rejected prestatie in its XML (none when the declaratie was granted in full).
    """
    if entry.bsn is not None:
        return [(entry.bsn, entry.gemeente)]
    if entry.type != "JW325":
        return []
    root = etree.fromstring(xml, _LEZER)
    bsns = dict.fromkeys((bsn.text or "").strip() for bsn in root.iterfind(".//{*}Client/{*}Bsn"))
    return [(bsn, entry.gemeente) for bsn in bsns if bsn]


VERZONDEN = "verzonden"
"""`bericht.uitkomst` of an outgoing heenbericht that passed its checks."""


class OutgoingInvalid(RuntimeError):
    """A message we built breaks its schema or an intra-message rule: never stored as sendable."""

    def __init__(self, message_type: str, problems: list[str], issues: tuple[Issue, ...] = ()):
        super().__init__(f"built {message_type} is invalid: {'; '.join(problems)}")
        self.message_type = message_type
        self.problems = problems
        self.issues = issues


class OutboxOnbekend(Problem):
    """No outbox message with this id (or one of another aanbieder)."""

    status_code = 404
    slug = "outbox-unknown"
    title = "Onbekend outboxbericht"

    def __init__(self, outbox_id: int) -> None:
        super().__init__(f"geen id {outbox_id}")


class AlBezorgd(Problem):
    """A delivered message is never sent again."""

    status_code = 409
    slug = "outbox-delivered"
    title = "Al bezorgd"

    def __init__(self, outbox_id: int) -> None:
        super().__init__(f"outboxbericht {outbox_id} is bezorgd; het wordt niet opnieuw verstuurd")


class ToewijzingOngeldig(Problem):
    """A decision whose outgoing message would break a rule of the standard: nothing is stored."""

    status_code = 422
    slug = "toewijzing-invalid"
    title = "De toewijzing breekt een regel van de standaard"

    def __init__(self, detail: str, issues: tuple[Issue, ...], *, status_code: int = 422) -> None:
        super().__init__(detail)
        self.issues = issues
        self.status_code = status_code

    @classmethod
    def uit(
        cls, error: OutgoingInvalid, detail: str, *, status_code: int = 422
    ) -> ToewijzingOngeldig:
        """The refusal for a message that failed its checks, naming the rules it broke."""
        return cls(detail, error.issues, status_code=status_code)

    def extensions(self) -> dict:
        """The rules the message broke, by code and location."""
        return {
            "errors": [
                {"code": issue.code, "location": issue.location, "message": issue.message}
                for issue in self.issues
            ]
        }


def check_outgoing(
    registry: SchemaRegistry, message_type: MessageType, xml: bytes, *, rules: bool = True
) -> None:
    """Raise OutgoingInvalid unless `xml` passes its XSD and (with `rules`) the intra rules.

    A builder's own output is checked on the tree it was written from (see `BuiltXml`);
    any other bytes are parsed first.
    """
    root = xml.root if isinstance(xml, BuiltXml) else parser.parse(xml).root
    xsd = registry.errors(message_type, root)
    if xsd:
        raise OutgoingInvalid(message_type.name, [f"XSD: {error.message}" for error in xsd])
    if rules:
        issues = intra.run(Bericht.read(message_type, root))
        if issues:
            problems = [f"{issue.code} at {issue.location}: {issue.message}" for issue in issues]
            raise OutgoingInvalid(message_type.name, problems, tuple(issues))


class OutboxService:
    """Hands out identifications and queues checked JW301/JW319 messages for the aanbieder."""

    def __init__(self, registry: SchemaRegistry, termijnen: Termijnbewaking | None = None) -> None:
        self.registry = registry
        self.termijnen = termijnen

    def identificatie(self, session: Session, gemeente: str, message_type: MessageType) -> str:
        """A new Identificatie for our own message: its future `bericht` id (unique, TR056).

        Reserving the id takes no lock, unlike a counter row per gemeente that every
        concurrent answer would queue on until its transaction commits; and being the primary
        key, it needs no claim of its own.
        """
        return str(berichten.reserve_bericht_id(session))

    def put(
        self,
        session: Session,
        message_type: MessageType,
        xml: bytes,
        *,
        gemeente: str,
        aanbieder: str,
        bsn: str | None,
        identificatie: str,
        dagtekening: date,
        now: datetime,
        beantwoordt_id: int | None = None,
        retour_verwacht: bool = True,
    ) -> int:
        """Check, store and queue one message; returns its `bericht` id.

        `bsn` names the client a message is about (None for a JW325, which covers many);
        `beantwoordt_id` the received message it answers; a JW325 expects no retour.
        """
        check_outgoing(self.registry, message_type, xml)
        bericht_id = berichten.insert_bericht(
            session,
            id=int(identificatie),
            richting=berichten.UIT,
            type=message_type.name,
            berichtcode=message_type.berichtcode,
            afzender=gemeente,
            ontvanger=aanbieder,
            gemeente=gemeente,
            identificatie=identificatie,
            dagtekening_date=dagtekening,
            sha256=hashlib.sha256(xml).hexdigest(),
            xml=xml,
            at=now,
            uitkomst=VERZONDEN,
            retourcodes=None,
            identificatie_retour=None,
            beantwoordt_id=beantwoordt_id,
        )
        repository.queue(
            session,
            bericht_id=bericht_id,
            gemeente=gemeente,
            aanbieder=aanbieder,
            bsn=bsn,
            message_type=message_type.name,
            now=now,
        )
        if self.termijnen is not None and retour_verwacht:
            self.termijnen.bericht_verzonden(session, bericht_id, gemeente, aanbieder, now)
        return bericht_id


def page(
    session: Session,
    audit: Audit,
    toegang: Toegang,
    *,
    after: int,
    limit: int,
    gemeente: str | None,
    aanbieder: str | None,
    now: datetime,
) -> list[tuple[Outbox, BerichtRow]]:
    """Messages with an id above `after`, oldest first; the read is audited with its clients."""
    rows = repository.page(session, after, limit, gemeente, aanbieder)
    audit.record(
        session,
        toegang,
        actie="GET /outbox",
        wat=f"outbox {_ids(rows)}",
        gelezen=[client for entry, bericht in rows for client in clienten_in(entry, bericht.xml)],
        now=now,
    )
    return rows


def _ids(rows: list[tuple[Outbox, BerichtRow]]) -> str:
    if not rows:
        return "none"
    return f"{rows[0][0].id}..{rows[-1][0].id} ({len(rows)} message(s))"


def dead_letters(session: Session, limit: int) -> list[OutboxRij]:
    """The delivery state of dead-lettered messages, oldest first (never their content)."""
    return repository.dead(session, limit)


def acknowledge(session: Session, toegang: Toegang, outbox_id: int, now: datetime) -> OutboxRij:
    """A fetching broker has the message: it is never sent again. A repeat changes nothing.

    An aanbieder's key acknowledges only its own messages; another's is as unknown as a
    message that does not exist.
    """
    if toegang.rol is Rol.AANBIEDER:
        addressed = repository.aanbieder(session, outbox_id)
        if addressed is not None and not toegang.ziet_aanbieder(addressed):
            raise OutboxOnbekend(outbox_id)
    row = repository.acknowledge(session, outbox_id, now)
    if row is None:
        raise OutboxOnbekend(outbox_id)
    return row


def retry(session: Session, outbox_id: int) -> OutboxRij:
    """An operator's retry: a dead message is due again now; a waiting one is left as it is."""
    row = repository.revive(session, outbox_id)
    if row is None:
        raise OutboxOnbekend(outbox_id)
    if row.status == repository.BEZORGD:
        raise AlBezorgd(outbox_id)
    return row
