"""POST /berichten: the message broker's way in."""

from __future__ import annotations

import hashlib
import time
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from starlette.requests import ClientDisconnect

from app.access.toegang import Rol, Toegang
from app.api import openapi
from app.api.auth import Afzender
from app.api.dependencies import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.api.problems import problem, refusal_response
from app.checks.bericht import Bericht
from app.ingest import errors
from app.ingest.service import Verwerkt, aanbieder_van
from app.logs import logger
from app.persistence import repository

router = APIRouter(tags=["berichten"])
log = logger("berichten")

XML_TYPES = frozenset({"application/xml", "text/xml"})
CLAIM_ATTEMPTS = 3

CLIENT_DISCONNECTED = "client-disconnected"
CLIENT_CLOSED_REQUEST = 499
"""Recorded for a sender that went away mid-upload (nginx's code: no answer reaches it)."""
INTERNAL_ERROR = "internal-error"
NIET_VERWERKT = "het bericht is niet verwerkt en er is niets opgeslagen; de fout is vastgelegd"

JW315 = """<?xml version="1.0" encoding="UTF-8"?>
<jw315:Bericht xmlns:jw315="http://www.istandaarden.nl/ijw/3_2/jw315/schema" \
xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema">
  <jw315:Header>
    <jw315:BerichtCode>446</jw315:BerichtCode>
    <jw315:BerichtVersie>3</jw315:BerichtVersie>
    <jw315:BerichtSubversie>2</jw315:BerichtSubversie>
    <jw315:Afzender>87654321</jw315:Afzender>
    <jw315:Ontvanger>0153</jw315:Ontvanger>
    <jw315:BerichtIdentificatie>
      <ijw:Identificatie>VOT-1</ijw:Identificatie>
      <ijw:Dagtekening>2026-11-16</ijw:Dagtekening>
    </jw315:BerichtIdentificatie>
    <jw315:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </jw315:XsdVersie>
  </jw315:Header>
  <jw315:Client>
    <jw315:Bsn>999900018</jw315:Bsn>
    <jw315:Geboortedatum><ijw:Datum>2014-06-09</ijw:Datum></jw315:Geboortedatum>
    <jw315:Geslacht>2</jw315:Geslacht>
    <jw315:Naam><ijw:Geslachtsnaam><ijw:Achternaam>Jansen</ijw:Achternaam></ijw:Geslachtsnaam>\
</jw315:Naam>
    <jw315:AangevraagdeProducten>
      <jw315:AangevraagdProduct>
        <jw315:ReferentieAanbieder>VOT-2026-0042</jw315:ReferentieAanbieder>
        <jw315:Product><ijw:Categorie>45</ijw:Categorie><ijw:Code>45A48</ijw:Code></jw315:Product>
        <jw315:ToewijzingIngangsdatum>2026-12-01</jw315:ToewijzingIngangsdatum>
        <jw315:ToewijzingEinddatum>2027-05-31</jw315:ToewijzingEinddatum>
        <jw315:Omvang><ijw:Volume>90</ijw:Volume><ijw:Eenheid>01</ijw:Eenheid>\
<ijw:Frequentie>2</ijw:Frequentie></jw315:Omvang>
        <jw315:Verwijzer><ijw:Type>02</ijw:Type><ijw:ZorgverlenerCode>01012345</ijw:ZorgverlenerCode>\
</jw315:Verwijzer>
      </jw315:AangevraagdProduct>
    </jw315:AangevraagdeProducten>
  </jw315:Client>
</jw315:Bericht>
"""
"""A JW315 (verzoek om toewijzing) for gemeente 0153 from aanbieder 87654321."""

JW316 = """<?xml version="1.0" encoding="UTF-8"?>
<jw316:Bericht xmlns:jw316="http://www.istandaarden.nl/ijw/3_2/jw316/schema" \
xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema">
  <jw316:Header>
    <jw316:BerichtCode>447</jw316:BerichtCode>
    <jw316:BerichtVersie>3</jw316:BerichtVersie>
    <jw316:BerichtSubversie>2</jw316:BerichtSubversie>
    <jw316:Afzender>87654321</jw316:Afzender>
    <jw316:Ontvanger>0153</jw316:Ontvanger>
    <jw316:BerichtIdentificatie>
      <ijw:Identificatie>VOT-1</ijw:Identificatie>
      <ijw:Dagtekening>2026-11-16</ijw:Dagtekening>
    </jw316:BerichtIdentificatie>
    <jw316:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </jw316:XsdVersie>
    <jw316:IdentificatieRetour>R00000000001</jw316:IdentificatieRetour>
    <jw316:DagtekeningRetour>2026-11-20</jw316:DagtekeningRetour>
    <jw316:XsdVersieRetour>
      <ijw:BasisschemaXsdVersie>0.1.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>0.1.0</ijw:BerichtXsdVersie>
    </jw316:XsdVersieRetour>
  </jw316:Header>
</jw316:Bericht>
"""
"""Its retour without RetourCodes: the JW315 was accepted."""


