"""Vooroverleg: a gemeente worker records what was agreed with an aanbieder (rule A3)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse
from pydantic import ConfigDict, Field
from pydantic.json_schema import JsonDict

from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente, eigen_gemeenten
from app.decisions.context import VooroverlegKind
from app.fields import XML_TEKENS, Agb, Bsn, Gemeentecode, ProductIn, Wie
from app.problem import GemeenteNietBediend
from app.services import ServicesDep, UnitOfWorkDep
from app.strikt import Datum, Invoer
from app.vooroverleg import service
from app.vooroverleg.service import Akkoord, Vooroverleg

router = APIRouter(prefix="/vooroverleggen", tags=["vooroverleg"])

_AKKOORD: JsonDict = {
    "gemeente": "0153",
    "aanbieder": "87654321",
    "bsn": "999900018",
    "product": {"categorie": "45", "code": "45A48"},
    "max_minuten": 7200,
    "einddatum": "2027-06-30",
    "soort": "initieel",
    "vastgelegd_door": "j.devries",
}
_VASTGELEGD: JsonDict = {"id": 1, **_AKKOORD, "vastgelegd_at": "2026-11-20T09:30:00Z"}


class VooroverlegIn(Invoer):
    """What a gemeente worker agreed with an aanbieder for one client and product."""

    model_config = ConfigDict(json_schema_extra={"examples": [_AKKOORD]})

    gemeente: Gemeentecode
    aanbieder: Agb
    bsn: Bsn
    product: ProductIn
    max_minuten: int = Field(gt=0, le=99_999_999, examples=[7200])
    einddatum: Datum = Field(examples=["2027-06-30"])
    soort: Annotated[VooroverlegKind, Field(strict=False)]
    vastgelegd_door: Wie


class VooroverlegOut(VooroverlegIn):
    """A recorded vooroverleg."""

    model_config = ConfigDict(strict=False, json_schema_extra={"examples": [_VASTGELEGD]})

    id: int
    vastgelegd_at: datetime


def _out(row: Vooroverleg) -> VooroverlegOut:
    return VooroverlegOut(
        id=row.id,
        gemeente=row.gemeente,
        aanbieder=row.aanbieder,
        bsn=row.bsn,
        product=ProductIn(categorie=row.categorie, code=row.code),
        max_minuten=row.max_minuten,
        einddatum=row.einddatum_date,
        soort=VooroverlegKind(row.soort),
        vastgelegd_door=row.vastgelegd_door,
        vastgelegd_at=row.vastgelegd_at,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a vooroverleg",
    response_model=VooroverlegOut,
    responses={
        **openapi.UNREADABLE_BODY,
        **openapi.GEMEENTEWERKER,
        **openapi.NIET_BEDIEND,
        **openapi.invalid("Invalid input", openapi.INVALID_REQUEST),
    },
)
def record_vooroverleg(
    vooroverleg: VooroverlegIn, toegang: Gemeentewerker, services: ServicesDep, uow: UnitOfWorkDep
) -> Response:
    """Store an agreement; a later request within it is granted automatically (rule A3)."""
    if vooroverleg.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(vooroverleg.gemeente)
    eigen_gemeente(toegang, vooroverleg.gemeente)
    akkoord = Akkoord(
        gemeente=vooroverleg.gemeente,
        aanbieder=vooroverleg.aanbieder,
        bsn=vooroverleg.bsn,
        categorie=vooroverleg.product.categorie,
        code=vooroverleg.product.code,
        max_minuten=vooroverleg.max_minuten,
        einddatum=vooroverleg.einddatum,
        soort=vooroverleg.soort,
    )
    with uow.begin() as session:
        row = service.vastleggen(
            session,
            akkoord,
            vastgelegd_door=vooroverleg.vastgelegd_door,
            now=services.clock.now(),
        )
        body = _out(row)
    return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_201_CREATED)


@router.get(
    "",
    summary="List recorded vooroverleggen",
    response_model=list[VooroverlegOut],
    responses={
        200: {"content": {"application/json": {"example": [_VASTGELEGD]}}},
        **openapi.GEMEENTEWERKER,
        **openapi.invalid(),
    },
)
def list_vooroverleggen(
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
    bsn: Annotated[str | None, Query(pattern=r"^[0-9]{9}$"), XML_TEKENS] = None,
) -> list[VooroverlegOut]:
    """Vooroverleggen, oldest first, filtered by gemeente, aanbieder and client."""
    gemeenten = eigen_gemeenten(toegang, gemeente)
    with uow.begin() as session:
        rows = service.lijst(session, gemeenten, aanbieder=aanbieder, bsn=bsn)
        services.audit.record(
            session,
            toegang,
            actie="GET /vooroverleggen",
            wat=f"{len(rows)} vooroverleg(gen)" + (" of one client" if bsn else ""),
            gelezen=[(row.bsn, row.gemeente) for row in rows],
            now=services.clock.now(),
        )
        return [_out(row) for row in rows]
