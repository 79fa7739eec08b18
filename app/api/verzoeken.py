"""The werkvoorraad and a gemeente worker's decisions on requests in onderzoek."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import JsonDict

from app.api import inzage as inzage_api
from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeenten
from app.api.inzage_schemas import VerwijzingInzage
from app.clock import as_utc
from app.fields import GROOTSTE_ID, XML_TEKENS, Agb, Gemeentecode, Moment, OmvangIn, Wie
from app.ijw.gemeenten import load_gemeenten
from app.ijw.omvang import total_minutes
from app.ijw.views import Omvang
from app.outbox.service import OutgoingInvalid, ToewijzingOngeldig
from app.paging import DatumCursor
from app.services import ServicesDep, UnitOfWorkDep
from app.strikt import Datum, DatumFilter, Invoer
from app.toewijzingen.rij import omvang_of
from app.verzoeken import service as verzoeken
from app.verzoeken.service import (
    BeslissingRow,
    Verzoek,
    VerzoekStand,
    controleer_afwijzing,
)

router = APIRouter(tags=["werkvoorraad"])

ONDERZOEKSTERMIJN = timedelta(weeks=8)
"""The final answer after 'in onderzoek' is due 8 weeks after the request's Dagtekening."""

CBS_GEMEENTEN = sorted(gemeente.code for gemeente in load_gemeenten())
"""The codes a woonplaatsbeginsel may name: every CBS gemeente, current or dissolved."""


class ToekenningIn(Invoer):
    """A worker's grant; a VOT may be granted with other dates or volume, a VOW only as asked."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"besloten_door": "j.devries", "toelichting": "Toegekend zoals gevraagd"},
                {
                    "besloten_door": "j.devries",
                    "toelichting": "Korter en minder dan gevraagd, na overleg met de aanbieder",
                    "ingangsdatum": "2026-12-01",
                    "einddatum": "2027-02-28",
                    "omvang": {"volume": 60, "eenheid": "01", "frequentie": "2"},
                },
            ]
        },
    )

    besloten_door: Wie
    toelichting: Annotated[str | None, Field(max_length=1000), XML_TEKENS] = None
    ingangsdatum: Datum = None  # type: ignore[assignment]  # absent: as asked; never null
    einddatum: Datum | None = None
    omvang: OmvangIn | None = None
    budget: int | None = Field(None, ge=0, le=99_999_999)

    def changes(self) -> set[str]:
        """Which of the grant's figures the worker set."""
        return self.model_fields_set & {"ingangsdatum", "einddatum", "omvang", "budget"}


