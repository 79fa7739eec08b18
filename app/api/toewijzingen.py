"""Toewijzingen a gemeente worker grants, changes or deletes without a request, sent as JW301."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.json_schema import JsonDict
from sqlalchemy.orm import Session

from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente
from app.clock import as_utc
from app.fields import Agb, Bsn, Gemeentecode, OmvangIn, ProductIn, Wie
from app.ijw.views import Omvang, Product
from app.outbox.service import OutgoingInvalid, ToewijzingOngeldig
from app.problem import GemeenteNietBediend
from app.services import ServicesDep, UnitOfWork, UnitOfWorkDep
from app.strikt import Datum, Invoer
from app.toewijzingen.service import (
    NIET_TOEGESTAAN,
    GemeenteToewijzingen,
    NieuweToewijzing,
    Verstuurd,
)

router = APIRouter(prefix="/toewijzingen", tags=["toewijzingen"])

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
        "The stored toewijzing allows no such change (deleted, the Einddatum it has already, an "
        "Einddatum before its Ingangsdatum), no Contactgegevens known for the client, or an "
        "overlap with a toewijzing for the same product",
        openapi.TOEWIJZING_OVERLAP,
        openapi.problem_example(
            409,
            "toewijzing-deleted",
            "Toewijzing al verwijderd",
            "toewijzing 7 is verwijderd en kan niet meer wijzigen",
        ),
        openapi.problem_example(
            409, "nothing-changed", "Er verandert niets", "toewijzing 7 heeft deze Einddatum al"
        ),
        openapi.problem_example(
            409,
            "toewijzing-invalid",
            "De toewijzing breekt een regel van de standaard",
            "de JW301 die ervoor nodig is voldoet niet aan de regels van de standaard; "
            "er is niets opgeslagen",
            errors=[
                {
                    "code": "CD076",
                    "location": "/Bericht/Client/ToegewezenProducten/ToegewezenProduct",
                    "message": "ToegewezenProduct 7 has Frequentie 2 (per week) but no Einddatum",
                }
            ],
        ),
        openapi.problem_example(
            409,
            "einddatum-before-ingangsdatum",
            "Einddatum voor Ingangsdatum",
            "Einddatum 2025-12-31 ligt voor Ingangsdatum 2026-01-01 (CS003)",
        ),
        openapi.problem_example(
            409,
            "clientgegevens-ontbreken",
            "Cliëntgegevens ontbreken",
            "van deze cliënt zijn geen Contactgegevens bekend: leg ze vast met PUT /clientgegevens",
        ),
    ),
    **openapi.invalid(
        "Invalid input, or a JW301 that would break a rule of the standard",
        openapi.INVALID_REQUEST,
        openapi.problem_example(
            422,
            "einddatum-before-ingangsdatum",
            "Einddatum voor Ingangsdatum",
            "Einddatum 2027-05-31 ligt voor Ingangsdatum 2027-06-01 (CS003)",
        ),
        openapi.problem_example(
            422,
            "toewijzing-invalid",
            "De toewijzing breekt een regel van de standaard",
            "de JW301 die ervoor nodig is voldoet niet aan de regels van de standaard; "
            "er is niets opgeslagen",
            errors=[
                {
                    "code": "CD076",
                    "location": "/Bericht/Client/ToegewezenProducten/ToegewezenProduct",
                    "message": "ToegewezenProduct 8 has Frequentie 2 (per week) but no Einddatum",
                }
            ],
        ),
    ),
}

_TOEWIJZING: JsonDict = {
    "gemeente": "0153",
    "aanbieder": "87654321",
    "bsn": "999900018",
    "product": {"categorie": "45", "code": "45A48"},
    "ingangsdatum": "2027-06-01",
    "einddatum": "2027-11-30",
    "omvang": {"volume": 90, "eenheid": "01", "frequentie": "2"},
    "besloten_door": "j.devries",
}
_VERSTUURD: JsonDict = {
    "toewijzing_nummer": 8,
    "bericht_id": 5,
    "versie": 1,
    "ingangsdatum": "2027-06-01",
    "einddatum": "2027-11-30",
    "reden_wijziging": None,
    "toegewezen_at": "2026-11-20T09:30:00Z",
    "besloten_door": "j.devries",
}

Nummer = Annotated[int, Path(ge=1, le=999_999_999, description="ToewijzingNummer")]
_REDENEN_WIJZIGING = ["02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "14"]


def _toegestaan(reden: str) -> str:
    if reden in NIET_TOEGESTAAN:
        raise ValueError(NIET_TOEGESTAAN[reden])
    return reden


RedenWijziging = Annotated[
    str,
    Field(pattern=r"^(0[1-9]|1[0-4])$"),
    AfterValidator(_toegestaan),
    # The document lists only what a worker may give; the others are refused with their reason.
    WithJsonSchema(
        {
            "type": "string",
            "enum": _REDENEN_WIJZIGING,
            "description": "JZ002; not 01 (withdrawn, CS336), 12 (only by honouring a VOW) or "
            "13 (POST .../verwijdering)",
            "examples": ["05"],
        }
    ),
]


class ToewijzingIn(Invoer):
    """A direct toewijzing the gemeente's own toegang grants, without a request."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TOEWIJZING]})

    gemeente: Gemeentecode
    aanbieder: Agb
    bsn: Bsn
    product: ProductIn
    ingangsdatum: Datum
    einddatum: Datum | None = None
    omvang: OmvangIn | None = None
    budget: int | None = Field(None, ge=1, le=99_999_999, description="eurocent")
    besloten_door: Wie


