"""The outbox as brokers read it: our JW301 and JW319 messages in the order they were made.

A broker that fetches acknowledges each message it has (`POST /outbox/{id}/ack`), after which
the dispatcher never sends it; an operator revives a dead-lettered one (`POST /outbox/{id}/retry`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from app.access.toegang import Rol
from app.api import openapi
from app.api.auth import Operator, OutboxLezer, OutOfScope
from app.clock import as_utc
from app.fields import GROOTSTE_ID, Agb, Gemeentecode, Moment
from app.outbox import service
from app.services import ServicesDep, UnitOfWorkDep

router = APIRouter(prefix="/outbox", tags=["outbox"])

OutboxId = Annotated[
    int, Path(ge=1, le=GROOTSTE_ID, description="The `id` of an item of GET /outbox")
]

JW301_XML = """<?xml version="1.0" encoding="UTF-8"?>
<jw301:Bericht xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema" \
xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema">
  <jw301:Header>
    <jw301:BerichtCode>436</jw301:BerichtCode>
    <jw301:BerichtVersie>3</jw301:BerichtVersie>
    <jw301:BerichtSubversie>2</jw301:BerichtSubversie>
    <jw301:Afzender>0153</jw301:Afzender>
    <jw301:Ontvanger>87654321</jw301:Ontvanger>
    <jw301:BerichtIdentificatie>
      <ijw:Identificatie>4</ijw:Identificatie>
      <ijw:Dagtekening>2026-11-20</ijw:Dagtekening>
    </jw301:BerichtIdentificatie>
    <jw301:XsdVersie>
      <ijw:BasisschemaXsdVersie>0.1.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>0.1.0</ijw:BerichtXsdVersie>
    </jw301:XsdVersie>
  </jw301:Header>
  <jw301:Client>
    <jw301:Bsn>999900018</jw301:Bsn>
    <jw301:Geboortedatum>
      <ijw:Datum>2014-06-09</ijw:Datum>
    </jw301:Geboortedatum>
    <jw301:Geslacht>2</jw301:Geslacht>
    <jw301:Naam>
      <ijw:Geslachtsnaam>
        <ijw:Achternaam>Jansen</ijw:Achternaam>
      </ijw:Geslachtsnaam>
      <ijw:NaamGebruik>1</ijw:NaamGebruik>
    </jw301:Naam>
    <jw301:Contactgegevens>
      <jw301:Contact>
        <jw301:Soort>01</jw301:Soort>
        <jw301:Adres>
          <ijw:Huis>
            <ijw:Huisnummer>12</ijw:Huisnummer>
          </ijw:Huis>
          <ijw:Postcode>7511AB</ijw:Postcode>
          <ijw:Straatnaam>Oude Markt</ijw:Straatnaam>
          <ijw:Plaatsnaam>Enschede</ijw:Plaatsnaam>
          <ijw:LandCode>NL</ijw:LandCode>
        </jw301:Adres>
        <jw301:Telefoon>
          <ijw:Telefoon01>
            <ijw:Telefoonnummer>0534811234</ijw:Telefoonnummer>
            <ijw:Landnummer>0031</ijw:Landnummer>
          </ijw:Telefoon01>
        </jw301:Telefoon>
      </jw301:Contact>
    </jw301:Contactgegevens>
    <jw301:ToegewezenProducten>
      <jw301:ToegewezenProduct>
        <jw301:ToewijzingNummer>1</jw301:ToewijzingNummer>
        <jw301:ReferentieAanbieder>VOT-2026-0042</jw301:ReferentieAanbieder>
        <jw301:Product>
          <ijw:Categorie>45</ijw:Categorie>
          <ijw:Code>45A48</ijw:Code>
        </jw301:Product>
        <jw301:Toewijzingsdatum>2026-11-20</jw301:Toewijzingsdatum>
        <jw301:Toewijzingstijd>10:30:00</jw301:Toewijzingstijd>
        <jw301:Ingangsdatum>2026-12-01</jw301:Ingangsdatum>
        <jw301:Einddatum>2027-05-31</jw301:Einddatum>
        <jw301:Omvang>
          <ijw:Volume>90</ijw:Volume>
          <ijw:Eenheid>01</ijw:Eenheid>
          <ijw:Frequentie>2</ijw:Frequentie>
        </jw301:Omvang>
      </jw301:ToegewezenProduct>
    </jw301:ToegewezenProducten>
  </jw301:Client>
