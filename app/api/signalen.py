"""Signals for gemeente workers and their spreadsheets: deadlines filtered, paged, as CSV.

Both lists are sorted by due date, then id. `next` is an opaque cursor (the last item's due
date and id); pass it back as `after` for the following page, which stays stable while
signals are added or re-planned elsewhere in the list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Row, select

from app.api import openapi, paging
from app.api.auth import Gemeentewerker, eigen_gemeenten
from app.api.dependencies import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.api.fields import Agb, Gemeentecode
from app.api.paging import DatumCursor
from app.api.problems import not_served
from app.api.strikt import Datum
from app.clock import as_utc, date_of
from app.deadlines.policy import Soort
from app.persistence.models import Signaal

router = APIRouter(tags=["signalen"])

Status = Literal["open", "met", "overdue", "closed"]

CSV_COLUMNS = (
    "id",
    "soort",
    "onderwerp",
    "onderwerp_id",
    "gemeente",
    "aanbieder",
    "vanaf",
    "due",
    "status",
    "te_laat",
    "detail",
    "changed_at",
)

_SIGNAAL = {
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
}
CSV_EXAMPLE = (
    ",".join(CSV_COLUMNS)
    + "\r\n12,start_zorg,toewijzing,7,0153,87654321,2026-11-20,2026-11-27,open,false,,"
    "2026-11-20T09:30:00+00:00\r\n"
)
_REFUSALS = {
    **openapi.GEMEENTEWERKER,
    **openapi.NIET_BEDIEND,
    **openapi.invalid("Unknown filter value", openapi.INVALID_REQUEST),
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts a spreadsheet would run as a formula (CSV injection)."""

_T = Signaal.__table__
_COLUMNS = (
    _T.c.id,
    _T.c.soort,
    _T.c.onderwerp,
    _T.c.onderwerp_id,
    _T.c.gemeente,
    _T.c.aanbieder,
    _T.c.vanaf_date,
    _T.c.due_date,
    _T.c.status,
    _T.c.te_laat,
    _T.c.detail,
    _T.c.changed_at,
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
    status: Status
    te_laat: bool = Field(description="Met, but after its due date")
    detail: str | None
    changed_at: datetime


class SignalenPage(BaseModel):
    """One page of signals and the cursor of the next (null on the last page)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_SIGNAAL], "next": "2026-11-27.12"}]}
    )

    items: list[SignaalOut]
    next: str | None


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters both lists share."""

    soort: Soort | None
    statussen: tuple[str, ...]
    """The states shown; empty: every state."""
    gemeente: str | None
    aanbieder: str | None
    due_voor: date | None
    zichtbaar: bool
    after: str | None


def signaal_filters(
    soort: Annotated[Soort | None, Query(description="Kind of deadline")] = None,
    status: Annotated[Status | None, Query()] = None,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
    due_voor: Annotated[Datum | None, Query(description="Due before this date")] = None,
    zichtbaar: Annotated[
        bool, Query(description="Only signals visible today; false adds windows not yet open")
    ] = True,
    after: Annotated[DatumCursor | None, Query()] = None,
) -> Filters:
    """The list filters from the query string."""
    statussen = () if status is None else (status,)
    return Filters(soort, statussen, gemeente, aanbieder, due_voor, zichtbaar, after)


FiltersDep = Annotated[Filters, Depends(signaal_filters)]


def _query(filters: Filters, gemeenten: frozenset[str] | None, today: date, limit: int):
    """One page and one row more, to tell whether another page follows."""
    query = select(*_COLUMNS)
    if gemeenten is not None:
        query = query.where(_T.c.gemeente.in_(sorted(gemeenten)))
    if filters.soort is not None:
        query = query.where(_T.c.soort == filters.soort)
    if filters.statussen:
        query = query.where(_T.c.status.in_(filters.statussen))
    if filters.aanbieder is not None:
        query = query.where(_T.c.aanbieder == filters.aanbieder)
    if filters.due_voor is not None:
        query = query.where(_T.c.due_date < filters.due_voor)
    if filters.zichtbaar:
        query = query.where(_T.c.vanaf_date <= today)
    if filters.after is not None:
        query = query.where(paging.na(_T.c.due_date, _T.c.id, filters.after))
    return query.order_by(_T.c.due_date, _T.c.id).limit(limit + 1)


def fetch_page(
    filters: Filters,
    gemeenten: frozenset[str] | None,
    limit: int,
    services: Services,
    uow: UnitOfWork,
) -> tuple[list[Row], str | None]:
    """One page of signals in the given gemeenten (None: all) and the next cursor."""
    today = date_of(services.clock.now())
    with uow.begin() as session:
        found = session.execute(_query(filters, gemeenten, today, limit)).all()
    if len(found) <= limit:
        return found, None
    last = found[limit - 1]
    return found[:limit], paging.cursor(last.due_date, last.id)


def signaal_out(row: Row) -> SignaalOut:
    """A signal row as JSON."""
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
):
    """Signals sorted by due date, then id; page on with `after` = the previous `next`."""
    if filters.gemeente is not None and filters.gemeente not in services.settings.gemeenten:
        return not_served(filters.gemeente)
    gemeenten = eigen_gemeenten(toegang, filters.gemeente)
    found, next_cursor = fetch_page(filters, gemeenten, limit, services, uow)
    body = SignalenPage(items=[signaal_out(row) for row in found], next=next_cursor)
    return JSONResponse(body.model_dump(mode="json"))


def _cell(text: str | None) -> str:
    if text and text.startswith(_FORMULA_START):
        return "'" + text
    return text or ""


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
):
    """The same list as /signalen, same order and filters, as CSV with a header row."""
    if filters.gemeente is not None and filters.gemeente not in services.settings.gemeenten:
        return not_served(filters.gemeente)
    gemeenten = eigen_gemeenten(toegang, filters.gemeente)
    found, next_cursor = fetch_page(filters, gemeenten, limit, services, uow)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in found:
        writer.writerow(
            (
                row.id,
                row.soort,
                row.onderwerp,
                row.onderwerp_id,
                row.gemeente,
                row.aanbieder,
                row.vanaf_date.isoformat(),
                row.due_date.isoformat(),
                row.status,
                "true" if row.te_laat else "false",
                _cell(row.detail),
                as_utc(row.changed_at).isoformat(),
            )
        )
    headers = {"Content-Disposition": 'attachment; filename="signalen.csv"'}
    if next_cursor is not None:
        headers["X-Next-Cursor"] = next_cursor
    return Response(buffer.getvalue(), media_type="text/csv", headers=headers)
