"""The outbox as brokers read it: our JW301 and JW319 messages in the order they were made.

A broker that fetches acknowledges each message it has (`POST /outbox/{id}/ack`), after which
the dispatcher never sends it; an operator revives a dead-lettered one (`POST /outbox/{id}/retry`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Row, select

from app.access.toegang import Rol, Toegang
from app.api.auth import Operator, OutboxLezer, OutOfScope
from app.api.dependencies import ServicesDep, UnitOfWorkDep
from app.api.fields import Agb, Gemeentecode
from app.api.problems import problem
from app.audit.berichten import client_bsn
from app.clock import as_utc
from app.delivery import repository
from app.persistence.models import Bericht, Outbox

router = APIRouter(prefix="/outbox", tags=["outbox"])

OutboxId = Annotated[int, Path(ge=1, description="The `id` of an item of GET /outbox")]


class BezorgingOut(BaseModel):
    """The delivery state of one outbox message (never its content)."""

    id: int
    bericht_id: int
    type: str
    status: Literal["wachtend", "bezorgd", "dood"]
    pogingen: int
    volgende_poging_at: datetime | None
    laatste_fout: str | None
    bezorgd_at: datetime | None
    bevestigd_at: datetime | None


def _optional_utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else as_utc(moment)


def _out(row: Row) -> BezorgingOut:
    return BezorgingOut(
        id=row.id,
        bericht_id=row.bericht_id,
        type=row.type,
        status=row.status,
        pogingen=row.pogingen,
        volgende_poging_at=_optional_utc(row.volgende_poging_at),
        laatste_fout=row.laatste_fout,
        bezorgd_at=_optional_utc(row.bezorgd_at),
        bevestigd_at=_optional_utc(row.bevestigd_at),
    )


def _unknown(outbox_id: int) -> JSONResponse:
    return problem(404, "/problems/outbox-unknown", "Unknown outbox message", f"no id {outbox_id}")


@router.get("", summary="Outgoing messages after a cursor")
def list_outbox(
    toegang: OutboxLezer,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    after: Annotated[int, Query(ge=0, description="The last id already read")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
) -> dict:
    """Messages with an id above `after`, oldest first, with their XML; `next` is the cursor.

    An aanbieder's key sees only the messages addressed to its own AGB code.
    """
    if toegang.rol is Rol.AANBIEDER:
        if aanbieder is not None and not toegang.ziet_aanbieder(aanbieder):
            raise OutOfScope(f"this key is bound to aanbieder {toegang.agb}")
        aanbieder = toegang.agb
    query = (
        select(Outbox, Bericht)
        .join(Bericht, Bericht.id == Outbox.bericht_id)
        .where(Outbox.id > after)
        .order_by(Outbox.id)
        .limit(limit)
    )
    if gemeente is not None:
        query = query.where(Outbox.gemeente == gemeente)
    if aanbieder is not None:
        query = query.where(Outbox.aanbieder == aanbieder)
    with uow.begin() as session:
        items = [
            {
                "id": entry.id,
                "bericht_id": bericht.id,
                "type": entry.type,
                "gemeente": entry.gemeente,
                "aanbieder": entry.aanbieder,
                "identificatie": bericht.identificatie,
                "created_at": as_utc(entry.created_at).isoformat(),
                "status": entry.status,
                "bevestigd_at": (
                    None if entry.bevestigd_at is None else as_utc(entry.bevestigd_at).isoformat()
                ),
                "xml": bericht.xml.decode("utf-8"),
            }
            for entry, bericht in session.execute(query)
        ]
        services.audit.record(
            session,
            toegang,
            actie="GET /outbox",
            wat=f"outbox {_ids(items)}",
            gelezen=_clienten(items),
            now=services.clock.now(),
        )
    return {"items": items, "next": items[-1]["id"] if items else after}


def _ids(items: list[dict]) -> str:
    if not items:
        return "none"
    return f"{items[0]['id']}..{items[-1]['id']} ({len(items)} message(s))"


def _clienten(items: list[dict]) -> list[tuple[str, str]]:
    found = []
    for item in items:
        bsn = client_bsn(item["xml"].encode("utf-8"))
        if bsn is not None:
            found.append((bsn, item["gemeente"]))
    return found


def _eigen(session, toegang: Toegang, outbox_id: int) -> bool:
    """Whether the key may touch this outbox message (an aanbieder only its own)."""
    if toegang.rol is not Rol.AANBIEDER:
        return True
    aanbieder = session.scalar(select(Outbox.aanbieder).where(Outbox.id == outbox_id))
    return aanbieder is None or toegang.ziet_aanbieder(aanbieder)


@router.get(
    "/dood",
    summary="Dead-lettered messages, for an operator to retry",
    response_model=list[BezorgingOut],
)
def dead_letters(
    toegang: Operator,
    uow: UnitOfWorkDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[BezorgingOut]:
    """Messages given up after the last attempt, oldest first; their state, never content."""
    with uow.begin() as session:
        rows = repository.dead(session, limit)
    return [_out(row) for row in rows]


@router.post(
    "/{outbox_id}/ack",
    summary="A fetching broker has the message: it is never sent again",
    response_model=BezorgingOut,
    responses={404: {"description": "Unknown outbox id"}},
)
def acknowledge(
    outbox_id: OutboxId, toegang: OutboxLezer, services: ServicesDep, uow: UnitOfWorkDep
) -> BezorgingOut | JSONResponse:
    """Mark the message delivered and acknowledged; a repeat changes nothing (idempotent)."""
    now = services.clock.now()
    with uow.begin() as session:
        if not _eigen(session, toegang, outbox_id):
            return _unknown(outbox_id)
        row = repository.acknowledge(session, outbox_id, now)
    return _unknown(outbox_id) if row is None else _out(row)


@router.post(
    "/{outbox_id}/retry",
    summary="An operator revives a dead-lettered message",
    response_model=BezorgingOut,
    responses={
        404: {"description": "Unknown outbox id"},
        409: {"description": "The message was already delivered"},
    },
)
def retry(
    outbox_id: OutboxId, toegang: Operator, uow: UnitOfWorkDep
) -> BezorgingOut | JSONResponse:
    """A dead message is due again now with a fresh count; a waiting one is left as it is."""
    with uow.begin() as session:
        row = repository.revive(session, outbox_id)
    if row is None:
        return _unknown(outbox_id)
    if row.status == repository.BEZORGD:
        return problem(
            409,
            "/problems/outbox-delivered",
            "Already delivered",
            f"outbox message {outbox_id} was delivered; it is not sent again",
        )
    return _out(row)
