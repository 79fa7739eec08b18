"""POST /berichten: the message broker's way in."""

from __future__ import annotations

import hashlib
import time

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from app.access.toegang import Rol, Toegang
from app.api.auth import Afzender
from app.api.dependencies import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.api.problems import PROBLEM_JSON, refusal_response
from app.checks.bericht import Bericht
from app.ingest import errors
from app.ingest.service import Verwerkt, aanbieder_van
from app.logs import logger
from app.persistence import repository

router = APIRouter(tags=["berichten"])
log = logger("berichten")

XML_TYPES = frozenset({"application/xml", "text/xml"})
CLAIM_ATTEMPTS = 3

_PROBLEM = {"content": {PROBLEM_JSON: {}}}


@router.post(
    "/berichten",
    summary="Receive one iJw message",
    response_class=Response,
    responses={
        200: {
            "description": "The retourbericht (JW316/JW318/JW306/JW308), or for a JW302/JW320"
            " a JSON acknowledgement linking it to the message it answers.",
            "content": {"application/xml": {}, "application/json": {}},
        },
        400: {"description": "Not well-formed XML, not UTF-8, or a forbidden construct"} | _PROBLEM,
        401: {"description": "No valid API key"} | _PROBLEM,
        403: {
            "description": "Not a broker or aanbieder key, or an aanbieder key posting a"
            " message of another aanbieder"
        }
        | _PROBLEM,
        409: {"description": "A retour reusing another's IdentificatieRetour"} | _PROBLEM,
        413: {"description": "Body over the size limit"} | _PROBLEM,
        415: {"description": "Content-Type is not application/xml or text/xml"} | _PROBLEM,
        422: {
            "description": "Schema-invalid message (errors with lines), a message type a"
            " gemeente does not receive, another release, or a gemeente not served here"
        }
        | _PROBLEM,
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
            _refuse, services, uow, refusal, content_type, received_at, started
        )
    return await run_in_threadpool(
        _handle, services, uow, toegang, body, content_type, received_at, started
    )


async def _read(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise errors.TooLarge(f"body is {declared} bytes; the limit is {limit} bytes")
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
    refusal: errors.Refusal,
    content_type: str | None,
    received_at,
    started: float,
) -> Response:
    with uow.begin() as session:
        return _refused(services, session, refusal, content_type, None, received_at, started)


def _handle(
    services: Services,
    uow: UnitOfWork,
    toegang: Toegang,
    body: bytes,
    content_type: str | None,
    received_at,
    started: float,
) -> Response:
    with uow.begin() as session:
        try:
            media_type = (content_type or "").split(";")[0].strip().lower()
            if media_type not in XML_TYPES:
                raise errors.UnsupportedMediaType(
                    f"Content-Type {content_type or '(none)'} is not application/xml or text/xml"
                )
            bericht = services.ingest.read(body)
            _eigen_bericht(toegang, bericht)
            verwerkt = _process(services, session, body, bericht)
        except errors.Refusal as refusal:
            return _refused(services, session, refusal, content_type, body, received_at, started)
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
        )
    _account(services, verwerkt.berichttype, verwerkt, started)
    return Response(verwerkt.body, media_type=verwerkt.media_type)


def _eigen_bericht(toegang: Toegang, bericht: Bericht) -> None:
    """An aanbieder's key posts only messages from or answering its own AGB code."""
    if toegang.rol is Rol.AANBIEDER and aanbieder_van(bericht) != toegang.agb:
        raise errors.AanbiederNotAllowed(
            f"this key posts for aanbieder {toegang.agb}; the message is of another aanbieder"
        )


def _process(services: Services, session: Session, body: bytes, bericht) -> Verwerkt:
    """Process in this request's transaction; start it anew if a concurrent twin won a claim."""
    for attempt in range(CLAIM_ATTEMPTS):
        try:
            return services.ingest.process(session, body, bericht)
        except IntegrityError:
            session.rollback()
            if attempt == CLAIM_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _refused(
    services: Services,
    session: Session,
    refusal: errors.Refusal,
    content_type: str | None,
    body: bytes | None,
    received_at,
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