class WijzigingIn(Invoer):
    """A shorter or longer toewijzing; a null einddatum opens its end where the rules allow."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"einddatum": "2027-08-31", "reden_wijziging": "05", "besloten_door": "j.devries"}
            ]
        },
    )

    einddatum: Datum | None
    reden_wijziging: RedenWijziging
    besloten_door: Wie


class VerwijderingIn(BaseModel):
    """Who decides to delete a toewijzing."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"besloten_door": "j.devries"}]}
    )

    besloten_door: Wie


class ToewijzingOut(BaseModel):
    """A toewijzing as it stands after the change, with the JW301 that carries it."""

    model_config = ConfigDict(json_schema_extra={"examples": [_VERSTUURD]})

    toewijzing_nummer: int
    bericht_id: int
    versie: int
    ingangsdatum: date
    einddatum: date | None
    reden_wijziging: str | None
    toegewezen_at: datetime
    besloten_door: str


def get_toewijzingen(services: ServicesDep) -> GemeenteToewijzingen:
    """The gemeente's toewijzingen service on the app's JW301 sender."""
    return GemeenteToewijzingen(services.jw301)


ToewijzingenDep = Annotated[GemeenteToewijzingen, Depends(get_toewijzingen)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Grant a toewijzing without a request (JW301)",
    response_model=ToewijzingOut,
    responses=REFUSALS,
)
def toewijzen(
    body: ToewijzingIn,
    toegang: Gemeentewerker,
    toewijzingen: ToewijzingenDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Grant under a new ToewijzingNummer and send it with the client's other toewijzingen."""
    if body.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(body.gemeente)
    eigen_gemeente(toegang, body.gemeente)
    omvang = body.omvang
    nieuw = NieuweToewijzing(
        gemeente=body.gemeente,
        aanbieder=body.aanbieder,
        bsn=body.bsn,
        product=Product(body.product.categorie, body.product.code),
        ingangsdatum=body.ingangsdatum,
        einddatum=body.einddatum,
        omvang=Omvang(omvang.volume, omvang.eenheid, omvang.frequentie) if omvang else None,
        budget=body.budget,
    )
    return _run(
        uow,
        lambda session: toewijzingen.toewijzen(
            session, nieuw, besloten_door=body.besloten_door, now=services.clock.now()
        ),
    )


@router.post(
    "/{gemeente}/{nummer}/wijziging",
    status_code=status.HTTP_201_CREATED,
    summary="Shorten or lengthen a toewijzing (JW301, same number)",
    response_model=ToewijzingOut,
    responses=REFUSALS,
)
def wijzigen(
    gemeente: Annotated[Gemeentecode, Path()],
    nummer: Nummer,
    body: WijzigingIn,
    toegang: Gemeentewerker,
    toewijzingen: ToewijzingenDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Set a new Einddatum with a JZ002 RedenWijziging (not 01, 12 or 13)."""
    if gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)
    eigen_gemeente(toegang, gemeente)
    return _run(
        uow,
        lambda session: toewijzingen.wijzigen(
            session,
            gemeente,
            nummer,
            einddatum=body.einddatum,
            reden=body.reden_wijziging,
            besloten_door=body.besloten_door,
            now=services.clock.now(),
        ),
        ongeldig=409,
    )


@router.post(
    "/{gemeente}/{nummer}/verwijdering",
    status_code=status.HTTP_201_CREATED,
    summary="Delete a toewijzing (JW301, RedenWijziging 13)",
    response_model=ToewijzingOut,
    responses=REFUSALS,
)
def verwijderen(
    gemeente: Annotated[Gemeentecode, Path()],
    nummer: Nummer,
    body: VerwijderingIn,
    toegang: Gemeentewerker,
    toewijzingen: ToewijzingenDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """End the toewijzing on its Ingangsdatum with RedenWijziging 13: as if never sent."""
    if gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)
    eigen_gemeente(toegang, gemeente)
    return _run(
        uow,
        lambda session: toewijzingen.verwijderen(
            session, gemeente, nummer, besloten_door=body.besloten_door, now=services.clock.now()
        ),
        ongeldig=409,
    )


def _run(
    uow: UnitOfWork, change: Callable[[Session], Verstuurd], *, ongeldig: int = 422
) -> JSONResponse:
    """Make the change in one transaction; a refusal rolls it all back, JW301 included.

    `ongeldig` is the status of a JW301 that breaks a rule: 422 when the body alone decides
    it, 409 when it is the stored toewijzing that the change would break.
    """
    try:
        with uow.begin() as session:
            body = _out(change(session))
    except OutgoingInvalid as error:
        fails = "regels" if error.issues else "schema"
        detail = (
            f"de JW301 die ervoor nodig is voldoet niet aan de {fails} van de standaard; "
            "er is niets opgeslagen"
        )
        raise ToewijzingOngeldig.uit(error, detail, status_code=ongeldig) from error
    return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_201_CREATED)


def _out(verstuurd: Verstuurd) -> ToewijzingOut:
    row = verstuurd.toewijzing
    return ToewijzingOut(
        toewijzing_nummer=row.nummer,
        bericht_id=verstuurd.bericht_id,
        versie=row.versie,
        ingangsdatum=row.ingangsdatum_date,
        einddatum=row.einddatum_date,
        reden_wijziging=row.reden_wijziging,
        toegewezen_at=as_utc(row.toegewezen_at),
        besloten_door=verstuurd.besloten_door,
    )
