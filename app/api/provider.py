"""The provider API: an aanbieder's own requests, current toewijzingen and signals, as JSON.

Every endpoint takes an aanbieder key and its AGB code is the scope: another aanbieder's data
is never refused but simply not found (404, an empty list), so nothing reveals that it exists.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse
from pydantic import ConfigDict, Field

from app import logs
from app.access.toegang import Toegang
from app.api import openapi
from app.api.auth import Aanbieder
from app.api.provider_schemas import (
    STATUS_BETEKENIS,
    AanbiederAntwoordOut,
    AanbiederBeslissingOut,
    AanbiederOmvangOut,
    AanbiederProductOut,
    AanbiederVerwijzingOut,
    AanbiederVerzoekOut,
    AangevraagdProductOut,
    HuidigeToewijzingOut,
    problemen,
)
from app.api.signalen import SignalenPage, Status, fetch_page
from app.api.verzoeken import ONDERZOEKSTERMIJN
from app.clock import as_utc, date_of
from app.deadlines import policy
from app.deadlines.onderwerp import SignaalFilters
from app.deadlines.policy import Soort
from app.deadlines.signalen import LOPEND
from app.fields import XML_TEKENS, Bsn, Gemeentecode
from app.inzage import service as inzage
from app.inzage.service import (
    AanbiederVerzoek,
    Bericht,
    Beslissing,
    Toewijzing,
    Verwijzing,
    Verzoek,
)
from app.paging import DatumCursor
from app.problem import GemeenteNietBediend
from app.services import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.strikt import Invoer
from app.toewijzingen.rij import omvang_of
from app.verzoeken.service import AFGEWEZEN_ANTWOORD, AFWIJZEN, HANDMATIG, ONDERZOEK_ANTWOORD
from app.verzoeken.status import IN_ONDERZOEK, ONTVANGEN, WACHT_OP_CLIENTGEGEVENS

router = APIRouter(prefix="/api/v1", tags=["aanbieder"])
log = logs.logger("aanbieder")

Referentie = Annotated[
    str,
    Path(
        min_length=1,
        max_length=36,
        description="The ReferentieAanbieder the aanbieder gave the request in its JW315/JW317",
        examples=["VOT-2026-0042"],
    ),
    XML_TEKENS,
]
GemeenteFilter = Annotated[
    Gemeentecode | None, Query(description="CBS code of one gemeente served here")
]


def _served(services: Services, gemeente: str | None) -> None:
    """Refuse a named gemeente this deployment does not serve."""
    if gemeente is not None and gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)


# --- one request -------------------------------------------------------------------------------


@router.get(
    "/verzoeken/{referentie_aanbieder}",
    summary="One of your requests by its ReferentieAanbieder",
    description=(
        "The state of a VOT product or VOW you sent: its status and what it means, when the "
        "gemeente's answer is due, the latest decision and the JW319/JW301 messages that "
        "answered it. A ReferentieAanbieder is unique per gemeente: when several gemeenten "
        "hold it, name one with `gemeente` (else 409). Another aanbieder's reference is "
        "not found (404). The read is recorded in the audit log, as the answer holds the BSN."
    ),
    response_model=AanbiederVerzoekOut,
    responses={
        200: {"description": "The request, its decision and the answers sent"},
        **problemen(401, 403, 404, 409, 422),
    },
)
def verzoek(
    referentie_aanbieder: Referentie,
    toegang: Aanbieder,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: GemeenteFilter = None,
) -> Response:
    """The aanbieder's own request with this reference, its decision and answers."""
    _served(services, gemeente)
    with uow.begin() as session:
        found = inzage.aanbieder_verzoek(
            session, services.audit, toegang, referentie_aanbieder, gemeente, services.clock.now()
        )
        body = _verzoek_out(found, services)
    return JSONResponse(body.model_dump(mode="json"))


def _verzoek_out(found: AanbiederVerzoek, services: Services) -> AanbiederVerzoekOut:
    verzoek, records = found.verzoek, found.beslissingen
    return AanbiederVerzoekOut(
        referentie_aanbieder=verzoek.referentie_aanbieder,
        soort=verzoek.soort,
        gemeente=verzoek.gemeente,
        bsn=verzoek.bsn,
        status=verzoek.status,
        status_betekenis=STATUS_BETEKENIS[verzoek.status],
        dagtekening=verzoek.dagtekening_date,
        ontvangen_at=as_utc(verzoek.received_at),
        antwoord_uiterlijk=_antwoord_uiterlijk(verzoek, services),
        beantwoord_at=as_utc(verzoek.beantwoord_at) if verzoek.beantwoord_at else None,
        product=_aangevraagd(verzoek),
        beslissing=_beslissing(records[-1]) if records else None,
        antwoorden=_antwoorden(found.antwoorden, records),
        toewijzing_nummers=found.toewijzing_nummers,
        verwijzing=_verwijzing(found.verwijzing),
    )


