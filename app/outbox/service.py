"""The outbox: every message we send is checked, stored and queued here, or not at all."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from lxml import etree
from sqlalchemy.orm import Session

from app.checks import intra
from app.checks.bericht import Bericht
from app.checks.issue import Issue
from app.deadlines.service import Termijnbewaking
from app.ijw import parser
from app.ijw.catalogue import MessageType
from app.ijw.schemas import SchemaRegistry
from app.persistence import repository
from app.persistence.models import Outbox
from app.problem import Problem

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
    """Raise OutgoingInvalid unless `xml` passes its XSD and (with `rules`) the intra rules."""
    parsed = parser.parse(xml)
    xsd = registry.errors(message_type, parsed.root)
    if xsd:
        raise OutgoingInvalid(message_type.name, [f"XSD: {error.message}" for error in xsd])
    if rules:
        issues = intra.run(Bericht.read(message_type, parsed.root))
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
        return str(repository.reserve_bericht_id(session))

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
        bericht_id = repository.insert_bericht(
            session,
            id=int(identificatie),
            richting=repository.UIT,
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
        repository.insert_rows(
            session,
            Outbox,
            [
                {
                    "bericht_id": bericht_id,
                    "gemeente": gemeente,
                    "aanbieder": aanbieder,
                    "bsn": bsn,
                    "type": message_type.name,
                    "created_at": now,
                }
            ],
        )
        if self.termijnen is not None and retour_verwacht:
            self.termijnen.bericht_verzonden(session, bericht_id, gemeente, aanbieder, now)
        return bericht_id
