"""Look-ups for gemeente workers: a toewijzing by number, requests by filter, a client's history.

Each is a read of personal data and recorded in the audit log. A toewijzing or request of a
gemeente outside the key's scope is not found (404); naming such a gemeente is refused (403).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse

from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente, eigen_gemeenten
from app.api.inzage_schemas import (
    ClientNaam,
    ClientOverzichtOut,
    ClientZoekenIn,
    Door,
    GemeenteNaam,
    Hoeveelheid,
    ProductCode,
    StartOut,
    StopOut,
    ToewijzingDetailOut,
    ToewijzingSamenvatting,
    ToewijzingSignaalOut,
    VastleggingInzage,
    VersieOut,
    VerwijzerInzage,
    VerwijzingInzage,
    VerzoekenPage,
    VerzoekSamenvatting,
    VerzoekStatus,
    VerzoekVerwijzingOut,
)
from app.api.toewijzingen import Nummer
from app.clock import as_utc, date_of
from app.deadlines.onderwerp import naam
from app.fields import GROOTSTE_ID, XML_TEKENS, Agb, Gemeentecode
from app.ijw import toewijzingstatus
from app.inzage import service
from app.inzage.service import Rij, Toewijzing, Verwijzing, Verzoek
from app.problem import GemeenteNietBediend
from app.services import ServicesDep, UnitOfWorkDep
from app.toewijzingen.rij import omvang_of, toewijzing_verwijderd

router = APIRouter(tags=["opzoeken"])

_ONBEKEND = openapi.problem_response(
    "No such toewijzing in a gemeente of the key's scope",
    openapi.problem_example(
        404, "toewijzing-unknown", "Onbekende toewijzing", "gemeente 0153 heeft geen toewijzing 41"
    ),
    openapi.NOT_SERVED,
)
_INVALID = openapi.invalid(
    "A value fails its schema",
    openapi.INVALID_REQUEST,
)


def _product(row: Toewijzing | Verzoek | Rij) -> ProductCode | None:
    if row.categorie is None and row.code is None:
        return None
    return ProductCode(categorie=row.categorie, code=row.code)


def _omvang(row: Toewijzing | Rij) -> Hoeveelheid | None:
    omvang = omvang_of(row.volume, row.eenheid, row.frequentie)
    if omvang is None:
        return None
    return Hoeveelheid(volume=omvang.volume, eenheid=omvang.eenheid, frequentie=omvang.frequentie)


def _door(row: Verwijzing | Rij, key_naam: str | None) -> dict[str, Any]:
    return Door(
        vastgelegd_door=row.vastgelegd_door,
        vastgelegd_rol=row.vastgelegd_rol,
        key_id=row.key_id,
        key_naam=key_naam,
        vastgelegd_at=as_utc(row.vastgelegd_at),
    ).model_dump()


def verwijzing_inzage(found: Rij | None) -> VerwijzingInzage | None:
    """A recorded referral and who recorded it, as JSON."""
    if found is None:
        return None
    row = found.Verwijzing
    return VerwijzingInzage(
        datum=row.datum_date,
        verwijzer=VerwijzerInzage(
            type=row.verwijzer_type, zorgverlener_code=row.verwijzer_code, naam=row.verwijzer_naam
        ),
        **_door(row, found.key_naam),
    )


def toewijzing_detail(inzage: service.ToewijzingInzage) -> ToewijzingDetailOut:
    """A toewijzing's look-up as JSON."""
    row = inzage.toewijzing
    verzoek = inzage.verzoek
    return ToewijzingDetailOut(
        gemeente=row.gemeente,
        toewijzing_nummer=row.nummer,
        aanbieder=row.aanbieder,
        client=ClientNaam(bsn=row.bsn, naam=naam(inzage.client)),
        product=_product(row),
        ingangsdatum=row.ingangsdatum_date,
        einddatum=row.einddatum_date,
        omvang=_omvang(row),
        budget=row.budget,
        reden_wijziging=row.reden_wijziging,
        referentie_aanbieder=row.referentie_aanbieder,
        versie=row.versie,
        verwijderd=toewijzing_verwijderd(row),
        verzoek=None
        if verzoek is None
        else VerzoekVerwijzingOut(
            id=verzoek.id,
            referentie_aanbieder=verzoek.referentie_aanbieder,
            status=verzoek.status,
        ),
        verwijzing=verwijzing_inzage(inzage.verwijzing),
        versies=[
            VersieOut(
                versie=versie.versie,
                product=_product(versie),
                ingangsdatum=versie.ingangsdatum_date,
                einddatum=versie.einddatum_date,
                omvang=_omvang(versie),
                budget=versie.budget,
                reden_wijziging=versie.reden_wijziging,
                referentie_aanbieder=versie.referentie_aanbieder,
                toegewezen_at=as_utc(versie.toegewezen_at),
                besloten_door=versie.besloten_door,
                jw301_identificatie=identificatie,
            )
            for versie, identificatie in inzage.versies
        ],
        starts=[
            StartOut(
                begindatum=start.begindatum_date,
                status=start.status,
                ontvangen_at=as_utc(start.received_at),
                jw305_identificatie=identificatie,
            )
            for start, identificatie in inzage.starts
        ],
        stops=[
            StopOut(
                begindatum=stop.begindatum_date,
                einddatum=stop.einddatum_date,
                reden_beeindiging=stop.reden_beeindiging,
                status=stop.status,
                ontvangen_at=as_utc(stop.received_at),
                jw307_identificatie=identificatie,
            )
            for stop, identificatie in inzage.stops
        ],
        signalen=[
            ToewijzingSignaalOut(
                id=signaal.id,
                soort=signaal.soort,
                vanaf=signaal.vanaf_date,
                due=signaal.due_date,
                status=signaal.status,
                te_laat=signaal.te_laat,
                wacht_op=inzage.onderwerpen[signaal.id].wacht_op,
                actie_bij=inzage.onderwerpen[signaal.id].actie_bij,
            )
            for signaal in inzage.signalen
        ],
        vastleggingen=[
            VastleggingInzage(
                id=record.id,
                soort=record.soort,
                datum=record.datum_date,
                details=record.details,
                **_door(record, record.key_naam),
            )
            for record in inzage.vastleggingen
        ],
    )


