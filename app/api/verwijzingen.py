"""Referral data: the letter's date and referrer behind a ReferentieAanbieder (rules A6/A7).

JW315 carries no referral date; provider software or a gemeente worker supplies it here,
before the request arrives, so the engine can hold the request to the referral's year.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import ConfigDict, Field, model_validator
from pydantic.json_schema import JsonDict

from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente
from app.clock import as_utc
from app.decisions.ruleset import VERWIJZER_TYPES
from app.fields import XML_TEKENS, Agb, Gemeentecode, Wie
from app.problem import GemeenteNietBediend
from app.services import ServicesDep, UnitOfWorkDep
from app.strikt import Datum, Invoer
from app.verwijzingen import service
from app.verwijzingen.service import Verwijzer, Verwijzing

router = APIRouter(prefix="/verwijzingen", tags=["verwijzing"])

_VERWIJZING: JsonDict = {
    "gemeente": "0153",
    "aanbieder": "87654321",
    "referentie_aanbieder": "VOT-2026-0042",
    "datum": "2026-10-02",
    "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
    "vastgelegd_door": "j.devries",
}
_VASTGELEGD = _VERWIJZING | {
    "id": 1,
    "verwijzer": {"type": "02", "zorgverlener_code": "01012345", "naam": None},
    "vastgelegd_rol": "gemeente",
    "vastgelegd_at": "2026-11-20T09:30:00Z",
}

MEDISCH = frozenset({"02", "03", "04", "05"})
"""COD327 types that carry a ZorgverlenerCode or a Naam (CD066/CD067)."""


class VerwijzerIn(Invoer):
    """Who referred: COD327 type and, for types 02-05, an AGB code or a name."""

    model_config = ConfigDict(
        json_schema_extra={
            # A referrer of type 02-05 names its AGB code or its name (CD066/CD067).
            "if": {"properties": {"type": {"enum": [*sorted(MEDISCH)]}}},
            "then": {
                "anyOf": [
                    {
                        "required": ["zorgverlener_code"],
                        "properties": {"zorgverlener_code": {"type": "string"}},
                    },
                    {"required": ["naam"], "properties": {"naam": {"type": "string"}}},
                ]
            },
        }
    )

    type: Literal["01", "02", "03", "04", "05", "06", "08"] = Field(examples=["02"])
    zorgverlener_code: Annotated[
        str | None, Field(pattern=r"^[0-9]{8}$", examples=["01012345"]), XML_TEKENS
    ] = None
    naam: Annotated[str | None, Field(min_length=1, max_length=64), XML_TEKENS] = None

    @model_validator(mode="after")
    def _cod327(self) -> VerwijzerIn:
        if self.type not in VERWIJZER_TYPES:
            raise ValueError("type is geen Verwijzer type van COD327 (01-06, 08)")
        if self.type in MEDISCH and not (self.zorgverlener_code or self.naam):
            raise ValueError(
                "een verwijzer van type 02-05 vraagt om een zorgverlener_code of een naam"
            )
        return self


class VerwijzingIn(Invoer):
    """The referral letter behind one request of an aanbieder."""

    model_config = ConfigDict(json_schema_extra={"examples": [_VERWIJZING]})

    gemeente: Gemeentecode
    aanbieder: Agb
    referentie_aanbieder: Annotated[
        str, Field(min_length=1, max_length=36, examples=["VOT-2026-0042"]), XML_TEKENS
    ]
    datum: Datum = Field(description="Date of the referral letter", examples=["2026-10-02"])
    verwijzer: VerwijzerIn
    vastgelegd_door: Wie


class VerwijzingOut(VerwijzingIn):
    """A recorded referral."""

    model_config = ConfigDict(strict=False, json_schema_extra={"examples": [_VASTGELEGD]})

    id: int
    vastgelegd_rol: Literal["gemeente", "aanbieder"] | None = Field(
        description="The role of the key that recorded it (null before keys were kept)"
    )
    vastgelegd_at: datetime


def verwijzing_out(row: Verwijzing) -> VerwijzingOut:
    """A recorded referral as JSON."""
    return VerwijzingOut(
        id=row.id,
        gemeente=row.gemeente,
        aanbieder=row.aanbieder,
        referentie_aanbieder=row.referentie_aanbieder,
        datum=row.datum_date,
        verwijzer=VerwijzerIn(
            type=row.verwijzer_type, zorgverlener_code=row.verwijzer_code, naam=row.verwijzer_naam
        ),
        vastgelegd_door=row.vastgelegd_door,
        vastgelegd_rol=row.vastgelegd_rol,
        vastgelegd_at=as_utc(row.vastgelegd_at),
    )


@router.put(
    "",
    summary="Record the referral behind a ReferentieAanbieder",
    response_model=VerwijzingOut,
    responses={
        201: {"description": "Recorded", "model": VerwijzingOut},
        200: {"description": "Replaced"},
        **openapi.UNREADABLE_BODY,
        **openapi.GEMEENTEWERKER,
        **openapi.NIET_BEDIEND,
        **openapi.invalid("Invalid input", openapi.INVALID_REQUEST),
    },
)
def put_verwijzing(
    verwijzing: VerwijzingIn, toegang: Gemeentewerker, services: ServicesDep, uow: UnitOfWorkDep
) -> Response:
    """Create or replace the referral of one request (201 when new, 200 when replaced)."""
    if verwijzing.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(verwijzing.gemeente)
    eigen_gemeente(toegang, verwijzing.gemeente)
    with uow.begin() as session:
        row, created = service.vastleggen(
            session,
            rol=toegang.rol,
            key_id=toegang.key_id,
            gemeente=verwijzing.gemeente,
            aanbieder=verwijzing.aanbieder,
            referentie_aanbieder=verwijzing.referentie_aanbieder,
            datum=verwijzing.datum,
            verwijzer=verwijzer(verwijzing.verwijzer),
            vastgelegd_door=verwijzing.vastgelegd_door,
            now=services.clock.now(),
        )
        body = verwijzing_out(row).model_dump(mode="json")
    return JSONResponse(body, status_code=201 if created else 200)


def verwijzer(body: VerwijzerIn) -> Verwijzer:
    """The referrer as the service takes it."""
    return Verwijzer(type=body.type, zorgverlener_code=body.zorgverlener_code, naam=body.naam)
