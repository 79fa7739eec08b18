"""Regional records that answer a toewijzing's signals: extension notice, evaluation, contact.

Each record is stored and meets the running signal of its kind; it is late when recorded after
the due date (the day the gemeente learns of it counts, as a message's arrival does). Refusals:
404 for an unknown toewijzing; 409 `/problems/termijn-not-kept` when the gemeente's rule set
keeps no such deadline or this toewijzing has none (no Einddatum, care too short for an
evaluation); 409 `/problems/termijn-not-open` before the window opens (the extension notice
12 to 8 weeks before the Einddatum); 422 for a gemeente not served, an invalid body or a datum
in the future or before the Ingangsdatum. A record after its signal was met or closed is still
stored, with `signaal_gemeld` false.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from app.access.toegang import Rol, Toegang
from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente
from app.api.toewijzingen import Nummer
from app.clock import as_utc
from app.deadlines import vastlegging
from app.deadlines.vastlegging import (
    Contactmomentuitkomst,
    Vastgelegd,
    Vastlegger,
    Vastlegging,
    Verlenging,
    Vorm,
)
from app.fields import XML_TEKENS, Gemeentecode, Wie
from app.problem import GemeenteNietBediend
from app.services import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.strikt import Datum, Invoer

router = APIRouter(prefix="/toewijzingen", tags=["regionale termijnen"])

REFUSALS = {
    **openapi.UNREADABLE_BODY,
    **openapi.GEMEENTEWERKER,
    404: openapi.problem_response(
        "Unknown toewijzing, or a gemeente not served here",
        openapi.problem_example(
            404,
            "toewijzing-unknown",
            "Onbekende toewijzing",
            "gemeente 0153 heeft geen toewijzing 41",
        ),
        openapi.NOT_SERVED,
    ),
    409: openapi.problem_response(
        "The deadline is not kept for this toewijzing, or its window is not open yet",
        openapi.problem_example(
            409,
            "termijn-not-kept",
            "Deze termijn wordt niet bijgehouden",
            "gemeente 0363 houdt geen evaluaties bij (zie haar regionale regelset)",
        ),
        openapi.problem_example(
            409,
            "termijn-not-open",
            "Venster nog niet open",
            "het verlenging-venster van toewijzing 7 opent op 2027-04-07",
        ),
    ),
    **openapi.invalid(
        "Invalid body or datum",
        openapi.INVALID_REQUEST,
        openapi.problem_example(
            422, "invalid-datum", "Ongeldige datum", "datum 2026-11-21 ligt in de toekomst"
        ),
    ),
}

_VASTGELEGD: JsonDict = {
    "id": 3,
    "gemeente": "0153",
    "toewijzing_nummer": 7,
    "soort": "contactmoment",
    "datum": "2026-11-18",
    "details": {
        "vorm": "telefoon",
        "uitkomst": "verlenging_nodig",
        "deelnemers": ["aanbieder", "jeugdconsulent"],
        "toelichting": None,
    },
    "vastgelegd_door": "j.devries",
    "vastgelegd_rol": "gemeente",
    "vastgelegd_at": "2026-11-20T09:30:00Z",
    "signaal_gemeld": True,
    "te_laat": False,
}

Toelichting = Annotated[str | None, Field(None, max_length=1000), XML_TEKENS]
VastleggingSoort = Literal["verlenging", "evaluatie", "contactmoment", "onderbouwing"]
"""What a record is: an answer to a signal of that kind, or the aanbieder's substantiation."""
GemeentePad = Annotated[Gemeentecode, Path()]


class VerlengingsmeldingIn(Invoer):
    """The aanbieder's notice, 12 to 8 weeks before the Einddatum, whether care is extended."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "soort": "lange_verlenging",
                    "toelichting": "Traject loopt, verlenging met een jaar",
                    "vastgelegd_door": "j.devries",
                }
            ]
        },
    )

    soort: Verlenging = Field(
        description="`korte_verlenging`: a closing phase after which care ends; "
        "`lange_verlenging`: longer care; `geen`: care ends on the Einddatum"
    )
    toelichting: Toelichting
    vastgelegd_door: Wie


class EvaluatieIn(Invoer):
    """An evaluation with the gemeente after about 6 months of care (region A)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "datum": "2026-11-18",
                    "toelichting": "Doelen grotendeels behaald",
                    "vastgelegd_door": "j.devries",
                }
            ]
        },
    )

    datum: Datum = Field(description="When the evaluation was held", examples=["2026-11-18"])
    toelichting: Toelichting
    vastgelegd_door: Wie


