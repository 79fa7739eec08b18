"""Process one posted message: refuse, or judge, store and answer it in one transaction."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Row
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app import clock as clocks
from app.access.toegang import Rol, Toegang
from app.checks import cross, intra
from app.checks.bericht import Bericht
from app.checks.cross.context import Context, Gemeentelijst, Productcodelijst
from app.deadlines.service import TIJDELIJK, Termijnbewaking
from app.declaraties.service import DeclaratieService
from app.ijw import parser
from app.ijw.builders.retour import (
    ACCEPTED,
    CODE_GEEN_OPMERKING,
    CODE_NIET_BEOORDEELD,
    Beoordeling,
    RetourKenmerken,
    build_retour,
    retour_type,
    technisch_afgekeurd,
)
from app.ijw.catalogue import BY_NAME
from app.ijw.schemas import SchemaRegistry
from app.ijw.views import JW305, JW307, JW315, JW317, StartProduct, StopProduct
from app.ingest import errors, repository
from app.ingest.apply import EERSTE_AANLEVERING, apply, tijdelijk_gestopt
from app.ingest.stand import SqlState
from app.logs import logger
from app.metrics import Metrics
from app.outbox.service import check_outgoing
from app.persistence.deferred import deferred
from app.persistence.models import Bericht as BerichtRow
from app.persistence.models import Toewijzing
from app.problem import Refusal
from app.toewijzingen.client import ClientgegevensOntbreken
from app.toewijzingen.overlap import ToewijzingOverlap
from app.toewijzingen.service import GemeenteToewijzingen
from app.verzoeken.service import VerzoekService

log = logger("ingest")
berichten_log = logger("berichten")

XML_TYPES = frozenset({"application/xml", "text/xml"})
CLAIM_ATTEMPTS = 3
"""Transactions a message gets: a concurrent twin that won a claim makes the next find it."""

CLIENT_DISCONNECTED = "client-disconnected"
CLIENT_CLOSED_REQUEST = 499
"""Recorded for a sender that went away mid-upload (nginx's code: no answer reaches it)."""
INTERNAL_ERROR = "internal-error"

NA_WIJZIGINGSVERZOEK = "37"
"""JZ588 37: the stop follows a VOW, which already changed the toewijzing."""

HEENBERICHTEN = frozenset({"JW315", "JW317", "JW305", "JW307"})
"""Messages a gemeente receives and answers with a retour."""

DECLARATIE = "JW323"
"""Judged per prestatie and answered with a JW325 through the outbox (IV087)."""

RETOUREN = {"JW302": "JW301", "JW320": "JW319"}
"""Retours a gemeente receives on its own messages, with the type each answers."""

GEACCEPTEERD = "geaccepteerd"
TECHNISCH_AFGEKEURD = "technisch_afgekeurd"
AFGEKEURD = "afgekeurd"
_GENERIC = frozenset({CODE_GEEN_OPMERKING, CODE_NIET_BEOORDEELD})


@dataclass(frozen=True, slots=True)
class Verwerkt:
    """How a message was answered: the body to send and what to log and count."""

    berichttype: str
    afzender: str
    uitkomst: str
    retourcodes: tuple[str, ...]
    media_type: str
    body: bytes
    bericht_id: int
    herhaald: bool = False


@dataclass(frozen=True, slots=True)
class Post:
    """One POST /berichten as the HTTP layer received it."""

    toegang: Toegang
    content_type: str | None
    received_at: datetime
    started: float
    """`time.perf_counter()` when the request arrived."""
    body: bytes | None = None
    """The complete body; None when reading it was refused or broken off."""
    weigering: Refusal | None = None
    """Why the body was refused while it was read (too large)."""


@dataclass(frozen=True, slots=True)
class Afgebroken:
    """The sender went away before its body was complete: recorded, nothing processed."""


@dataclass(frozen=True, slots=True)
class InterneFout:
    """A failure on our side: the transaction was rolled back and only the POST recorded."""


Antwoord = Verwerkt | Refusal | Afgebroken | InterneFout
"""What a POST is answered with."""

Transactie = Callable[[], AbstractContextManager[Session]]
"""Opens one transaction: committed when its block ends, rolled back when it raises."""


class IngestService:
    """The ingest flow for one deployment: its schemas, lists, gemeenten and clock."""

    def __init__(
        self,
        *,
        registry: SchemaRegistry,
        gemeenten: Gemeentelijst,
        served: frozenset[str],
        clock: clocks.Clock,
        productcodes: Productcodelijst | None = None,
        max_bytes: int = parser.DEFAULT_MAX_BYTES,
        verzoeken: VerzoekService | None = None,
        termijnen: Termijnbewaking | None = None,
        toewijzingen: GemeenteToewijzingen | None = None,
        declaraties: DeclaratieService | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.registry = registry
        self.gemeenten = gemeenten
        self.served = served
        self.clock = clock
        self.productcodes = productcodes
        self.max_bytes = max_bytes
        self.verzoeken = verzoeken
        self.termijnen = termijnen
        self.toewijzingen = toewijzingen
        self.declaraties = declaraties
        self.metrics = metrics

    def handle(self, transactie: Transactie, post: Post) -> Antwoord:
        """Refuse, or judge, store and answer one POST; every POST leaves an `ontvangst` row.

        A failure on our side is logged, recorded in a transaction of its own and answered
        `InterneFout`; a database that cannot be reached raises `OperationalError` (nothing
        is recorded then).
        """
        try:
            return self._handle(transactie, post)
        except OperationalError:
            raise
        except Exception:
            # The failed transaction was rolled back; the record of the POST gets one of its own.
            berichten_log.exception("interne fout bij een bericht")
            with transactie() as session:
                self._record(
                    session,
                    post,
                    http_status=500,
                    uitkomst=INTERNAL_ERROR,
                    detail="interne fout: het bericht is niet verwerkt",
                )
            return InterneFout()

    def _handle(self, transactie: Transactie, post: Post) -> Antwoord:
        body = post.body
        if post.weigering is not None or body is None:
            with transactie() as session:
                if post.weigering is not None:
                    return self._refused(session, post, post.weigering)
                return self._afgebroken(session, post)
        # Parse and judge what needs no stored state before the transaction: on SQLite it
        # holds the write lock, and every other message would wait for this one's CPU work.
        try:
            bericht = self._read_post(post, body)
            intra_afgekeurd = self.intra_afgekeurd(bericht)
        except Refusal as refusal:
            with transactie() as session:
                return self._refused(session, post, refusal)
        except Exception:
            self._interne_fout()
            raise
        for attempt in range(CLAIM_ATTEMPTS):
            try:
                # Writes nobody reads back go out together: at the next read, or at the end.
                with transactie() as session, deferred(session):
                    try:
                        verwerkt = self.process(session, body, bericht, intra_afgekeurd)
                    except Refusal as refusal:
                        return self._refused(session, post, refusal)
                    self._record(
                        session,
                        post,
                        http_status=200,
                        uitkomst="herhaald" if verwerkt.herhaald else verwerkt.uitkomst,
                        bericht_id=verwerkt.bericht_id,
                        keep_body=False,
                    )
            except IntegrityError:
                # A concurrent twin claimed the identification first; the next transaction
                # finds its answer.
                if attempt == CLAIM_ATTEMPTS - 1:
                    self._interne_fout()
                    raise
                continue
            except OperationalError:
                raise
            except Exception:
                self._interne_fout()
                raise
            self._account(verwerkt, post.started)
            return verwerkt
        raise AssertionError("unreachable")

    def _read_post(self, post: Post, body: bytes) -> Bericht:
        """Refuse what is no message for this key; else the schema-valid message."""
        content_type = post.content_type
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type not in XML_TYPES:
            raise errors.UnsupportedMediaType(
                f"Content-Type {content_type or '(geen)'} is geen application/xml of text/xml"
            )
        bericht = self.read(body)
        toegang = post.toegang
        if toegang.rol is Rol.AANBIEDER and aanbieder_van(bericht) != toegang.agb:
            raise errors.AanbiederNotAllowed(
                f"deze sleutel post voor aanbieder {toegang.agb}; het bericht is van een andere "
                "aanbieder"
            )
        return bericht

    def _record(
        self,
        session: Session,
        post: Post,
        *,
        http_status: int,
        uitkomst: str,
        detail: str | None = None,
        bericht_id: int | None = None,
        keep_body: bool = True,
    ) -> None:
        """Write the one `ontvangst` row of a POST; the body itself only when not stored else."""
        body = post.body
        repository.record_ontvangst(
            session,
            received_at=post.received_at,
            content_type=post.content_type,
            size=len(body) if body is not None else 0,
            sha256=hashlib.sha256(body).hexdigest() if body is not None else None,
            body=body if keep_body else None,
            http_status=http_status,
            uitkomst=uitkomst,
            detail=detail,
            bericht_id=bericht_id,
            key_id=post.toegang.key_id,
        )

    def _refused(self, session: Session, post: Post, refusal: Refusal) -> Refusal:
        self._record(
            session,
            post,
            http_status=refusal.status_code,
            uitkomst=refusal.slug,
            detail=refusal.detail[:2000],
        )
        berichttype = getattr(refusal, "message_type", "onbekend")
        seconds = time.perf_counter() - post.started
        if self.metrics is not None:
            self.metrics.observe(berichttype, refusal.slug, (), seconds)
        berichten_log.info(
            "bericht geweigerd",
            extra={
                "berichttype": berichttype,
                "uitkomst": refusal.slug,
                "http_status": refusal.status_code,
                "duration_ms": round(seconds * 1000, 2),
            },
        )
        return refusal

    def _afgebroken(self, session: Session, post: Post) -> Afgebroken:
        self._record(
            session,
            post,
            http_status=CLIENT_CLOSED_REQUEST,
            uitkomst=CLIENT_DISCONNECTED,
            detail="de verbinding werd verbroken voordat het bericht volledig was ontvangen",
        )
        seconds = time.perf_counter() - post.started
        if self.metrics is not None:
            self.metrics.observe("onbekend", CLIENT_DISCONNECTED, (), seconds)
        berichten_log.warning(
            "bericht afgebroken",
            extra={
                "uitkomst": CLIENT_DISCONNECTED,
                "http_status": CLIENT_CLOSED_REQUEST,
                "duration_ms": round(seconds * 1000, 2),
            },
        )
        return Afgebroken()

    def _interne_fout(self) -> None:
        if self.metrics is not None:
            self.metrics.interne_fouten.inc()

    def _account(self, verwerkt: Verwerkt, started: float) -> None:
        seconds = time.perf_counter() - started
        uitkomst = "herhaald" if verwerkt.herhaald else verwerkt.uitkomst
        if self.metrics is not None:
            self.metrics.observe(
                verwerkt.berichttype,
                uitkomst,
                () if verwerkt.herhaald else verwerkt.retourcodes,
                seconds,
            )
        berichten_log.info(
            "bericht verwerkt",
            extra={
                "berichttype": verwerkt.berichttype,
                "afzender": verwerkt.afzender,
                "uitkomst": uitkomst,
                "retourcodes": list(verwerkt.retourcodes),
                "http_status": 200,
                "duration_ms": round(seconds * 1000, 2),
            },
        )

    def read(self, body: bytes) -> Bericht:
        """Parse, identify and schema-check a body; raises a `Refusal` for what is no message."""
        parsed = parser.parse(body, self.max_bytes)
        name = parsed.type.name
        receives = name in HEENBERICHTEN or name in RETOUREN
        if not receives and not (name == DECLARATIE and self.declaraties is not None):
            raise errors.NotReceived(f"a gemeente does not receive {name} ({parsed.type.titel})")
        report = self.registry.report(parsed.type, parsed.root)
        if not report.valid:
            raise errors.SchemaInvalid(name, list(report.errors), report.total)
        bericht = Bericht.read(parsed.type, parsed.root)
        gemeente = _gemeente(bericht)
        if gemeente not in self.served:
            raise errors.GemeenteNotServed(
                f"gemeente {gemeente} wordt door deze installatie niet bediend"
            )
        return bericht

    def intra_afgekeurd(self, bericht: Bericht) -> bool:
        """Whether a heenbericht breaks an intra-message rule (level 2, retourcode 0001).

        Needs no stored state, so callers judge it before they open the transaction.
        """
        return bericht.type.name in HEENBERICHTEN and bool(intra.run(bericht, limit=1))

    def process(
        self, session: Session, body: bytes, bericht: Bericht, intra_afgekeurd: bool | None = None
    ) -> Verwerkt:
        """Judge, store and answer a schema-valid message inside the caller's transaction.

        `intra_afgekeurd` is `intra_afgekeurd(bericht)` when the caller judged it already.
        Raises `IntegrityError` when a concurrent twin claimed the same identification first:
        the caller rolls back and calls again, and then finds the twin's answer (`handle`
        does).
        """
        sha256 = hashlib.sha256(body).hexdigest()
        if bericht.type.name in RETOUREN:
            return self._retour(session, body, bericht, sha256)
        if bericht.type.name == DECLARATIE:
            return self._declaratie(session, body, bericht, sha256)
        if intra_afgekeurd is None:
            intra_afgekeurd = self.intra_afgekeurd(bericht)
        return self._heenbericht(session, body, bericht, sha256, intra_afgekeurd)

    # --- declaraties: JW323, answered with a JW325 --------------------------------------

    def _declaratie(self, session: Session, body: bytes, bericht: Bericht, sha256: str) -> Verwerkt:
        declaraties = self.declaraties
        if declaraties is None:  # `read` refuses a JW323 already when no service judges them
            name = bericht.type.name
            raise errors.NotReceived(f"a gemeente does not receive {name} ({bericht.type.titel})")
        header = bericht.header
        gemeente = header.ontvanger
        key = (header.afzender, header.berichtcode, header.identificatie)
        claimed = repository.claimed_by(
            session, *key, lock=_client_lock(session, gemeente, header.afzender, "declaratie")
        )
        if claimed is not None:
            earlier = (
                claimed
                if claimed.sha256 == sha256
                else repository.same_message(
                    session, gemeente, bericht.type.name, header.identificatie, sha256
                )
            )
            if earlier is not None:
                return self._replay(session, earlier)
        now = self.clock.now()
        beoordeling = declaraties.beoordeel(
            session, bericht, clocks.date_of(now), identificatie_bekend=claimed is not None
        )
        status, codes = beoordeling.status, beoordeling.codes
        row_id = repository.insert_bericht(
            session, **_values(bericht, "in", gemeente, body, sha256, now, status, codes)
        )
        if claimed is None:
            repository.claim(session, (*key, row_id))
        xml = declaraties.beantwoord(session, bericht, row_id, beoordeling, now)
        return Verwerkt(
            bericht.type.name, header.afzender, status, codes, "application/xml", xml, row_id
        )

    # --- heenberichten: JW315, JW317, JW305, JW307 -------------------------------------

    def _heenbericht(
        self, session: Session, body: bytes, bericht: Bericht, sha256: str, intra_afgekeurd: bool
    ) -> Verwerkt:
        header = bericht.header
        gemeente = header.ontvanger
        key = (header.afzender, header.berichtcode, header.identificatie)
        claimed = repository.claimed_by(
            session,
            *key,
            lock=_client_lock(session, gemeente, header.afzender, bericht.view.client.bsn),
        )
        if claimed is not None:
            earlier = (
                claimed
                if claimed.sha256 == sha256
                else repository.same_message(
                    session, gemeente, bericht.type.name, header.identificatie, sha256
                )
            )
            if earlier is not None:
                return self._replay(session, earlier)

        now = self.clock.now()
        today = clocks.date_of(now)
        state = SqlState(session)
        state.remember_identificatie(*key, known=claimed is not None)
        _verwacht_verzoeken(state, bericht)
        uitkomst = self._judge(state, bericht, today, intra_afgekeurd)
        status, codes = _status(uitkomst), _codes(uitkomst)
        row_id, retour_id = repository.insert_bericht_reserving(
            session, **_values(bericht, "in", gemeente, body, sha256, now, status, codes)
        )
        retour = retour_type(bericht.type)
        kenmerken = RetourKenmerken(
            identificatie_retour=f"R{row_id:011d}",
            dagtekening_retour=today,
            xsd_versie_retour=self.registry[retour.name].versie,
        )
        xml = build_retour(bericht.type, bericht.root, kenmerken, uitkomst)
        check_outgoing(self.registry, retour, xml, rules=False)
        answer = _values(
            bericht, "uit", gemeente, xml, hashlib.sha256(xml).hexdigest(), now, status, codes
        )
        answer.update(
            type=retour.name,
            berichtcode=retour.berichtcode,
            identificatie_retour=kenmerken.identificatie_retour,
            beantwoordt_id=row_id,
        )
        if retour_id is not None:
            answer["id"] = retour_id
        answer_id = repository.insert_bericht(session, **answer)
        claims = [(gemeente, retour.berichtcode, kenmerken.identificatie_retour, answer_id)]
        if claimed is None:
            claims.insert(0, (*key, row_id))
        repository.claim(session, *claims)
        if uitkomst.accepted:
            verzoeken = apply(session, bericht, row_id, gemeente, now)
            if self.verzoeken is not None and verzoeken:
                self.verzoeken.na_ontvangst(session, bericht, verzoeken, now)
            if self.termijnen is not None:
                self._termijnen(session, state, self.termijnen, bericht, gemeente, now)
        return Verwerkt(
            bericht.type.name, header.afzender, status, codes, "application/xml", xml, row_id
        )

    def _termijnen(
        self,
        session: Session,
        state: SqlState,
        termijnen: Termijnbewaking,
        bericht: Bericht,
        gemeente: str,
        now: datetime,
    ) -> None:
        """Meet the deadlines an accepted start, stop or request for change answers."""
        view = bericht.view
        if isinstance(view, JW317):
            termijnen.wijziging_ontvangen(
                session, gemeente, bericht.header.afzender, view.client.bsn, now
            )
            return
        if not isinstance(view, (JW305, JW307)):
            return
        for product in view.client.producten:
            if product.toewijzing_nummer is None:
                continue  # taakgericht: no toewijzing, no deadline
            row = state.toewijzing_rij(gemeente, product.toewijzing_nummer)
            if row is None:
                continue
            if product.status_aanlevering != EERSTE_AANLEVERING:
                if isinstance(product, StartProduct):
                    termijnen.start_verwijderd(session, row, now)
                else:
                    termijnen.stop_verwijderd(session, row, now)
            elif isinstance(product, StartProduct):
                termijnen.start_ontvangen(session, row, product.begindatum, now)
            else:
                termijnen.stop_ontvangen(
                    session,
                    row,
                    product.einddatum,
                    product.reden_beeindiging,
                    now,
                    na_tijdelijk=_tijdelijk_gestopt(state, bericht, row),
                )
                self._inkorten(session, termijnen, row, product, now)

    def _inkorten(
        self,
        session: Session,
        termijnen: Termijnbewaking,
        row: Row,
        stop: StopProduct,
        now: datetime,
    ) -> None:
        """Where the region wants it, end the toewijzing on a definitive stop's Einddatum."""
        rule_set = termijnen.rule_sets.rule_set_for(row.gemeente)
        if (
            self.toewijzingen is None
            or rule_set is None
            or not rule_set.termijnen.inkorten_na_stop
            or stop.reden_beeindiging in (TIJDELIJK, NA_WIJZIGINGSVERZOEK)
            or stop.einddatum < row.ingangsdatum_date
            or (row.einddatum_date is not None and stop.einddatum >= row.einddatum_date)
        ):
            return
        toewijzing = session.get(Toewijzing, row.id)
        if toewijzing is None:  # read a moment ago in this transaction
            return
        try:
            self.toewijzingen.inkorten_na_stop(
                session,
                toewijzing,
                stop.einddatum,
                stop.reden_beeindiging,
                now,
            )
        except ClientgegevensOntbreken:
            log.warning(
                "toewijzing not shortened after its stop: no Contactgegevens",
                extra={"gemeente": row.gemeente, "toewijzing": row.nummer},
            )
        except ToewijzingOverlap as overlap:
            log.warning(
                "toewijzing not shortened after its stop: its JW301 would break TR302",
                extra={
                    "gemeente": row.gemeente,
                    "toewijzing": row.nummer,
                    "overlapt": overlap.extensions()["toewijzing_nummers"],
                },
            )

    def _judge(
        self, state: SqlState, bericht: Bericht, today: date, intra_afgekeurd: bool
    ) -> Beoordeling:
        if intra_afgekeurd:
            return technisch_afgekeurd(intra.XSLT_VERSIE)
        context = Context(
            state=state,
            today=today,
            gemeenten=self.gemeenten,
            productcodes=self.productcodes,
        )
        issues = cross.run(bericht, context)
        return cross.uitkomst(issues) if issues else ACCEPTED

    def _replay(self, session: Session, claimed: Row) -> Verwerkt:
        xml = repository.answer_xml(session, claimed.id)
        if xml is None:
            raise RuntimeError(f"message {claimed.id} was stored without its retour")
        return Verwerkt(
            claimed.type,
            claimed.afzender,
            claimed.uitkomst,
            _split(claimed.retourcodes),
            "application/xml",
            xml,
            claimed.id,
            herhaald=True,
        )

    # --- retours on our own messages: JW302, JW320 -------------------------------------

    def _retour(self, session: Session, body: bytes, bericht: Bericht, sha256: str) -> Verwerkt:
        header = bericht.header
        if header.identificatie_retour is None:  # the retours' schemas require it
            raise ValueError(f"{bericht.type.name} without IdentificatieRetour")
        key = (header.ontvanger, header.berichtcode, header.identificatie_retour)
        claimed = repository.claimed_by(session, *key)
        if claimed is not None:
            if claimed.sha256 != sha256:
                raise errors.RetourConflict(
                    f"IdentificatieRetour {header.identificatie_retour} van aanbieder "
                    f"{header.ontvanger} is al gebruikt voor een andere {bericht.type.name}"
                )
            return self._acknowledge(session, claimed, herhaald=True)
        heen = BY_NAME[RETOUREN[bericht.type.name]]
        # A retour answers only a message sent to its own aanbieder; one naming another
        # aanbieder's message is treated as naming an unknown one, revealing nothing.
        answered = repository.sent_message(
            session, header.afzender, header.ontvanger, heen.berichtcode, header.identificatie
        )
        codes = _retour_codes(bericht)
        values = _values(
            bericht,
            "in",
            header.afzender,
            body,
            sha256,
            self.clock.now(),
            GEACCEPTEERD if not codes else AFGEKEURD,
            codes,
        )
        values["identificatie_retour"] = header.identificatie_retour
        values["beantwoordt_id"] = answered.id if answered is not None else None
        row_id = repository.insert_bericht(session, **values)
        repository.claim(session, (*key, row_id))
        if answered is not None and self.termijnen is not None:
            self.termijnen.retour_ontvangen(session, answered.id, values["at"])
        claimed = repository.claimed_by(session, *key)
        if claimed is None:  # claimed a moment ago in this transaction
            raise RuntimeError(f"the claim of this {bericht.type.name} was not stored")
        return self._acknowledge(session, claimed, herhaald=False)

    def _acknowledge(self, session: Session, row: Row, *, herhaald: bool) -> Verwerkt:
        answered = session.get(BerichtRow, row.beantwoordt_id) if row.beantwoordt_id else None
        document = {
            "berichttype": row.type,
            "bericht_id": row.id,
            "geaccepteerd": row.uitkomst == GEACCEPTEERD,
            "retourcodes": list(_split(row.retourcodes)),
            "herhaald": herhaald,
            "beantwoordt": None
            if answered is None
            else {
                "berichttype": answered.type,
                "bericht_id": answered.id,
                "identificatie": answered.identificatie,
                "dagtekening": answered.dagtekening_date.isoformat(),
            },
        }
        return Verwerkt(
            row.type,
            row.ontvanger,
            row.uitkomst,
            _split(row.retourcodes),
            "application/json",
            json.dumps(document).encode(),
            row.id,
            herhaald=herhaald,
        )


def _client_lock(session: Session, gemeente: str, aanbieder: str, bsn: str) -> int | None:
    """The advisory lock that keeps messages about one client from interleaving (PostgreSQL).

    Checks read state and then write it. SQLite already serialises whole transactions.
    """
    if session.get_bind().dialect.name != "postgresql":
        return None
    digest = hashlib.blake2b(f"{gemeente}|{aanbieder}|{bsn}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def _tijdelijk_gestopt(state: SqlState, bericht: Bericht, row: Row) -> bool | None:
    """Whether a temporary stop of the stopped toewijzing is active, from the checks' state.

    Only the toewijzing's own client and aanbieder stop it (TR019), so their stops are all
    of its stops. None (ask the database) for a toewijzing of anyone else.
    """
    header, view = bericht.header, bericht.view
    if not isinstance(view, JW307) or (row.aanbieder, row.bsn) != (
        header.afzender,
        view.client.bsn,
    ):
        return None
    stored = state.stops(header.ontvanger, header.afzender, view.client.bsn)
    return tijdelijk_gestopt(stored, view.client, row.nummer)


def _verwacht_verzoeken(state: SqlState, bericht: Bericht) -> None:
    """Tell the state which references a request's checks ask about, to ask them in one go."""
    view = bericht.view
    if isinstance(view, JW315):
        referenties = [product.referentie_aanbieder for product in view.client.producten]
    elif isinstance(view, JW317):
        referenties = [view.client.verzoek.referentie_aanbieder]
    else:
        return
    header = bericht.header
    state.verwacht_verzoeken(header.ontvanger, header.afzender, view.client.bsn, referenties)


def aanbieder_van(bericht: Bericht) -> str:
    """The aanbieder a message is from: Afzender of a heenbericht, Ontvanger of a retour."""
    header = bericht.header
    return header.ontvanger if bericht.type.name in RETOUREN else header.afzender


def _gemeente(bericht: Bericht) -> str:
    """The gemeente a message concerns: Ontvanger of a heenbericht, Afzender of a retour."""
    header = bericht.header
    return header.afzender if bericht.type.name in RETOUREN else header.ontvanger


def _status(uitkomst: Beoordeling) -> str:
    if uitkomst.accepted:
        return GEACCEPTEERD
    if uitkomst.xslt_versie is not None:
        return TECHNISCH_AFGEKEURD
    return AFGEKEURD


def _codes(uitkomst: Beoordeling) -> tuple[str, ...]:
    """The codes that explain a rejection, each once: header codes, then class codes."""
    found = dict.fromkeys(uitkomst.header_codes)
    for codes in uitkomst.class_codes.values():
        found.update(dict.fromkeys(codes))
    return tuple(code for code in found if code not in _GENERIC)


def _retour_codes(bericht: Bericht) -> tuple[str, ...]:
    view = bericht.view
    found = dict.fromkeys(bericht.header.retourcodes)
    nested = (
        [view.client_retourcodes, *(p.retourcodes for p in view.producten)]
        if bericht.type.name == "JW302"
        else [view.antwoord_retourcodes]
    )
    for codes in nested:
        found.update(dict.fromkeys(codes))
    return tuple(code for code in found if code not in _GENERIC)


def _split(codes: str | None) -> tuple[str, ...]:
    return tuple(codes.split(",")) if codes else ()


def _values(
    bericht: Bericht,
    richting: str,
    gemeente: str,
    xml: bytes,
    sha256: str,
    at: datetime,
    uitkomst: str,
    codes: tuple[str, ...],
) -> dict:
    """Column values of a stored message: the heenbericht's header, with our verdict."""
    header = bericht.header
    return {
        "richting": richting,
        "type": bericht.type.name,
        "berichtcode": header.berichtcode,
        "afzender": header.afzender,
        "ontvanger": header.ontvanger,
        "gemeente": gemeente,
        "identificatie": header.identificatie,
        "dagtekening_date": header.dagtekening,
        "sha256": sha256,
        "xml": xml,
        "at": at,
        "uitkomst": uitkomst,
        "retourcodes": ",".join(codes) or None,
    }
