"""Declared against granted, for gemeente workers: JSON and CSV, each read audited.

Per toewijzing the minutes granted over its period (cut to `van`–`tot` when given), the
accepted declared minutes (debet minus credit) of prestaties within that window, the share
used and whether more was declared than granted; totals per gemeente, aanbieder and product.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from pydantic.json_schema import JsonDict

from app.access.toegang import Toegang
from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeenten
from app.declaraties.rapport import CSV_KOLOMMEN, csv_item, csv_tekst, verbruik_regels
from app.declaraties.verbruik import Regel, Totaal, product, totalen
from app.fields import XML_TEKENS, Agb, Gemeentecode
from app.problem import GemeenteNietBediend
from app.services import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.strikt import Datum

router = APIRouter(tags=["rapportages"])

CSV_COLUMNS = CSV_KOLOMMEN
_REFUSALS = {
    **openapi.GEMEENTEWERKER,
    **openapi.NIET_BEDIEND,
    **openapi.invalid("Unknown filter value", openapi.INVALID_REQUEST),
}
_ITEM: JsonDict = {
    "toewijzing_nummer": 2001,
    "gemeente": "0153",
    "aanbieder": "87654321",
    "bsn": "999900018",
    "categorie": "54",
    "code": "54001",
    "ingangsdatum": "2025-10-01",
    "einddatum": "2026-09-30",
    "toegekend_minuten": 4680,
    "gedeclareerd_minuten": 5100,
    "gedeclareerd_bedrag": 127500,
    "percentage": 109.0,
    "overschreden": True,
    "contact_direct_minuten": 2400,
    "contact_indirect_minuten": 600,
}

_TOTAAL: JsonDict = {
    "toegekend_minuten": 4680,
    "gedeclareerd_minuten": 5100,
    "percentage": 109.0,
}
_TOTALEN: JsonDict = {
    "gemeente": [{"sleutel": "0153", **_TOTAAL}],
    "aanbieder": [{"sleutel": "87654321", **_TOTAAL}],
    "product": [{"sleutel": "54/54001", **_TOTAAL}],
}
CSV_EXAMPLE = (
    ",".join(CSV_COLUMNS)
    + "\r\n2001,0153,87654321,999900018,54,54001,2025-10-01,2026-09-30,4680,5100,127500,109.0,"
    "true,2400,600\r\n"
)


class VerbruikOut(BaseModel):
    """One toewijzing: minutes granted and declared, and the client's reported contact time."""

    toewijzing_nummer: int
    gemeente: str
    aanbieder: str
    bsn: str
    categorie: str | None
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    toegekend_minuten: int | None = Field(
        description="Null when the Omvang is no time, or an open period has no `tot`"
    )
    gedeclareerd_minuten: int = Field(description="Accepted debet minus credit, in minutes")
    gedeclareerd_bedrag: int = Field(description="Accepted debet minus credit, in eurocent")
    percentage: float | None
    overschreden: bool = Field(description="More minutes declared than granted")
    contact_direct_minuten: int | None = Field(description="Reported by the client (evaluatie)")
    contact_indirect_minuten: int | None


class TotaalOut(BaseModel):
    """Granted and declared minutes summed over one gemeente, aanbieder or product."""

    sleutel: str
    toegekend_minuten: int
    gedeclareerd_minuten: int
    percentage: float | None


class Totalen(BaseModel):
    """Totals per gemeente, per aanbieder and per product (`categorie/code`)."""

    gemeente: list[TotaalOut]
    aanbieder: list[TotaalOut]
    product: list[TotaalOut]


class VerbruikRapport(BaseModel):
    """The report: one item per toewijzing and the totals."""

    model_config = {"json_schema_extra": {"examples": [{"items": [_ITEM], "totalen": _TOTALEN}]}}

    items: list[VerbruikOut]
    totalen: Totalen


def _regels(
    toegang: Toegang,
    services: Services,
    uow: UnitOfWork,
    gemeente: str | None,
    aanbieder: str | None,
    product_codes: str | None,
    van: date | None,
    tot: date | None,
    actie: str,
) -> list[Regel] | Response:
    if gemeente is not None and gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)
    gemeenten = eigen_gemeenten(toegang, gemeente)
    codes = [c.strip() for c in (product_codes or "").split(",") if c.strip()]
    with uow.begin() as session:
        regels = verbruik_regels(
            session, gemeenten, aanbieder=aanbieder, producten=codes, van=van, tot=tot
        )
        services.audit.record(
            session,
            toegang,
            actie=actie,
            wat=f"verbruik van {len(regels)} toewijzing(en)",
            gelezen=[(r.bsn, r.gemeente) for r in regels],
            now=services.clock.now(),
        )
    return regels


Product = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=r"^[A-Za-z0-9]{1,5}(,[A-Za-z0-9]{1,5})*$",
        description="ProductCodes, comma-separated",
        examples=["54001,54002,54003"],
    ),
    XML_TEKENS,
]


def _totaal(totaal: Totaal) -> dict:
    return {
        "sleutel": totaal.sleutel,
        "toegekend_minuten": totaal.toegekend_minuten,
        "gedeclareerd_minuten": totaal.gedeclareerd_minuten,
        "percentage": totaal.percentage,
    }


@router.get(
    "/rapportages/verbruik",
    summary="Declared against granted minutes per toewijzing, with totals",
    response_model=VerbruikRapport,
    responses=_REFUSALS,
)
def verbruik(
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
    product: Product = None,
    van: Annotated[Datum | None, Query(description="Window start (prestaties from)")] = None,
    tot: Annotated[Datum | None, Query(description="Window end (prestaties until)")] = None,
) -> Response:
    """Every toewijzing of the key's gemeenten in the window; the read is audited."""
    regels = _regels(
        toegang, services, uow, gemeente, aanbieder, product, van, tot, "GET /rapportages/verbruik"
    )
    if isinstance(regels, Response):
        return regels
    body = {
        "items": [csv_item(regel) for regel in regels],
        "totalen": {
            "gemeente": [_totaal(t) for t in totalen(regels, lambda r: r.gemeente)],
            "aanbieder": [_totaal(t) for t in totalen(regels, lambda r: r.aanbieder)],
            "product": [_totaal(t) for t in totalen(regels, _product_key)],
        },
    }
    return JSONResponse(body)


def _product_key(regel: Regel) -> str:
    return product(regel)


@router.get(
    "/rapportages/verbruik.csv",
    summary="Declared against granted minutes per toewijzing, as CSV",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
            "description": "A header row and one row per toewijzing",
        },
        **_REFUSALS,
    },
)
def verbruik_csv(
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
    product: Product = None,
    van: Annotated[Datum | None, Query(description="Window start (prestaties from)")] = None,
    tot: Annotated[Datum | None, Query(description="Window end (prestaties until)")] = None,
) -> Response:
    """The items of /rapportages/verbruik as CSV (totals are a spreadsheet's sum)."""
    regels = _regels(
        toegang,
        services,
        uow,
        gemeente,
        aanbieder,
        product,
        van,
        tot,
        "GET /rapportages/verbruik.csv",
    )
    if isinstance(regels, Response):
        return regels
    headers = {"Content-Disposition": 'attachment; filename="verbruik.csv"'}
    return Response(csv_tekst(regels), media_type="text/csv", headers=headers)