class ContactmomentIn(Invoer):
    """The contact moment 3 months before the end of the beschikking and its outcome (region B)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "datum": "2026-11-18",
                    "vorm": "telefoon",
                    "uitkomst": "verlenging_nodig",
                    "deelnemers": ["aanbieder", "jeugdconsulent"],
                    "vastgelegd_door": "j.devries",
                }
            ]
        },
    )

    datum: Datum = Field(description="When the contact took place", examples=["2026-11-18"])
    vorm: Vorm
    uitkomst: Contactmomentuitkomst
    deelnemers: list[Annotated[str, Field(min_length=1, max_length=100), XML_TEKENS]] = Field(
        min_length=1, max_length=10, examples=[["aanbieder", "jeugdconsulent"]]
    )
    toelichting: Toelichting
    vastgelegd_door: Wie


class VastleggingOut(BaseModel):
    """A stored record and the signal it met."""

    model_config = ConfigDict(json_schema_extra={"examples": [_VASTGELEGD]})

    id: int
    gemeente: str
    toewijzing_nummer: int
    soort: VastleggingSoort
    datum: date
    details: dict
    vastgelegd_door: str = Field(description="The person who recorded it, as the caller named")
    vastgelegd_rol: Literal["gemeente", "aanbieder"] | None = Field(
        description="The role of the API key that recorded it (null before keys were kept)"
    )
    vastgelegd_at: datetime
    signaal_gemeld: bool = Field(description="This record met the toewijzing's running signal")
    te_laat: bool | None = Field(description="The signal was met after its due date (null: none)")


def vastgelegd_out(vastgelegd: Vastgelegd) -> VastleggingOut:
    """A stored record as JSON."""
    record = vastgelegd.record
    return VastleggingOut(
        id=record.id,
        gemeente=vastgelegd.toewijzing.gemeente,
        toewijzing_nummer=vastgelegd.toewijzing.nummer,
        soort=record.soort,
        datum=record.datum_date,
        details=record.details,
        vastgelegd_door=record.vastgelegd_door,
        vastgelegd_rol=record.vastgelegd_rol,
        vastgelegd_at=as_utc(record.vastgelegd_at),
        signaal_gemeld=vastgelegd.gemeld,
        te_laat=vastgelegd.te_laat,
    )


def vastleggen(
    services: Services,
    uow: UnitOfWork,
    toegang: Toegang,
    gemeente: str,
    nummer: int,
    wat: Vastlegging,
    *,
    vastgelegd_door: str,
) -> JSONResponse:
    """Store one record and meet its signal, or refuse with a problem."""
    if gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)
    if toegang.rol is Rol.GEMEENTE:
        eigen_gemeente(toegang, gemeente)
    with uow.begin() as session:
        vastgelegd = vastlegging.vastleggen(
            session,
            services.termijnen,
            services.rule_sets,
            Vastlegger.van_toegang(toegang),
            gemeente,
            nummer,
            wat,
            vastgelegd_door=vastgelegd_door,
            now=services.clock.now(),
        )
        body = vastgelegd_out(vastgelegd)
    return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_201_CREATED)


@router.post(
    "/{gemeente}/{nummer}/verlengingsmelding",
    status_code=status.HTTP_201_CREATED,
    summary="Record whether a toewijzing is extended (region A, 12 to 8 weeks before its end)",
    response_model=VastleggingOut,
    responses=REFUSALS,
)
def verlengingsmelding(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: VerlengingsmeldingIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Store the aanbieder's extension notice, dated today, and meet the VERLENGING signal."""
    return vastleggen(
        services,
        uow,
        toegang,
        gemeente,
        nummer,
        vastlegging.verlengingsmelding(body.soort, body.toelichting),
        vastgelegd_door=body.vastgelegd_door,
    )


@router.post(
    "/{gemeente}/{nummer}/evaluatie",
    status_code=status.HTTP_201_CREATED,
    summary="Record the evaluation held with the gemeente (region A, after about 6 months)",
    response_model=VastleggingOut,
    responses=REFUSALS,
)
def evaluatie(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: EvaluatieIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Store the evaluation and meet the EVALUATIE signal."""
    return vastleggen(
        services,
        uow,
        toegang,
        gemeente,
        nummer,
        vastlegging.evaluatie(body.datum, body.toelichting),
        vastgelegd_door=body.vastgelegd_door,
    )


@router.post(
    "/{gemeente}/{nummer}/contactmoment",
    status_code=status.HTTP_201_CREATED,
    summary="Record the contact moment and its outcome (region B, 3 months before the end)",
    response_model=VastleggingOut,
    responses=REFUSALS,
)
def contactmoment(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: ContactmomentIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Store the contact moment with its form, outcome and participants; meet CONTACTMOMENT."""
    return vastleggen(
        services,
        uow,
        toegang,
        gemeente,
        nummer,
        vastlegging.contactmoment(
            body.datum, body.vorm, body.uitkomst, body.deelnemers, body.toelichting
        ),
        vastgelegd_door=body.vastgelegd_door,
    )
