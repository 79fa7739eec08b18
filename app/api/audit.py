"""The audit log: a gemeente administrator asks who read which client's data, and when."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from app import logs
from app.access.toegang import Rol, Toegang
from app.api import openapi
from app.api.auth import Beheerder, eigen_gemeenten
from app.audit import service
from app.audit.service import Regel
from app.fields import GROOTSTE_ID, Bsn, Gemeentecode, Moment
from app.gebruikers.medewerker import Rol as WerkplekRol
from app.problem import GemeenteNietBediend
from app.services import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.strikt import Invoer, Tijdstip

router = APIRouter(tags=["audit"])
log = logs.logger("audit")

_EXAMPLE_HASH = "5f1c9a0e7b3d4a2f8e6c1b0a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e"


class GelezenClientOut(BaseModel):
    """A client whose data the entry read: a keyed hash of the BSN, never the BSN."""

    bsn_hash: str = Field(
        description="HMAC-SHA256 of the BSN under the service's audit secret (hex); "
        "the same client gives the same hash in every entry",
        examples=[_EXAMPLE_HASH],
    )
    gemeente: str = Field(description="The gemeente the client was read for", examples=["0153"])


class AuditRegelOut(BaseModel):
    """One read of personal data: when, by which key or person in which role, what was read."""

    id: int = Field(description="Pass the last one read as `after` for the next page")
    at: Moment = Field(description="Moment of the read (UTC)")
    key_id: int | None = Field(description="The key that read; null when a person read")
    key_prefix: str | None = Field(
        description="The key's first characters, as `ijw keys list` shows; null for a person"
    )
    key_naam: str | None = Field(description="Who or what holds the key; null for a person")
    gebruiker_id: int | None = Field(
        None, description="The werkplek account that read; null when a key read"
    )
    gebruikersnaam: str | None = Field(
        None,
        description="The werkplek account's name, as `ijw gebruikers list` shows; null for a key",
        examples=["j.jansen"],
    )
    rol: Rol | WerkplekRol = Field(
        description="The key's role, or the person's werkplek role, at the time of the read"
    )
    actie: str = Field(description="The endpoint read", examples=["GET /werkvoorraad"])
    wat: str = Field(description="What was read, without a BSN: ids, counts")
    clienten: list[GelezenClientOut] = Field(
        description="The clients read, limited to the gemeenten asked about"
    )


class AuditPage(BaseModel):
    """A page of audit entries, newest first, and the cursor of the next (null on the last)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": 4812,
                            "at": "2026-11-20T09:30:00+00:00",
                            "key_id": 7,
                            "key_prefix": "ijw_Q3vX9kTz",
                            "key_naam": "wijkteam Enschede-Zuid",
                            "rol": "gemeente",
                            "actie": "GET /verzoeken/{id}",
                            "wat": "verzoek 311",
                            "clienten": [{"bsn_hash": _EXAMPLE_HASH, "gemeente": "0153"}],
                        }
                    ],
                    "next": 4812,
                }
            ]
        }
    )

    items: list[AuditRegelOut]
    next: int | None = Field(description="`after` for the next page; null when none follows")


_FORBIDDEN_ROLE = openapi.problem_example(
    403,
    "forbidden-role",
    "Niet toegestaan voor deze rol",
    "een sleutel met rol gemeente kan dit endpoint niet gebruiken; nodig: beheerder",
)
_INVALID_BSN = openapi.problem_example(
    422,
    "invalid-request",
    "Ongeldig verzoek",
    "1 veld(en) ongeldig",
    errors=[{"location": "query.bsn", "message": "geen geldig BSN (11-proef)"}],
)
_INVALID_BSN_BODY = openapi.problem_example(
    422,
    "invalid-request",
    "Ongeldig verzoek",
    "1 veld(en) ongeldig",
    errors=[{"location": "body.bsn", "message": "geen geldig BSN (11-proef)"}],
)


def _out(regel: Regel) -> AuditRegelOut:
    return AuditRegelOut(
        id=regel.id,
        at=regel.at,
        key_id=regel.key_id,
        key_prefix=regel.key_prefix,
        key_naam=regel.key_naam,
        gebruiker_id=regel.gebruiker_id,
        gebruikersnaam=regel.gebruikersnaam,
        rol=Rol(regel.rol) if regel.key_id is not None else regel.rol,
        actie=regel.actie,
        wat=regel.wat,
        clienten=[
            GelezenClientOut(bsn_hash=client.bsn_hash, gemeente=client.gemeente)
            for client in regel.clienten
        ],
    )


_RESPONSES: dict[int | str, dict] = {
    200: {"description": "A page of entries, newest first; `next` continues with older"},
    **openapi.key_refusals(_FORBIDDEN_ROLE, openapi.FORBIDDEN_SCOPE),
}