</jw301:Bericht>
"""
"""A JW301 granting the JW315 of the POST /berichten example."""

_BEZORGING: JsonDict = {
    "id": 2,
    "bericht_id": 4,
    "type": "JW301",
    "status": "dood",
    "pogingen": 8,
    "volgende_poging_at": None,
    "laatste_fout": "HTTP 503 from the broker",
    "bezorgd_at": None,
    "bevestigd_at": None,
}


class OutboxBerichtOut(BaseModel):
    """One outgoing message with its XML, as a fetching broker or aanbieder reads it."""

    id: int = Field(description="Pass the last one read as `after` for the next page")
    bericht_id: int
    type: str = Field(examples=["JW301"])
    gemeente: str = Field(examples=["0153"])
    aanbieder: str = Field(examples=["87654321"])
    identificatie: str = Field(description="The message's Identificatie", examples=["4"])
    created_at: Moment
    status: Literal["wachtend", "bezorgd", "dood"]
    bevestigd_at: Moment | None = Field(description="When a fetching broker acknowledged it")
    xml: str = Field(description="The message as sent")


class OutboxPage(BaseModel):
    """Messages after the cursor, oldest first; `next` is the `after` of the following page."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": 2,
                            "bericht_id": 4,
                            "type": "JW301",
                            "gemeente": "0153",
                            "aanbieder": "87654321",
                            "identificatie": "4",
                            "created_at": "2026-11-20T09:30:00+00:00",
                            "status": "wachtend",
                            "bevestigd_at": None,
                            "xml": JW301_XML,
                        }
                    ],
                    "next": 2,
                }
            ]
        }
    )

    items: list[OutboxBerichtOut]
    next: int = Field(description="The last id of this page; `after` when there are none")


class BezorgingOut(BaseModel):
    """The delivery state of one outbox message (never its content)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_BEZORGING]})

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


def _out(row: service.OutboxRij) -> BezorgingOut:
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


_UNKNOWN = openapi.problem_response(
    "Unknown outbox id, or a message of another aanbieder",
    openapi.problem_example(404, "outbox-unknown", "Onbekend outboxbericht", "geen id 41"),
)
_LEZER = openapi.key_refusals(
    openapi.problem_example(
        403,
        "forbidden-role",
        "Niet toegestaan voor deze rol",
        "een sleutel met rol gemeente kan dit endpoint niet gebruiken; nodig: broker of aanbieder",
    ),
    openapi.problem_example(
        403,
        "forbidden-scope",
        "Buiten het bereik van deze sleutel",
        "deze sleutel is gebonden aan aanbieder 12345678",
    ),
)


@router.get(
    "",
    summary="Outgoing messages after a cursor",
    response_model=OutboxPage,
    responses={**_LEZER, **openapi.invalid()},
)
def list_outbox(
    toegang: OutboxLezer,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    after: Annotated[int, Query(ge=0, le=GROOTSTE_ID, description="The last id already read")] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
) -> JSONResponse:
    """Messages with an id above `after`, oldest first, with their XML; `next` is the cursor.

    An aanbieder's key sees only the messages addressed to its own AGB code.
    """
    if toegang.rol is Rol.AANBIEDER:
        if aanbieder is not None and not toegang.ziet_aanbieder(aanbieder):
            raise OutOfScope(f"deze sleutel is gebonden aan aanbieder {toegang.agb}")
        aanbieder = toegang.agb
    with uow.begin() as session:
        rows = service.page(
            session,
            services.audit,
            toegang,
            after=after,
            limit=limit,
            gemeente=gemeente,
            aanbieder=aanbieder,
            now=services.clock.now(),
        )
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
            for entry, bericht in rows
        ]
    # Built as the documented OutboxPage (the tests check it): validating up to 500 messages
    # again on the way out would only cost time.
    return JSONResponse({"items": items, "next": items[-1]["id"] if items else after})


@router.get(
    "/dood",
    summary="Dead-lettered messages, for an operator to retry",
    response_model=list[BezorgingOut],
    responses={
        200: {"content": {"application/json": {"example": [_BEZORGING]}}},
        **openapi.OPERATOR,
        **openapi.invalid(),
    },
)
def dead_letters(
    toegang: Operator,
    uow: UnitOfWorkDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[BezorgingOut]:
    """Messages given up after the last attempt, oldest first; their state, never content."""
    with uow.begin() as session:
        rows = service.dead_letters(session, limit)
    return [_out(row) for row in rows]


@router.post(
    "/{outbox_id}/ack",
    summary="A fetching broker has the message: it is never sent again",
    response_model=BezorgingOut,
    responses={**_LEZER, 404: _UNKNOWN, **openapi.invalid()},
)
def acknowledge(
    outbox_id: OutboxId, toegang: OutboxLezer, services: ServicesDep, uow: UnitOfWorkDep
) -> BezorgingOut | JSONResponse:
    """Mark the message delivered and acknowledged; a repeat changes nothing (idempotent)."""
    with uow.begin() as session:
        row = service.acknowledge(session, toegang, outbox_id, services.clock.now())
    return _out(row)


@router.post(
    "/{outbox_id}/retry",
    summary="An operator revives a dead-lettered message",
    response_model=BezorgingOut,
    responses={
        **openapi.OPERATOR,
        404: _UNKNOWN,
        409: openapi.problem_response(
            "The message was already delivered",
            openapi.problem_example(
                409,
                "outbox-delivered",
                "Al bezorgd",
                "outboxbericht 2 is bezorgd; het wordt niet opnieuw verstuurd",
            ),
        ),
        **openapi.invalid(),
    },
)
def retry(
    outbox_id: OutboxId, toegang: Operator, uow: UnitOfWorkDep
) -> BezorgingOut | JSONResponse:
    """A dead message is due again now with a fresh count; a waiting one is left as it is."""
    with uow.begin() as session:
        row = service.retry(session, outbox_id)
    return _out(row)
