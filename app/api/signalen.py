"""Signals for gemeente workers and their spreadsheets: deadlines filtered, paged, as CSV.

Both lists are sorted by due date, then id. `next` is an opaque cursor (the last item's due
date and id); pass it back as `after` for the following page, which stays stable while
signals are added or re-planned elsewhere in the list.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from app.access.toegang import Rol, Toegang
from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeenten
from app.clock import as_utc
from app.deadlines import onderwerp
from app.deadlines.export import CSV_COLUMNS, csv_tekst
from app.deadlines.onderwerp import Onderwerp, SignaalFilters, SignaalRij
from app.deadlines.policy import Soort
from app.fields import Agb, Gemeentecode
from app.paging import DatumCursor
from app.problem import GemeenteNietBediend
from app.services import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.strikt import DatumFilter

router = APIRouter(tags=["signalen"])

Status = Literal["open", "met", "overdue", "closed"]

_SIGNAAL: JsonDict = {
    "id": 12,
    "soort": "start_zorg",
    "onderwerp": "toewijzing",
    "onderwerp_id": 7,
    "gemeente": "0153",
    "aanbieder": "87654321",
    "vanaf": "2026-11-20",
    "due": "2026-11-27",
    "status": "open",
    "te_laat": False,
    "detail": None,
    "changed_at": "2026-11-20T09:30:00Z",
    "toewijzing_nummer": 1001,
    "referentie_aanbieder": "VOT-2026-0042",
    "product": {"categorie": "54", "code": "54001"},
    "client": {"bsn": "999900018", "naam": "J. Jansen"},
    "wacht_op": "JW305 op toewijzing 1001",
    "actie_bij": "aanbieder",
}
CSV_EXAMPLE = (
    ",".join(CSV_COLUMNS)
    + "\r\n12,start_zorg,toewijzing,7,0153,87654321,2026-11-20,2026-11-27,open,false,,"
    "2026-11-20T09:30:00+00:00,1001,VOT-2026-0042,54,54001,999900018,J. Jansen,"
    "JW305 op toewijzing 1001,aanbieder\r\n"
)
_REFUSALS = {
    **openapi.GEMEENTEWERKER,
    **openapi.NIET_BEDIEND,
    **openapi.invalid("Unknown filter value", openapi.INVALID_REQUEST),
}


class SignaalProduct(BaseModel):
    """ProductCategorie (JZ020) and ProductCode of the signal's request or toewijzing."""

    categorie: str | None
    code: str | None


class SignaalClient(BaseModel):
    """The client a signal is about; its read is recorded in the audit log."""

    bsn: str
    naam: str | None = Field(
        description="The name the gemeente's client data hold (gemeente workers only)"
    )


class SignaalOut(BaseModel):
    """One signal: what it is about, when it is visible and due, and its state."""

    id: int
    soort: Soort
    onderwerp: Literal["verzoek", "toewijzing", "bericht"]
    onderwerp_id: int
    gemeente: str
    aanbieder: str
    vanaf: date = Field(description="Visible from this date (a window's opening)")
    due: date
    status: Status = Field(
        description="overdue: open, and its due date lies before the last deadline scan's date"
    )
    te_laat: bool = Field(description="Met, but after its due date")
    detail: str | None
    changed_at: datetime = Field(
        description="When the signal was opened, re-planned, met or closed; turning overdue "
        "changes nothing stored, so it leaves this as it was"
    )
    toewijzing_nummer: int | None = Field(
        description="The ToewijzingNummer the signal is about (null for a request or message)"
    )
    referentie_aanbieder: str | None = Field(
        description="The ReferentieAanbieder of the request, or of the toewijzing's request"
    )
    product: SignaalProduct | None = Field(description="The product asked for or assigned")
    client: SignaalClient | None = Field(description="The client; null when none is known")
    wacht_op: str = Field(
        description="The message or record that meets the signal, e.g. `JW305 op toewijzing "
        "1001` or `JW302 op JW301 301000000042`",
        examples=["JW305 op toewijzing 1001"],
    )
    actie_bij: Literal["gemeente", "aanbieder"] = Field(description="Who owes it")