class AuditZoekenIn(Invoer):
    """The filters of an audit search; the BSN travels here, in the body, never in the URL."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"bsn": "999900018", "gemeente": "0153", "limit": 100}],
        }
    )

    bsn: Bsn | None = Field(
        None, description="Only reads of this client (matched by its keyed hash)"
    )
    key_id: int | None = Field(None, ge=1, le=GROOTSTE_ID, description="Only reads by this key")
    gebruiker_id: int | None = Field(
        None, ge=1, le=GROOTSTE_ID, description="Only reads by this werkplek account"
    )
    rol: Rol | None = Field(None, description="Only reads by keys of this role")
    van: Tijdstip | None = Field(
        None,
        description="Reads at or after this moment: ISO 8601 with an offset or Z "
        "(a moment without one is refused)",
    )
    tot: Tijdstip | None = Field(
        None, description="Reads before this moment (exclusive): ISO 8601 with an offset or Z"
    )
    gemeente: Gemeentecode | None = Field(
        None, description="Only this gemeente of the key's (default: all of them)"
    )
    after: int | None = Field(
        None, ge=1, le=GROOTSTE_ID, description="`next` of the previous page: older entries"
    )
    limit: int = Field(100, ge=1, le=500)


@router.post(
    "/audit/zoeken",
    summary="Search who read personal data of this gemeente's clients (BSN in the body)",
    response_model=AuditPage,
    responses={
        **_RESPONSES,
        404: openapi.NIET_BEDIEND[404],
        **openapi.UNREADABLE_BODY,
        **openapi.invalid(
            "An invalid filter: a BSN failing the 11-proef, a moment without a timezone, "
            "a limit over 500",
            _INVALID_BSN_BODY,
        ),
    },
)
def audit_zoeken(
    zoek: AuditZoekenIn, toegang: Beheerder, services: ServicesDep, uow: UnitOfWorkDep
) -> AuditPage | JSONResponse:
    """Audit entries as `GET /audit` gives them, with the filters (and the BSN) in the body.

    Same scope, order and paging as `GET /audit`; a search with `bsn` is itself recorded as a
    read of that client.
    """
    if zoek.gemeente is not None and zoek.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(zoek.gemeente)
    return _zoek(toegang, services, uow, zoek, actie="POST /audit/zoeken")


@router.get(
    "/audit",
    summary="Who read personal data of this gemeente's clients",
    response_model=AuditPage,
    responses={
        **_RESPONSES,
        **openapi.invalid(
            "An invalid filter: a BSN failing the 11-proef, a moment without a timezone, "
            "a limit over 500",
            _INVALID_BSN,
        ),
    },
)
def audit_log(
    toegang: Beheerder,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    bsn: Annotated[
        Bsn | None,
        Query(
            deprecated=True,
            description="Deprecated: a BSN does not belong in a URL; search with "
            "`POST /audit/zoeken` instead. Only reads of this client (matched by its keyed hash)",
        ),
    ] = None,
    key_id: Annotated[
        int | None, Query(ge=1, le=GROOTSTE_ID, description="Only reads by this key")
    ] = None,
    gebruiker_id: Annotated[
        int | None,
        Query(ge=1, le=GROOTSTE_ID, description="Only reads by this werkplek account"),
    ] = None,
    rol: Annotated[Rol | None, Query(description="Only reads by keys of this role")] = None,
    van: Annotated[
        Tijdstip | None,
        Query(
            description="Reads at or after this moment: ISO 8601 with an offset or Z, "
            "e.g. 2026-11-20T00:00:00+01:00 (a moment without one is refused)"
        ),
    ] = None,
    tot: Annotated[
        Tijdstip | None,
        Query(description="Reads before this moment (exclusive): ISO 8601 with an offset or Z"),
    ] = None,
    gemeente: Annotated[
        Gemeentecode | None,
        Query(description="Only this gemeente of the key's (default: all of them)"),
    ] = None,
    after: Annotated[
        int | None,
        Query(ge=1, le=GROOTSTE_ID, description="`next` of the previous page: older entries"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    """Audit entries of the key's gemeenten, newest first, paged with `after` and `next`.

    An entry is shown when it read a client of one of the gemeenten, or when a key bound to
    one of them (a gemeente worker's or administrator's) or a werkplek account of one of them
    made it. Its clients appear only as keyed BSN hashes, and only those of the gemeenten
    asked about. A query with `bsn` is
    itself recorded as a read of that client; `POST /audit/zoeken` keeps the BSN out of the URL.
    """
    if bsn is not None:
        log.warning("deprecated GET /audit with a BSN in the query string; use POST /audit/zoeken")
    zoek = AuditZoekenIn.model_construct(
        bsn=bsn,
        key_id=key_id,
        gebruiker_id=gebruiker_id,
        rol=rol,
        van=van,
        tot=tot,
        gemeente=gemeente,
        after=after,
        limit=limit,
    )
    return _zoek(toegang, services, uow, zoek, actie="GET /audit")


def _zoek(
    toegang: Toegang, services: Services, uow: UnitOfWork, zoek: AuditZoekenIn, *, actie: str
) -> AuditPage:
    """One page of audit entries for the filters; a search for a client is itself audited."""
    gemeenten = eigen_gemeenten(toegang, zoek.gemeente)
    with uow.begin() as session:
        pagina = service.zoek(
            session,
            services.audit,
            toegang,
            gemeenten,
            bsn=zoek.bsn,
            key_id=zoek.key_id,
            gebruiker_id=zoek.gebruiker_id,
            rol=None if zoek.rol is None else zoek.rol.value,
            van=zoek.van,
            tot=zoek.tot,
            after=zoek.after,
            limit=zoek.limit,
            actie=actie,
            now=services.clock.now(),
        )
    return AuditPage(items=[_out(regel) for regel in pagina.regels], next=pagina.next)