class BeantwoordOut(BaseModel):
    """Our message a JW302 or JW320 answers."""

    berichttype: str = Field(examples=["JW301"])
    bericht_id: int
    identificatie: str
    dagtekening: date


class OntvangstOut(BaseModel):
    """The JSON acknowledgement of a JW302 or JW320 (no retourbericht answers a retour)."""

    berichttype: str = Field(examples=["JW302"])
    bericht_id: int
    geaccepteerd: bool = Field(description="The retour carries no RetourCodes")
    retourcodes: list[str]
    herhaald: bool = Field(description="The same retour was received before")
    beantwoordt: BeantwoordOut | None


ONTVANGST = {
    "berichttype": "JW302",
    "bericht_id": 12,
    "geaccepteerd": True,
    "retourcodes": [],
    "herhaald": False,
    "beantwoordt": {
        "berichttype": "JW301",
        "bericht_id": 4,
        "identificatie": "4",
        "dagtekening": "2026-11-20",
    },
}

_BERICHT = {"schema": {"type": "string", "format": "binary"}, "example": JW315}


def _refusal(status: int, slug: str, title: str, detail: str, **members: Any) -> dict:
    return openapi.problem_example(status, slug, title, detail, **members)


@router.post(
    "/berichten",
    summary="Receive one iJw message",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One iJw 3.2 message as sent, UTF-8 XML",
            "content": {"application/xml": _BERICHT, "text/xml": _BERICHT},
        }
    },
    responses={
        200: {
            "description": "The retourbericht (JW316/JW318/JW306/JW308), the JW325 answering a"
            " JW323, or for a JW302/JW320 a JSON acknowledgement linking it to the message it"
            " answers.",
            "model": OntvangstOut,
            "content": {
                "application/xml": {"schema": {"type": "string"}, "example": JW316},
                "application/json": {"example": ONTVANGST},
            },
        },
        400: openapi.problem_response(
            "Not well-formed XML, not UTF-8, or a forbidden construct",
            _refusal(
                400,
                "not-well-formed",
                "Not well-formed XML",
                "not well-formed XML: Premature end of data in tag Bericht line 1, line 1",
            ),
            _refusal(
                400,
                "forbidden-construct",
                "Forbidden XML construct",
                "DOCTYPE and ENTITY declarations are not allowed in iJw messages",
            ),
        ),
        **openapi.key_refusals(
            openapi.problem_example(
                403,
                "forbidden-role",
                "Niet toegestaan voor deze rol",
                "een sleutel met rol gemeente kan dit endpoint niet gebruiken; nodig: broker of "
                "aanbieder",
            ),
            _refusal(
                403,
                "forbidden-afzender",
                "Bericht van een andere aanbieder",
                "deze sleutel post voor aanbieder 12345678; het bericht is van een andere "
                "aanbieder",
            ),
        ),
        409: openapi.problem_response(
            "A retour reusing another's IdentificatieRetour",
            _refusal(
                409,
                "retour-identificatie-conflict",
                "IdentificatieRetour al gebruikt",
                "IdentificatieRetour R00000000007 van aanbieder 87654321 is al gebruikt"
                " voor een andere JW302",
            ),
        ),
        413: openapi.problem_response(
            "Body over the size limit",
            _refusal(
                413,
                "too-large",
                "Message too large",
                "de body is 2000000 bytes; de grens is 1048576 bytes",
            ),
        ),
        415: openapi.problem_response(
            "Content-Type is not application/xml or text/xml",
            _refusal(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                "Content-Type application/json is geen application/xml of text/xml",
            ),
        ),
        422: openapi.problem_response(
            "Schema-invalid message (errors with lines), a message type a gemeente does not"
            " receive, another release, or a gemeente not served here",
            _refusal(
                422,
                "schema-invalid",
                "Message fails its XSD",
                "JW315 fails its XSD with 1 error(s)",
                berichttype="JW315",
                errors=[
                    {
                        "line": 24,
                        "message": "Element 'jw315:Geslacht': [facet 'enumeration'] The value"
                        " '7' is not an element of the set {'0', '1', '2'}.",
                    }
                ],
                more_errors=0,
            ),
            _refusal(
                422,
                "gemeente-not-served",
                "Gemeente wordt hier niet bediend",
                "gemeente 0518 wordt door deze installatie niet bediend",
            ),
        ),
        500: openapi.problem_response(
            "A failure on our side: nothing of the message was stored but its record",
            _refusal(
                500,
                "internal-error",
                "Interne fout",
                NIET_VERWERKT,
            ),
        ),
        503: openapi.problem_response(
            "The database cannot be reached; nothing was stored, send the message again later",
            _refusal(
                503,
                "database-unavailable",
                "Database niet bereikbaar",
                "het bericht is niet verwerkt; stuur het later opnieuw",
            ),
        ),
    },
)
async def post_bericht(
    request: Request, toegang: Afzender, services: ServicesDep, uow: UnitOfWorkDep
) -> Response:
    """Validate, judge and store one message; answer with its retourbericht."""
    started = time.perf_counter()
    received_at = services.clock.now()
    content_type = request.headers.get("content-type")
    try:
        body = await _read(request, services.settings.max_body_bytes)
    except errors.TooLarge as refusal:
        return await run_in_threadpool(
            _refuse, services, uow, toegang, refusal, content_type, received_at, started
        )
    except ClientDisconnect:
        return await run_in_threadpool(
            _afgebroken, services, uow, toegang, content_type, received_at, started
        )
    try:
        return await run_in_threadpool(
            _handle, services, uow, toegang, body, content_type, received_at, started
        )
    except OperationalError:
        raise  # the database is away: answered 503 by the app's handler, nothing to record in
    except Exception:
        # The failed transaction was rolled back; the record of the POST gets one of its own.
        log.exception("interne fout bij een bericht")
        await run_in_threadpool(
            _interne_fout, uow, toegang, body, content_type, received_at, started
        )
        return problem(
            500,
            f"/problems/{INTERNAL_ERROR}",
            "Interne fout",
            NIET_VERWERKT,
        )