@router.get(
    "/toewijzingen/{gemeente}/{nummer}",
    summary="One toewijzing by its ToewijzingNummer, with its whole history",
    description=(
        "The toewijzing as it stands, its client, versions (with their JW301), starts, stops, "
        "signals, regional records and the request and referral behind it, each record "
        "naming who made it (person, role and key). A gemeente outside the key's scope is "
        "refused (403). The read is recorded in the audit log."
    ),
    response_model=ToewijzingDetailOut,
    responses={**openapi.GEMEENTEWERKER, 404: _ONBEKEND, **_INVALID},
)
def toewijzing(
    gemeente: Annotated[Gemeentecode, Path()],
    nummer: Nummer,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """The toewijzing with its history; the read is audited."""
    if gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)
    eigen_gemeente(toegang, gemeente)
    with uow.begin() as session:
        inzage = service.toewijzing(
            session, services.audit, toegang, gemeente, nummer, services.clock.now()
        )
        body = toewijzing_detail(inzage)
    return JSONResponse(body.model_dump(mode="json"))


def samenvatting(verzoek: Verzoek) -> VerzoekSamenvatting:
    """A request in a list."""
    return VerzoekSamenvatting(
        id=verzoek.id,
        soort=verzoek.soort,
        gemeente=verzoek.gemeente,
        aanbieder=verzoek.aanbieder,
        bsn=verzoek.bsn,
        referentie_aanbieder=verzoek.referentie_aanbieder,
        status=verzoek.status,
        dagtekening=verzoek.dagtekening_date,
        ontvangen_at=as_utc(verzoek.received_at),
        product=_product(verzoek) if verzoek.soort == "VOT" else None,
    )


