"""Liveness, readiness and metrics for operators."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel, Field

from app.api import openapi
from app.api.auth import Operator
from app.bootstrap import NietGereed, readiness_problems
from app.deadlines.scan import overdue_per_soort
from app.ijw.catalogue import MESSAGE_TYPES
from app.services import Services, ServicesDep

router = APIRouter(tags=["operations"])

METRICS_EXAMPLE = """\
# HELP ijw_berichten_total Posted messages by message type and outcome.
# TYPE ijw_berichten_total counter
ijw_berichten_total{berichttype="JW315",uitkomst="geaccepteerd"} 42.0
"""


class Levend(BaseModel):
    """The process answers."""

    status: Literal["live"]


class Gereed(BaseModel):
    """The service can process messages; `brp` tells whether the BRP answered, when configured."""

    status: Literal["ready"]
    brp: Literal["bereikbaar", "onbereikbaar", "onbekend"] | None = Field(
        None,
        description="Whether the last BRP call got an answer (onbekend: none yet); absent "
        "without IJW_BRP_URL. The BRP away never makes the service unready: grants wait for it.",
    )
    identity_provider: Literal["bereikbaar", "onbereikbaar"] | None = Field(
        None,
        description="Whether the werkplek's identity provider answered its discovery request "
        "(checked at most every 30 s); absent without IJW_OIDC_ISSUER. It never makes the "
        "service unready: messages and the API do not need it.",
    )


@router.get(
    "/health/live",
    summary="The process is up",
    response_model=Levend,
    responses={200: {"content": {"application/json": {"example": {"status": "live"}}}}},
)
def live() -> dict[str, str]:
    """Always 200 while the process answers; the one endpoint that needs no key."""
    return {"status": "live"}


@router.get(
    "/health/ready",
    summary="Database reachable, migrations at head, schemas compiled",
    response_model=Gereed,
    responses={
        200: {"content": {"application/json": {"example": {"status": "ready"}}}},
        **openapi.OPERATOR,
        503: openapi.problem_response(
            "Not ready; `problems` names what is wrong",
            openapi.problem_example(
                503,
                "not-ready",
                "Not ready",
                "database at migration a2bb0d744218, code expects 8ae70a330ce3",
                problems=["database at migration a2bb0d744218, code expects 8ae70a330ce3"],
            ),
        ),
    },
)
async def ready(toegang: Operator, services: ServicesDep) -> Response:
    """200 when the service can process messages, else 503 naming each problem."""
    problems = await run_in_threadpool(_problems, services)
    if problems:
        raise NietGereed(problems)
    if services.brp is None and services.oidc is None:
        return Response('{"status":"ready"}', media_type="application/json")
    gereed: dict[str, str] = {"status": "ready"}
    if services.brp is not None:
        laatst = services.brp.laatst_bereikbaar
        gereed["brp"] = "onbekend" if laatst is None else "bereikbaar" if laatst else "onbereikbaar"
    if services.oidc is not None:
        antwoordt = await run_in_threadpool(services.oidc.bereikbaar)
        gereed["identity_provider"] = "bereikbaar" if antwoordt else "onbereikbaar"
    return JSONResponse(gereed)


def _problems(services: Services) -> list[str]:
    found = readiness_problems(services.engine)
    missing = [m.name for m in MESSAGE_TYPES if not _compiled(services, m.name)]
    if missing:
        found.append(f"schemas not compiled: {', '.join(missing)}")
    return found


def _compiled(services: Services, name: str) -> bool:
    try:
        return services.registry[name].schema is not None
    except KeyError:
        return False


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={
        200: {
            "description": "The Prometheus text exposition format",
            "content": {"text/plain": {"schema": {"type": "string"}, "example": METRICS_EXAMPLE}},
        },
        **openapi.OPERATOR,
    },
)
def metrics(toegang: Operator, services: ServicesDep) -> Response:
    """Counters, histograms and overdue signals in the Prometheus text format."""
    return Response(
        services.metrics.exposition(overdue_per_soort(services.engine)),
        media_type=CONTENT_TYPE_LATEST,
    )