async def _read(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise errors.TooLarge(f"de body is {declared} bytes; de grens is {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise errors.TooLarge(f"body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(
    services: Services,
    uow: UnitOfWork,
    toegang: Toegang,
    refusal: errors.Refusal,
    content_type: str | None,
    received_at: datetime,
    started: float,
) -> Response:
    with uow.begin() as session:
        return _refused(
            services, session, toegang, refusal, content_type, None, received_at, started
        )


def _afgebroken(
    services: Services,
    uow: UnitOfWork,
    toegang: Toegang,
    content_type: str | None,
    received_at: datetime,
    started: float,
) -> Response:
    """The sender went away before its body was complete: recorded, nothing processed."""
    with uow.begin() as session:
        repository.record_ontvangst(
            session,
            received_at=received_at,
            content_type=content_type,
            size=0,
            sha256=None,
            body=None,
            http_status=CLIENT_CLOSED_REQUEST,
            uitkomst=CLIENT_DISCONNECTED,
            detail="de verbinding werd verbroken voordat het bericht volledig was ontvangen",
            key_id=toegang.key_id,
        )
    seconds = time.perf_counter() - started
    services.metrics.observe("onbekend", CLIENT_DISCONNECTED, (), seconds)
    log.warning(
        "bericht afgebroken",
        extra={
            "uitkomst": CLIENT_DISCONNECTED,
            "http_status": CLIENT_CLOSED_REQUEST,
            "duration_ms": round(seconds * 1000, 2),
        },
    )
    return Response(status_code=CLIENT_CLOSED_REQUEST)


def _interne_fout(
    uow: UnitOfWork,
    toegang: Toegang,
    body: bytes,
    content_type: str | None,
    received_at: datetime,
    started: float,
) -> None:
    """Record a POST that failed on our side, in a transaction of its own; nothing else."""
    with uow.begin() as session:
        repository.record_ontvangst(
            session,
            received_at=received_at,
            content_type=content_type,
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
            body=body,
            http_status=500,
            uitkomst=INTERNAL_ERROR,
            detail="interne fout: het bericht is niet verwerkt",
            key_id=toegang.key_id,
        )


def _handle(
    services: Services,
    uow: UnitOfWork,
    toegang: Toegang,
    body: bytes,
    content_type: str | None,
    received_at: datetime,
    started: float,
) -> Response:
    # Parse and judge what needs no stored state before the transaction: on SQLite it holds
    # the write lock, and every other message would wait for this one's CPU work.
    try:
        bericht, intra_afgekeurd = _read_message(services, toegang, body, content_type)
    except errors.Refusal as refusal:
        with uow.begin() as session:
            return _refused(
                services, session, toegang, refusal, content_type, body, received_at, started
            )
    except Exception:
        services.metrics.interne_fouten.inc()
        raise
    with uow.begin() as session:
        try:
            verwerkt = _process(services, session, body, bericht, intra_afgekeurd)
        except errors.Refusal as refusal:
            return _refused(
                services, session, toegang, refusal, content_type, body, received_at, started
            )
        except OperationalError:
            raise  # the database is away: answered 503 by the app's handler
        except Exception:
            services.metrics.interne_fouten.inc()
            raise
        repository.record_ontvangst(
            session,
            received_at=received_at,
            content_type=content_type,
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
            body=None,
            http_status=200,
            uitkomst="herhaald" if verwerkt.herhaald else verwerkt.uitkomst,
            bericht_id=verwerkt.bericht_id,
            key_id=toegang.key_id,
        )
    _account(services, verwerkt.berichttype, verwerkt, started)
    return Response(verwerkt.body, media_type=verwerkt.media_type)


def _read_message(
    services: Services, toegang: Toegang, body: bytes, content_type: str | None
) -> tuple[Bericht, bool]:
    """Refuse what is no message for us; else the message and whether it breaks a level-2 rule."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in XML_TYPES:
        raise errors.UnsupportedMediaType(
            f"Content-Type {content_type or '(geen)'} is geen application/xml of text/xml"
        )
    bericht = services.ingest.read(body)
    _eigen_bericht(toegang, bericht)
    return bericht, services.ingest.intra_afgekeurd(bericht)


def _eigen_bericht(toegang: Toegang, bericht: Bericht) -> None:
    """An aanbieder's key posts only messages from or answering its own AGB code."""
    if toegang.rol is Rol.AANBIEDER and aanbieder_van(bericht) != toegang.agb:
        raise errors.AanbiederNotAllowed(
            f"deze sleutel post voor aanbieder {toegang.agb}; het bericht is van een andere "
            "aanbieder"
        )


def _process(
    services: Services, session: Session, body: bytes, bericht: Bericht, intra_afgekeurd: bool
) -> Verwerkt:
    """Process in this request's transaction; start it anew if a concurrent twin won a claim."""
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            return services.ingest.process(session, body, bericht, intra_afgekeurd)
        except IntegrityError:
            session.rollback()
            if attempt == CLAIM_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _refused(
    services: Services,
    session: Session,
    toegang: Toegang,
    refusal: errors.Refusal,
    content_type: str | None,
    body: bytes | None,
    received_at: datetime,
    started: float,
) -> Response:
    repository.record_ontvangst(
        session,
        received_at=received_at,
        content_type=content_type,
        size=len(body) if body is not None else 0,
        sha256=hashlib.sha256(body).hexdigest() if body is not None else None,
        body=body,
        http_status=refusal.status_code,
        uitkomst=refusal.slug,
        detail=refusal.detail[:2000],
        key_id=toegang.key_id,
    )
    berichttype = getattr(refusal, "message_type", "onbekend")
    seconds = time.perf_counter() - started
    services.metrics.observe(berichttype, refusal.slug, (), seconds)
    log.info(
        "bericht geweigerd",
        extra={
            "berichttype": berichttype,
            "uitkomst": refusal.slug,
            "http_status": refusal.status_code,
            "duration_ms": round(seconds * 1000, 2),
        },
    )
    return refusal_response(refusal)


def _account(services: Services, berichttype: str, verwerkt: Verwerkt, started: float) -> None:
    seconds = time.perf_counter() - started
    uitkomst = "herhaald" if verwerkt.herhaald else verwerkt.uitkomst
    services.metrics.observe(
        berichttype, uitkomst, () if verwerkt.herhaald else verwerkt.retourcodes, seconds
    )
    log.info(
        "bericht verwerkt",
        extra={
            "berichttype": berichttype,
            "afzender": verwerkt.afzender,
            "uitkomst": uitkomst,
            "retourcodes": list(verwerkt.retourcodes),
            "http_status": 200,
            "duration_ms": round(seconds * 1000, 2),
        },
    )