class AfwijzingIn(Invoer):
    """A worker's rejection with a WJ759 reason; reason 8 names the responsible gemeente."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "besloten_door": "j.devries",
                    "reden": "8",
                    "woonplaatsbeginsel_gemeente": "0164",
                    "toelichting": "De jeugdige woont volgens de BRP in Hengelo",
                },
                {"besloten_door": "j.devries", "reden": "2"},
            ],
            # Reden 8 names the gemeente responsible; no other reden names one (TR377/TR409).
            "if": {"properties": {"reden": {"const": "8"}}},
            "then": {
                "required": ["woonplaatsbeginsel_gemeente"],
                "properties": {"woonplaatsbeginsel_gemeente": {"type": "string"}},
            },
            "else": {"properties": {"woonplaatsbeginsel_gemeente": {"type": "null"}}},
        },
    )

    besloten_door: Wie
    reden: Literal["1", "2", "3", "4", "5", "6", "7", "8", "9"]
    woonplaatsbeginsel_gemeente: Gemeentecode | None = Field(
        None, json_schema_extra={"enum": [*CBS_GEMEENTEN, None]}
    )
    toelichting: Annotated[str | None, Field(max_length=1000), XML_TEKENS] = None

    @model_validator(mode="after")
    def _woonplaatsbeginsel(self) -> AfwijzingIn:
        controleer_afwijzing(self.reden, self.woonplaatsbeginsel_gemeente)
        return self


Status = Literal["ontvangen", "in_onderzoek", "wacht_op_clientgegevens", "toegekend", "afgewezen"]

_BESLISSING: JsonDict = {
    "regelset": "twente",
    "regel": "default",
    "uitkomst": "onderzoek",
    "figuren": {"minutes": 2430, "period_days": 182, "open_end": False, "max_minutes": None},
    "redenen": [
        "geen regel van regelset 'twente' past bij ProductCategorie 45, ProductCode 45A48,"
        " Verwijzer type 02: standaarduitkomst onderzoek"
    ],
    "beheer": [
        "productcodes voor 'Behandeling individueel' zijn niet ingesteld (regel A1): "
        "de beheerder vult ze aan in de regelset"
    ],
    "reden_afwijzing": None,
    "besloten_door": "engine",
    "besloten_at": "2026-11-20T09:30:00+00:00",
    "bericht_id": 3,
}
_VERZOEK: JsonDict = {
    "id": 1,
    "soort": "VOT",
    "gemeente": "0153",
    "aanbieder": "87654321",
    "bsn": "999900018",
    "referentie_aanbieder": "VOT-2026-0042",
    "status": "in_onderzoek",
    "dagtekening": "2026-11-16",
    "ontvangen_at": "2026-11-20T09:30:00+00:00",
    "uiterlijk": "2027-01-11",
    "uiterlijk_soort": "eindantwoord",
    "reden_verzoek": None,
    "product": {
        "categorie": "45",
        "code": "45A48",
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-05-31",
        "periode_dagen": 182,
        "omvang": {"volume": 90, "eenheid": "01", "frequentie": "2"},
        "minuten": 2430,
        "budget": None,
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345", "naam": None},
    },
    "verwijzing": {"datum": "2026-10-02", "type": "02"},
    "beslissingen": [_BESLISSING],
}
_WACHTEND = _VERZOEK | {
    "id": 2,
    "bsn": "999900031",
    "referentie_aanbieder": "VOT-2026-0051",
    "status": "wacht_op_clientgegevens",
    "dagtekening": "2026-12-03",
    "ontvangen_at": "2026-12-04T08:15:00+00:00",
    "uiterlijk": "2026-12-11",
    "uiterlijk_soort": "antwoord_verzoek",
    "verwijzing": None,
    "beslissingen": [
        _BESLISSING
        | {
            "regel": "A1",
            "uitkomst": "toekennen",
            "redenen": [
                "A1 'Behandeling individueel': binnen de grenzen: 2.430 minuten, ten hoogste "
                "6.000; 2026-12-01..2027-05-31 (182 dagen), ten hoogste 12 maanden (laatste dag "
                "2027-11-30)"
            ],
            "besloten_at": "2026-12-04T08:15:00+00:00",
            "bericht_id": None,
        }
    ],
}
_BESLUIT: JsonDict = {"verzoek_id": 1, "status": "toegekend", "bericht_id": 4}


class OmvangOut(BaseModel):
    """Volume in Eenheid (WJ756) per Frequentie (WMO757), as requested."""

    volume: int
    eenheid: str
    frequentie: str


class VerwijzerOut(BaseModel):
    """Who referred, as the request names it (COD327)."""

    type: str | None
    zorgverlener_code: str | None
    naam: str | None


class ProductOut(BaseModel):
    """The product a VOT asks for, with the figures a worker weighs."""

    categorie: str | None
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    periode_dagen: int | None = Field(description="Days from Ingangsdatum to Einddatum")
    omvang: OmvangOut | None
    minuten: int | None = Field(description="Minutes over the whole period, where countable")
    budget: int | None = Field(description="eurocent")
    verwijzer: VerwijzerOut


class VerzoekVerwijzing(BaseModel):
    """The referral recorded for the request (PUT /verwijzingen)."""

    datum: date
    type: str


class BeslissingOut(BaseModel):
    """One decision on the request: the engine's or a worker's."""

    regelset: str | None
    regel: str
    uitkomst: str = Field(examples=["onderzoek"])
    figuren: dict[str, Any] = Field(description="The figures the rule set weighed")
    redenen: list[str] = Field(
        description="Waarom: de regels met hun codes (A3, A7, ...) en de cijfers die ze woegen"
    )
    beheer: list[str] = Field(
        description="Wat de gemeente nog moet instellen of vastleggen opdat de regels alles "
        "wegen (een regelset zonder productcodes, een onbekende verwijsdatum); de aanbieder "
        "ziet dit nooit"
    )
    reden_afwijzing: str | None = Field(description="WJ759, for a rejection")
    besloten_door: str
    besloten_at: Moment
    bericht_id: int | None = Field(description="The JW301 or JW319 the decision sent")


class VerzoekOut(BaseModel):
    """A request (a VOT product or a VOW) with its decisions."""

    model_config = ConfigDict(json_schema_extra={"examples": [_VERZOEK]})

    id: int
    soort: Literal["VOT", "VOW"]
    gemeente: str
    aanbieder: str
    bsn: str
    referentie_aanbieder: str
    status: Status
    dagtekening: date
    ontvangen_at: Moment
    uiterlijk: date | None = Field(
        description="The nearest deadline the request still owes, from its open signals: the "
        "first answer 5 working days after receipt, or the final answer 8 weeks after the "
        "Dagtekening; null when it owes none"
    )
    uiterlijk_soort: Literal["antwoord_verzoek", "eindantwoord"] | None = Field(
        description="Which deadline `uiterlijk` is"
    )
    reden_verzoek: str | None
    product: ProductOut | None = Field(description="Only for a VOT")
    verwijzing: VerzoekVerwijzing | None
    beslissingen: list[BeslissingOut]


class WerkvoorraadPage(BaseModel):
    """One page of the werkvoorraad and the cursor of the next (null on the last page)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_VERZOEK], "next": "2027-01-11.1"}]}
    )

    items: list[VerzoekOut]
    next: str | None = Field(description="`after` voor de volgende pagina; null op de laatste")