def _verwijzing(row: Verwijzing | None) -> AanbiederVerwijzingOut | None:
    if row is None:
        return None
    return AanbiederVerwijzingOut(
        datum=row.datum_date,
        verwijzer_type=row.verwijzer_type,
        zorgverlener_code=row.verwijzer_code,
        naam=row.verwijzer_naam,
        vastgelegd_rol=row.vastgelegd_rol,
    )


def _antwoord_uiterlijk(verzoek: Verzoek, services: Services) -> date | None:
    """The due date of the answer still owed, as the deadline keeping plans it."""
    if verzoek.status == IN_ONDERZOEK:
        return verzoek.dagtekening_date + ONDERZOEKSTERMIJN
    if verzoek.status in (ONTVANGEN, WACHT_OP_CLIENTGEGEVENS):
        ontvangen = date_of(as_utc(verzoek.received_at))
        return policy.antwoord(ontvangen, services.termijnen.kalender)
    return None


def _omvang(row: Toewijzing | Verzoek) -> AanbiederOmvangOut | None:
    omvang = omvang_of(row.volume, row.eenheid, row.frequentie)
    if omvang is None:
        return None
    return AanbiederOmvangOut(
        volume=omvang.volume, eenheid=omvang.eenheid, frequentie=omvang.frequentie
    )


def _aangevraagd(verzoek: Verzoek) -> AangevraagdProductOut | None:
    if verzoek.soort != "VOT":
        return None
    return AangevraagdProductOut(
        categorie=verzoek.categorie,
        code=verzoek.code,
        ingangsdatum=verzoek.ingangsdatum_date,
        einddatum=verzoek.einddatum_date,
        omvang=_omvang(verzoek),
        budget=verzoek.budget,
    )


def _beslissing(record: Beslissing) -> AanbiederBeslissingOut:
    return AanbiederBeslissingOut(
        uitkomst=record.uitkomst,
        regelset=record.regelset,
        regel=record.regel,
        # A worker's toelichting is an internal note of the gemeente, not for the provider.
        redenen=[] if record.regel == HANDMATIG else record.redenen,
        reden_afwijzing=record.reden_afwijzing,
        besloten_at=as_utc(record.besloten_at),
    )


def _antwoorden(berichten: list[Bericht], records: list[Beslissing]) -> list[AanbiederAntwoordOut]:
    """The messages the decisions were sent with; a JW319's answer follows from its decision."""
    by_bericht = {record.bericht_id: record for record in records if record.bericht_id is not None}
    return [
        AanbiederAntwoordOut(
            type=bericht.type,
            identificatie=bericht.identificatie,
            dagtekening=bericht.dagtekening_date,
            verzonden_at=as_utc(bericht.at),
            verzoek_antwoord=_verzoek_antwoord(bericht.type, by_bericht[bericht.id]),
        )
        for bericht in berichten
    ]


def _verzoek_antwoord(type_: str, record: Beslissing) -> str | None:
    if type_ != "JW319":
        return None
    return AFGEWEZEN_ANTWOORD if record.uitkomst == AFWIJZEN else ONDERZOEK_ANTWOORD


# --- a client's current toewijzingen -------------------------------------------------------


_TOEWIJZINGEN_RESPONSES: dict[int | str, dict] = {
    200: {"description": "The client's current toewijzingen; an empty list for none"},
    **problemen(401, 403, 422),
    404: openapi.NIET_BEDIEND[404],
}
_TOEWIJZINGEN_BESCHRIJVING = (
    "The toewijzingen the gemeenten served here granted you for this client, as they "
    "stand now: not deleted (RedenWijziging 13) and not ended before today. An empty "
    "list when there are none. The read is recorded in the audit log, also when nothing "
    "is found."
)


class ToewijzingenZoekenIn(Invoer):
    """Whose current toewijzingen to find: the BSN travels in the body, never in the URL."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"bsn": "999900018", "gemeente": "0153"}]}
    )

    bsn: Bsn = Field(description="The client's BSN (passes the 11-proef)")
    gemeente: Gemeentecode | None = Field(
        None, description="CBS code of one gemeente served here (default: all of them)"
    )


@router.post(
    "/toewijzingen/zoeken",
    summary="A client's current toewijzingen at your organisation (BSN in the body)",
    description=_TOEWIJZINGEN_BESCHRIJVING,
    response_model=list[HuidigeToewijzingOut],
    responses={**_TOEWIJZINGEN_RESPONSES, **openapi.UNREADABLE_BODY},
)
def toewijzingen_zoeken(
    zoek: ToewijzingenZoekenIn, toegang: Aanbieder, services: ServicesDep, uow: UnitOfWorkDep
) -> JSONResponse:
    """Current toewijzingen of the client at the key's aanbieder, by gemeente and number."""
    return _toewijzingen(
        zoek.bsn, zoek.gemeente, toegang, services, uow, actie="POST /api/v1/toewijzingen/zoeken"
    )