class SignalenPage(BaseModel):
    """One page of signals and the cursor of the next (null on the last page)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_SIGNAAL], "next": "2026-11-27.12"}]}
    )

    items: list[SignaalOut]
    next: str | None


def signaal_filters(
    soort: Annotated[Soort | None, Query(description="Kind of deadline")] = None,
    status: Annotated[Status | None, Query()] = None,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
    due_voor: Annotated[DatumFilter | None, Query(description="Due before this date")] = None,
    zichtbaar: Annotated[
        bool, Query(description="Only signals visible today; false adds windows not yet open")
    ] = True,
    after: Annotated[DatumCursor | None, Query()] = None,
) -> SignaalFilters:
    """The list filters from the query string."""
    statussen = () if status is None else (status,)
    return SignaalFilters(soort, statussen, gemeente, aanbieder, due_voor, zichtbaar, after)


FiltersDep = Annotated[SignaalFilters, Depends(signaal_filters)]


def fetch_page(
    filters: SignaalFilters,
    gemeenten: frozenset[str] | None,
    limit: int,
    toegang: Toegang,
    services: Services,
    uow: UnitOfWork,
    *,
    actie: str,
) -> SignalenPage:
    """One page of signals with their subjects in the given gemeenten (None: all), audited."""
    with uow.begin() as session:
        found = onderwerp.pagina(
            session,
            services.audit,
            toegang,
            filters,
            gemeenten,
            limit=limit,
            now=services.clock.now(),
            actie=actie,
            met_naam=toegang.rol is Rol.GEMEENTE,
        )
    return SignalenPage(
        items=[signaal_out(row, found.onderwerpen[row.id]) for row in found.signalen],
        next=found.next,
    )


def signaal_out(row: SignaalRij, subject: Onderwerp) -> SignaalOut:
    """A signal row and its subject as JSON."""
    return SignaalOut(
        id=row.id,
        soort=row.soort,
        onderwerp=row.onderwerp,
        onderwerp_id=row.onderwerp_id,
        gemeente=row.gemeente,
        aanbieder=row.aanbieder,
        vanaf=row.vanaf_date,
        due=row.due_date,
        status=row.status,
        te_laat=row.te_laat,
        detail=row.detail,
        changed_at=as_utc(row.changed_at),
        toewijzing_nummer=subject.toewijzing_nummer,
        referentie_aanbieder=subject.referentie_aanbieder,
        product=SignaalProduct(categorie=subject.categorie, code=subject.code)
        if subject.categorie or subject.code
        else None,
        client=SignaalClient(bsn=subject.bsn, naam=subject.naam) if subject.bsn else None,
        wacht_op=subject.wacht_op,
        actie_bij=subject.actie_bij,
    )


@router.get(
    "/signalen",
    summary="Deadline signals, soonest due first",
    response_model=SignalenPage,
    responses=_REFUSALS,
)
def signalen(
    toegang: Gemeentewerker,
    filters: FiltersDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """Signals sorted by due date, then id; page on with `after` = the previous `next`.

    Each signal names its subject: the ToewijzingNummer or ReferentieAanbieder, the product,
    the client (BSN and the name in the gemeente's client data) and the message or record it
    waits for (`wacht_op`). The read is recorded in the audit log.
    """
    if filters.gemeente is not None and filters.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(filters.gemeente)
    gemeenten = eigen_gemeenten(toegang, filters.gemeente)
    body = fetch_page(filters, gemeenten, limit, toegang, services, uow, actie="GET /signalen")
    return JSONResponse(body.model_dump(mode="json"))


@router.get(
    "/signalen.csv",
    summary="Deadline signals as CSV, for spreadsheets",
    response_class=Response,
    responses={
        200: {
            "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
            "description": "A header row and one row per signal; `X-Next-Cursor` when more follow",
            "headers": {
                "X-Next-Cursor": {
                    "description": "`after` for the next page; absent on the last page",
                    "schema": {"type": "string"},
                    "example": "2026-11-27.12",
                }
            },
        },
        **_REFUSALS,
    },
)
def signalen_csv(
    toegang: Gemeentewerker,
    filters: FiltersDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 10_000,
) -> Response:
    """The same list as /signalen, same order and filters, as CSV with a header row.

    Cells a spreadsheet would run as a formula start with a quote. The read is audited.
    """
    if filters.gemeente is not None and filters.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(filters.gemeente)
    gemeenten = eigen_gemeenten(toegang, filters.gemeente)
    with uow.begin() as session:
        page = onderwerp.pagina(
            session,
            services.audit,
            toegang,
            filters,
            gemeenten,
            limit=limit,
            now=services.clock.now(),
            actie="GET /signalen.csv",
            met_naam=toegang.rol is Rol.GEMEENTE,
        )
    headers = {"Content-Disposition": 'attachment; filename="signalen.csv"'}
    if page.next is not None:
        headers["X-Next-Cursor"] = page.next
    return Response(csv_tekst(page), media_type="text/csv", headers=headers)