class AntwoordOut(BaseModel):
    """A message that answered the request."""

    bericht_id: int
    type: str = Field(examples=["JW301"])
    identificatie: str
    toewijzing_nummers: list[int] = Field(
        description="The ToewijzingNummers a JW301 granted on this request (empty for a JW319)"
    )


class VerzoekDetailOut(VerzoekOut):
    """A request, its decisions and the messages that answered it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                _VERZOEK
                | {
                    "antwoorden": [
                        {
                            "bericht_id": 3,
                            "type": "JW319",
                            "identificatie": "3",
                            "toewijzing_nummers": [],
                        },
                        {
                            "bericht_id": 5,
                            "type": "JW301",
                            "identificatie": "4",
                            "toewijzing_nummers": [1001],
                        },
                    ],
                    "verwijzingsbrief": {
                        "datum": "2026-10-02",
                        "verwijzer": {
                            "type": "02",
                            "zorgverlener_code": "01012345",
                            "naam": None,
                        },
                        "vastgelegd_door": "p.smit",
                        "vastgelegd_rol": "aanbieder",
                        "key_id": 4,
                        "key_naam": "aanbieder 87654321",
                        "vastgelegd_at": "2026-11-12T10:00:00Z",
                    },
                }
            ]
        }
    )

    antwoorden: list[AntwoordOut]
    verwijzingsbrief: VerwijzingInzage | None = Field(
        description="The referral recorded behind its ReferentieAanbieder, and who recorded it"
    )


class BesluitOut(BaseModel):
    """The request after the decision, and the message that carries it."""

    model_config = ConfigDict(json_schema_extra={"examples": [_BESLUIT]})

    verzoek_id: int
    status: Status
    bericht_id: int = Field(description="The JW301 or JW319 in the outbox")


VerzoekId = Annotated[
    int, Path(ge=1, le=GROOTSTE_ID, description="The `id` of a request in the werkvoorraad")
]

_UNKNOWN = openapi.problem_response(
    "Unknown request, or one of a gemeente outside the key's scope",
    openapi.problem_example(404, "verzoek-unknown", "Onbekend verzoek", "geen verzoek 41"),
)
_BESLUIT_REFUSALS = {
    **openapi.UNREADABLE_BODY,
    **openapi.GEMEENTEWERKER,
    404: _UNKNOWN,
    409: openapi.problem_response(
        "The answers already sent allow no such decision, the client's data are missing, or"
        " the grant overlaps a toewijzing for the same product",
        openapi.TOEWIJZING_OVERLAP,
        openapi.problem_example(
            409,
            "answer-sequence",
            "Antwoord nu niet toegestaan",
            "TR359: een JW301 honoreerde deze ReferentieAanbieder al; er mag geen ander antwoord "
            "volgen",
            code="TR359",
        ),
        openapi.problem_example(
            409,
            "clientgegevens-ontbreken",
            "Cliëntgegevens ontbreken",
            "van deze cliënt zijn geen Contactgegevens bekend, dus er kan geen JW301 worden "
            "gemaakt: leg ze eerst vast met PUT /clientgegevens",
        ),
    ),
    **openapi.invalid(
        "Invalid body, a decision not possible, or a JW301 that would break the standard",
        openapi.INVALID_REQUEST,
        openapi.problem_example(
            422,
            "invalid-decision",
            "Besluit niet mogelijk",
            "einddatum ligt voor ingangsdatum (CS003)",
        ),
        openapi.problem_example(
            422,
            "toewijzing-invalid",
            "De toewijzing breekt een regel van de standaard",
            "de JW301 voor deze toekenning zou worden afgekeurd; er is niets opgeslagen",
            errors=[
                {
                    "code": "CD076",
                    "location": "/Bericht/Client/ToegewezenProducten/ToegewezenProduct",
                    "message": "ToegewezenProduct 1 has Frequentie 2 (per week) but no Einddatum",
                }
            ],
        ),
    ),
}


def _beslissing(row: BeslissingRow) -> dict:
    return {
        "regelset": row.regelset,
        "regel": row.regel,
        "uitkomst": row.uitkomst,
        "figuren": row.figuren,
        "redenen": row.redenen,
        "beheer": row.beheer or [],
        "reden_afwijzing": row.reden_afwijzing,
        "besloten_door": row.besloten_door,
        "besloten_at": as_utc(row.besloten_at).isoformat(),
        "bericht_id": row.bericht_id,
    }


def _product(verzoek: Verzoek) -> dict | None:
    begin = verzoek.ingangsdatum_date
    if verzoek.soort != "VOT" or begin is None:  # a VOT always asks for an Ingangsdatum
        return None
    omvang = omvang_of(verzoek.volume, verzoek.eenheid, verzoek.frequentie)
    minuten = None
    if omvang is not None and (verzoek.einddatum_date is not None or omvang.frequentie == "6"):
        minuten = total_minutes(omvang, begin, verzoek.einddatum_date)
    einde = verzoek.einddatum_date
    return {
        "categorie": verzoek.categorie,
        "code": verzoek.code,
        "ingangsdatum": begin.isoformat(),
        "einddatum": einde.isoformat() if einde else None,
        "periode_dagen": (einde - begin).days + 1 if einde else None,
        "omvang": None
        if omvang is None
        else {"volume": omvang.volume, "eenheid": omvang.eenheid, "frequentie": omvang.frequentie},
        "minuten": minuten,
        "budget": verzoek.budget,
        "verwijzer": {
            "type": verzoek.verwijzer_type,
            "zorgverlener_code": verzoek.verwijzer_code,
            "naam": verzoek.verwijzer_naam,
        },
    }


def _verzoek(stand: VerzoekStand) -> dict:
    verzoek, termijn, verwijzing = stand.verzoek, stand.termijn, stand.verwijzing
    return {
        "id": verzoek.id,
        "soort": verzoek.soort,
        "gemeente": verzoek.gemeente,
        "aanbieder": verzoek.aanbieder,
        "bsn": verzoek.bsn,
        "referentie_aanbieder": verzoek.referentie_aanbieder,
        "status": verzoek.status,
        "dagtekening": verzoek.dagtekening_date.isoformat(),
        "ontvangen_at": as_utc(verzoek.received_at).isoformat(),
        "uiterlijk": termijn.uiterlijk.isoformat() if termijn else None,
        "uiterlijk_soort": termijn.soort if termijn else None,
        "reden_verzoek": verzoek.reden_verzoek,
        "product": _product(verzoek),
        "verwijzing": None
        if verwijzing is None
        else {"datum": verwijzing.datum_date.isoformat(), "type": verwijzing.verwijzer_type},
        "beslissingen": [_beslissing(row) for row in stand.beslissingen],
    }


@router.get(
    "/werkvoorraad",
    summary="Requests waiting for a gemeente worker",
    response_model=WerkvoorraadPage,
    responses={
        **openapi.GEMEENTEWERKER,
        **openapi.invalid(),
    },
)
def werkvoorraad(
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
    uiterlijk_voor: Annotated[
        DatumFilter | None,
        Query(description="Its nearest deadline (`uiterlijk`) is before this date"),
    ] = None,
    after: Annotated[DatumCursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> JSONResponse:
    """Requests in onderzoek or waiting for client data, the nearest deadline first, paged.

    Sorted by `uiterlijk`, then id; page on with `after` = the previous page's `next`.
    """
    gemeenten = eigen_gemeenten(toegang, gemeente)
    with uow.begin() as session:
        pagina = verzoeken.werkvoorraad(
            session,
            services.audit,
            toegang,
            gemeenten,
            aanbieder=aanbieder,
            uiterlijk_voor=uiterlijk_voor,
            after=after,
            limit=limit,
            now=services.clock.now(),
        )
        items = [_verzoek(stand) for stand in pagina.verzoeken]
    # Built as the documented WerkvoorraadPage (the tests check it): validating it again on the
    # way out would cost as much as the audit of the read.
    return JSONResponse({"items": items, "next": pagina.next})


@router.get(
    "/verzoeken/{verzoek_id}",
    summary="One request with its decisions and answers",
    response_model=VerzoekDetailOut,
    responses={**openapi.GEMEENTEWERKER, 404: _UNKNOWN, **openapi.invalid()},
)
def verzoek_detail(
    verzoek_id: VerzoekId, toegang: Gemeentewerker, services: ServicesDep, uow: UnitOfWorkDep
) -> dict[str, Any] | Response:
    """A request, its decision records and the messages that answered it."""
    with uow.begin() as session:
        dossier = verzoeken.verzoek_dossier(
            session, services.audit, toegang, verzoek_id, services.clock.now()
        )
        body = _verzoek(dossier.stand)
        nummers = dossier.toewijzing_nummers
        body["antwoorden"] = [
            {
                "bericht_id": row.id,
                "type": row.type,
                "identificatie": row.identificatie,
                "toewijzing_nummers": nummers.get(row.id, []) if row.type == "JW301" else [],
            }
            for row in dossier.antwoorden
        ]
        brief = inzage_api.verwijzing_inzage(dossier.verwijzingsbrief)
        body["verwijzingsbrief"] = None if brief is None else brief.model_dump(mode="json")
        return body


_NIETS_OPGESLAGEN = "de JW301 voor deze toekenning zou worden afgekeurd; er is niets opgeslagen"


@router.post(
    "/verzoeken/{verzoek_id}/toekenning",
    status_code=201,
    summary="Grant a request (JW301)",
    response_model=BesluitOut,
    responses=_BESLUIT_REFUSALS,
)
def toekennen(
    verzoek_id: VerzoekId,
    toekenning: ToekenningIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Grant as requested or, for a VOT, with the dates and volume the worker sets."""
    try:
        with uow.begin() as session:
            besloten = services.verzoeken.ken_eigen_toe(
                session,
                toegang.gemeenten,
                verzoek_id,
                besloten_door=toekenning.besloten_door,
                wijzigingen=_wijzigingen(toekenning),
                toelichting=toekenning.toelichting,
                now=services.clock.now(),
            )
            body = {
                "verzoek_id": verzoek_id,
                "status": besloten.status,
                "bericht_id": besloten.bericht_id,
            }
    except OutgoingInvalid as error:
        raise ToewijzingOngeldig.uit(error, _NIETS_OPGESLAGEN) from error
    return JSONResponse(body, status_code=201)