@router.get(
    "/toewijzingen",
    summary="A client's current toewijzingen at your organisation",
    description=_TOEWIJZINGEN_BESCHRIJVING
    + " Deprecated: a BSN does not belong in a URL; use `POST /api/v1/toewijzingen/zoeken`.",
    response_model=list[HuidigeToewijzingOut],
    responses=_TOEWIJZINGEN_RESPONSES,
    deprecated=True,
)
def toewijzingen(
    bsn: Annotated[Bsn, Query(description="The client's BSN (passes the 11-proef)")],
    toegang: Aanbieder,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: GemeenteFilter = None,
) -> JSONResponse:
    """Current toewijzingen of the client at the key's aanbieder (deprecated: BSN in the URL)."""
    log.warning(
        "deprecated GET /api/v1/toewijzingen with a BSN in the query string; "
        "use POST /api/v1/toewijzingen/zoeken"
    )
    return _toewijzingen(bsn, gemeente, toegang, services, uow, actie="GET /api/v1/toewijzingen")


def _toewijzingen(
    bsn: str,
    gemeente: str | None,
    toegang: Toegang,
    services: Services,
    uow: UnitOfWork,
    *,
    actie: str,
) -> JSONResponse:
    """The client's current toewijzingen at the aanbieder; the read is audited."""
    _served(services, gemeente)
    gemeenten = [gemeente] if gemeente is not None else sorted(services.settings.gemeenten)
    with uow.begin() as session:
        found = inzage.aanbieder_toewijzingen(
            session,
            services.audit,
            toegang,
            bsn,
            gemeente,
            gemeenten,
            actie=actie,
            now=services.clock.now(),
        )
        body = [_toewijzing_out(row).model_dump(mode="json") for row in found]
    return JSONResponse(body)


def _toewijzing_out(row: Toewijzing) -> HuidigeToewijzingOut:
    return HuidigeToewijzingOut(
        gemeente=row.gemeente,
        toewijzing_nummer=row.nummer,
        product=AanbiederProductOut(categorie=row.categorie, code=row.code)
        if row.categorie
        else None,
        ingangsdatum=row.ingangsdatum_date,
        einddatum=row.einddatum_date,
        omvang=_omvang(row),
        budget=row.budget,
        reden_wijziging=row.reden_wijziging,
        referentie_aanbieder=row.referentie_aanbieder,
        toegewezen_at=as_utc(row.toegewezen_at),
        versie=row.versie,
    )


# --- signals -------------------------------------------------------------------------------

_SIGNALEN_VOORBEELD = {
    "items": [
        {
            "id": 42,
            "soort": "start_zorg",
            "onderwerp": "toewijzing",
            "onderwerp_id": 7,
            "gemeente": "0153",
            "aanbieder": "87654321",
            "vanaf": "2026-12-01",
            "due": "2026-12-08",
            "status": "open",
            "te_laat": False,
            "detail": None,
            "changed_at": "2026-11-20T09:30:00Z",
            "toewijzing_nummer": 1001,
            "referentie_aanbieder": "VOT-2026-0042",
            "product": {"categorie": "54", "code": "54001"},
            "client": {"bsn": "999900018", "naam": None},
            "wacht_op": "JW305 op toewijzing 1001",
            "actie_bij": "aanbieder",
        }
    ],
    "next": "2026-12-08.42",
}


@router.get(
    "/signalen",
    summary="Your deadline signals, soonest due first",
    description=(
        "Deadlines your organisation has towards the gemeenten served here (a JW305 or "
        "JW307 owed, a retour on a JW301/JW319, ...). Without `status`: the signals not yet "
        "met, i.e. `open` and `overdue`. Each names its subject: the ToewijzingNummer or "
        "ReferentieAanbieder, the product, your client's BSN and the message it waits for "
        "(`wacht_op`). Sorted by due date, then id; page on with `after` set to the previous "
        "page's `next` (null on the last page). The read is recorded in the audit log."
    ),
    response_model=SignalenPage,
    responses={
        200: {
            "description": "One page of signals and the cursor of the next",
            "content": {"application/json": {"example": _SIGNALEN_VOORBEELD}},
        },
        **problemen(401, 403, 422),
        **openapi.NIET_BEDIEND,
    },
)
def signalen(
    toegang: Aanbieder,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    soort: Annotated[Soort | None, Query(description="Kind of deadline")] = None,
    status: Annotated[
        Status | None, Query(description="One state; default: open and overdue (not yet met)")
    ] = None,
    gemeente: GemeenteFilter = None,
    zichtbaar: Annotated[
        bool, Query(description="Only signals visible today; false adds windows not yet open")
    ] = True,
    after: Annotated[DatumCursor | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """Signals of the key's aanbieder; by default the running ones (open and overdue)."""
    _served(services, gemeente)
    statussen = LOPEND if status is None else (status,)
    # Why a grant waits for client data (what the BRP said of the client) stays inside the
    # gemeente: the aanbieder sees the request's status wacht_op_clientgegevens only.
    filters = SignaalFilters(
        soort,
        statussen,
        gemeente,
        toegang.agb,
        None,
        zichtbaar,
        after,
        verborgen=(Soort.CLIENTGEGEVENS,),
    )
    gemeenten = None if gemeente is None else frozenset({gemeente})
    body = fetch_page(
        filters, gemeenten, limit, toegang, services, uow, actie="GET /api/v1/signalen"
    )
    return JSONResponse(body.model_dump(mode="json"))