def _toewijzing_kort(row: Toewijzing, today: date) -> ToewijzingSamenvatting:
    verwijderd = toewijzing_verwijderd(row)
    return ToewijzingSamenvatting(
        gemeente=row.gemeente,
        toewijzing_nummer=row.nummer,
        aanbieder=row.aanbieder,
        product=_product(row),
        ingangsdatum=row.ingangsdatum_date,
        einddatum=row.einddatum_date,
        versie=row.versie,
        reden_wijziging=row.reden_wijziging,
        verwijderd=verwijderd,
        actueel=toewijzingstatus.actueel(
            row.reden_wijziging, row.ingangsdatum_date, row.einddatum_date, today
        ),
    )


@router.post(
    "/clienten/zoeken",
    summary="A client's requests and toewijzingen, by BSN",
    description=(
        "Every request (newest first, decided ones included) and toewijzing (current, ended "
        "and deleted) of the client in the gemeente named, or in all of the key's gemeenten. "
        "The BSN travels in the body so no URL or access log holds it. The search is "
        "recorded in the audit log, also when nothing is found."
    ),
    response_model=ClientOverzichtOut,
    responses={
        200: {"description": "The client's history; empty lists when none is known"},
        **openapi.UNREADABLE_BODY,
        **openapi.GEMEENTEWERKER,
        **openapi.NIET_BEDIEND,
        **_INVALID,
    },
)
def client_zoeken(
    zoek: ClientZoekenIn, toegang: Gemeentewerker, services: ServicesDep, uow: UnitOfWorkDep
) -> Response:
    """The client's requests and toewijzingen; the search is audited."""
    if zoek.gemeente is not None and zoek.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(zoek.gemeente)
    gemeenten = eigen_gemeenten(toegang, zoek.gemeente)
    now = services.clock.now()
    with uow.begin() as session:
        found = service.client(session, services.audit, toegang, gemeenten, zoek.bsn, now)
        body = ClientOverzichtOut(
            bsn=zoek.bsn,
            gemeenten=sorted(gemeenten),
            namen=[GemeenteNaam(gemeente=row.gemeente, naam=naam(row)) for row in found.clienten],
            verzoeken=[samenvatting(row) for row in found.verzoeken],
            toewijzingen=[_toewijzing_kort(row, date_of(now)) for row in found.toewijzingen],
        )
    return JSONResponse(body.model_dump(mode="json"))


@router.get(
    "/verzoeken",
    summary="Requests by ReferentieAanbieder, status or aanbieder, decided ones included",
    description=(
        "Requests of the key's gemeenten (or the one named), newest first, whatever their "
        "status; page on with `after` set to the previous page's `next` (null on the last "
        "page). The read is recorded in the audit log."
    ),
    response_model=VerzoekenPage,
    responses={**openapi.GEMEENTEWERKER, **openapi.NIET_BEDIEND, **_INVALID},
)
def verzoeken_lijst(
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: Annotated[Gemeentecode | None, Query()] = None,
    referentie_aanbieder: Annotated[
        str | None,
        Query(min_length=1, max_length=36, description="ReferentieAanbieder"),
        XML_TEKENS,
    ] = None,
    status: Annotated[VerzoekStatus | None, Query(description="One status")] = None,
    aanbieder: Annotated[Agb | None, Query()] = None,
    after: Annotated[
        int | None, Query(ge=1, le=GROOTSTE_ID, description="`next` of the previous page")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """Requests by filter, newest first; the read is audited."""
    if gemeente is not None and gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gemeente)
    gemeenten = eigen_gemeenten(toegang, gemeente)
    with uow.begin() as session:
        page = service.verzoeken(
            session,
            services.audit,
            toegang,
            gemeenten,
            referentie_aanbieder=referentie_aanbieder,
            status=status,
            aanbieder=aanbieder,
            after=after,
            limit=limit,
            now=services.clock.now(),
        )
        body = VerzoekenPage(items=[samenvatting(row) for row in page.verzoeken], next=page.next)
    return JSONResponse(body.model_dump(mode="json"))