def _wijzigingen(toekenning: ToekenningIn) -> dict[str, Any]:
    """The figures the worker set, by name, as the service takes them."""
    omvang = toekenning.omvang
    wijzigingen = {name: getattr(toekenning, name) for name in toekenning.changes()}
    if "omvang" in wijzigingen:
        wijzigingen["omvang"] = (
            Omvang(omvang.volume, omvang.eenheid, omvang.frequentie) if omvang else None
        )
    return wijzigingen


@router.post(
    "/verzoeken/{verzoek_id}/afwijzing",
    status_code=201,
    summary="Reject a request (JW319, VerzoekAntwoord 1)",
    response_model=BesluitOut,
    responses=_BESLUIT_REFUSALS,
)
def afwijzen(
    verzoek_id: VerzoekId,
    afwijzing: AfwijzingIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Reject with a WJ759 reason; records who decided and when."""
    try:
        with uow.begin() as session:
            besloten = services.verzoeken.wijs_eigen_af(
                session,
                toegang.gemeenten,
                verzoek_id,
                besloten_door=afwijzing.besloten_door,
                reden=afwijzing.reden,
                woonplaatsbeginsel_gemeente=afwijzing.woonplaatsbeginsel_gemeente,
                toelichting=afwijzing.toelichting,
                now=services.clock.now(),
            )
            body = {
                "verzoek_id": verzoek_id,
                "status": besloten.status,
                "bericht_id": besloten.bericht_id,
            }
    except OutgoingInvalid as error:
        raise ToewijzingOngeldig.uit(error, _NIETS_OPGESLAGEN) from error
    return JSONResponse(body, status_code=201)
