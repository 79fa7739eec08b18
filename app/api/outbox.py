"""The outbox as brokers read it: our JW301 and JW319 messages in the order they were made."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from app.api.dependencies import UnitOfWorkDep
from app.api.fields import Agb, Gemeentecode
from app.persistence.models import Bericht, Outbox

router = APIRouter(prefix="/outbox", tags=["outbox"])


@router.get("", summary="Outgoing messages after a cursor")
def list_outbox(
    uow: UnitOfWorkDep,
    after: Annotated[int, Query(ge=0, description="The last id already read")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
) -> dict:
    """Messages with an id above `after`, oldest first, with their XML; `next` is the cursor."""
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
                "created_at": entry.created_at.isoformat(),
                "xml": bericht.xml.decode("utf-8"),
            }
            for entry, bericht in session.execute(query)
        ]
    return {"items": items, "next": items[-1]["id"] if items else after}
