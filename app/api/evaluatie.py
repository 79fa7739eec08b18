"""The evaluation's contact time: a gemeente worker records what the client reported."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente
from app.declaraties.evaluatie import NietGekozen, leg_contacttijd_vast
from app.fields import Gemeentecode, Wie
from app.problem import GemeenteNietBediend
from app.services import ServicesDep, UnitOfWorkDep
from app.strikt import Invoer

router = APIRouter(tags=["evaluatie"])

NIET_GEKOZEN = NietGekozen.slug
_MINUTEN = Field(ge=0, le=1_000_000, description="Minutes over the granted 12 months")


class ContacttijdIn(Invoer):
    """The client's reported direct and indirect contact time of one drawn case."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"direct_minuten": 2400, "indirect_minuten": 600, "vastgelegd_door": "j.devries"}
            ]
        },
    )

    direct_minuten: int = _MINUTEN
    indirect_minuten: int = _MINUTEN
    vastgelegd_door: Wie


class ContacttijdOut(BaseModel):
    """What was recorded."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "gemeente": "0153",
                    "toewijzing_nummer": 2001,
                    "direct_minuten": 2400,
                    "indirect_minuten": 600,
                }
            ]
        }
    )

    gemeente: str
    toewijzing_nummer: int
    direct_minuten: int
    indirect_minuten: int


@router.put(
    "/evaluatie/{gemeente}/{toewijzing_nummer}/contacttijd",
    summary="Record the contact time a client reported for a drawn evaluation case",
    response_model=ContacttijdOut,
    responses={
        **openapi.UNREADABLE_BODY,
        **openapi.GEMEENTEWERKER,
        404: openapi.problem_response(
            "The toewijzing was not drawn by `ijw evaluatie steekproef`",
            openapi.problem_example(
                404,
                NIET_GEKOZEN,
                "Geen evaluatiegeval",
                "toewijzing 2001 van gemeente 0153 is niet getrokken",
            ),
            openapi.NOT_SERVED,
        ),
        **openapi.invalid("The body fails its schema", openapi.INVALID_REQUEST),
    },
)
def contacttijd(
    gemeente: Annotated[Gemeentecode, Path()],
    toewijzing_nummer: Annotated[int, Path(ge=1, le=99_999_999)],
    body: ContacttijdIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Record (or correct) the direct and indirect minutes; the report shows them."""
    if gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)
    eigen_gemeente(toegang, gemeente)
    with uow.begin() as session:
        leg_contacttijd_vast(
            session,
            gemeente=gemeente,
            nummer=toewijzing_nummer,
            direct=body.direct_minuten,
            indirect=body.indirect_minuten,
            door=body.vastgelegd_door,
            now=services.clock.now(),
        )
    return JSONResponse(
        {
            "gemeente": gemeente,
            "toewijzing_nummer": toewijzing_nummer,
            "direct_minuten": body.direct_minuten,
            "indirect_minuten": body.indirect_minuten,
        }
    )
