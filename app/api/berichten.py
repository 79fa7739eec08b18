"""POST /berichten: the message broker's way in."""

from __future__ import annotations

import functools
import time
from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from starlette.requests import ClientDisconnect

from app.api import openapi
from app.api.auth import Afzender
from app.ijw.parser import TooLarge
from app.ingest.service import (
    CLIENT_CLOSED_REQUEST,
    INTERNAL_ERROR,
    Afgebroken,
    Antwoord,
    Post,
    Verwerkt,
)
from app.problem import Problem, Refusal
from app.services import ServicesDep, UnitOfWorkDep

router = APIRouter(tags=["berichten"])

NIET_VERWERKT = "het bericht is niet verwerkt en er is niets opgeslagen; de fout is vastgelegd"


class NietVerwerkt(Problem):
    """A failure on our side: nothing of the message was stored but the record of the POST."""

    status_code = 500
    slug = INTERNAL_ERROR
    title = "Interne fout"


JW315 = """<?xml version="1.0" encoding="UTF-8"?>
<jw315:Bericht xmlns:jw315="http://www.istandaarden.nl/ijw/3_2/jw315/schema" \
xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema">
  <jw315:Header>
    <jw315:BerichtCode>446</jw315:BerichtCode>
    <jw315:BerichtVersie>3</jw315:BerichtVersie>
    <jw315:BerichtSubversie>2</jw315:BerichtSubversie>
    <jw315:Afzender>87654321</jw315:Afzender>
    <jw315:Ontvanger>0153</jw315:Ontvanger>
    <jw315:BerichtIdentificatie>
      <ijw:Identificatie>VOT-1</ijw:Identificatie>
      <ijw:Dagtekening>2026-11-16</ijw:Dagtekening>
    </jw315:BerichtIdentificatie>
    <jw315:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </jw315:XsdVersie>
  </jw315:Header>
  <jw315:Client>
    <jw315:Bsn>999900018</jw315:Bsn>
    <jw315:Geboortedatum><ijw:Datum>2014-06-09</ijw:Datum></jw315:Geboortedatum>
    <jw315:Geslacht>2</jw315:Geslacht>
    <jw315:Naam><ijw:Geslachtsnaam><ijw:Achternaam>Jansen</ijw:Achternaam></ijw:Geslachtsnaam>\
</jw315:Naam>
    <jw315:AangevraagdeProducten>
      <jw315:AangevraagdProduct>
        <jw315:ReferentieAanbieder>VOT-2026-0042</jw315:ReferentieAanbieder>
        <jw315:Product><ijw:Categorie>45</ijw:Categorie><ijw:Code>45A48</ijw:Code></jw315:Product>
        <jw315:ToewijzingIngangsdatum>2026-12-01</jw315:ToewijzingIngangsdatum>
        <jw315:ToewijzingEinddatum>2027-05-31</jw315:ToewijzingEinddatum>
        <jw315:Omvang><ijw:Volume>90</ijw:Volume><ijw:Eenheid>01</ijw:Eenheid>\
<ijw:Frequentie>2</ijw:Frequentie></jw315:Omvang>
        <jw315:Verwijzer><ijw:Type>02</ijw:Type><ijw:ZorgverlenerCode>01012345</ijw:ZorgverlenerCode>\
</jw315:Verwijzer>
      </jw315:AangevraagdProduct>
    </jw315:AangevraagdeProducten>
  </jw315:Client>
</jw315:Bericht>
"""
"""A JW315 (verzoek om toewijzing) for gemeente 0153 from aanbieder 87654321."""

JW316 = """<?xml version="1.0" encoding="UTF-8"?>
<jw316:Bericht xmlns:jw316="http://www.istandaarden.nl/ijw/3_2/jw316/schema" \
xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema">
  <jw316:Header>
    <jw316:BerichtCode>447</jw316:BerichtCode>
    <jw316:BerichtVersie>3</jw316:BerichtVersie>
    <jw316:BerichtSubversie>2</jw316:BerichtSubversie>
    <jw316:Afzender>87654321</jw316:Afzender>
    <jw316:Ontvanger>0153</jw316:Ontvanger>
    <jw316:BerichtIdentificatie>
      <ijw:Identificatie>VOT-1</ijw:Identificatie>
      <ijw:Dagtekening>2026-11-16</ijw:Dagtekening>
    </jw316:BerichtIdentificatie>
    <jw316:XsdVersie>
      <ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie>
    </jw316:XsdVersie>
    <jw316:IdentificatieRetour>R00000000001</jw316:IdentificatieRetour>
    <jw316:DagtekeningRetour>2026-11-20</jw316:DagtekeningRetour>
    <jw316:XsdVersieRetour>
      <ijw:BasisschemaXsdVersie>0.1.0</ijw:BasisschemaXsdVersie>
      <ijw:BerichtXsdVersie>0.1.0</ijw:BerichtXsdVersie>
    </jw316:XsdVersieRetour>
  </jw316:Header>
</jw316:Bericht>
"""
"""Its retour without RetourCodes: the JW315 was accepted."""


class BeantwoordOut(BaseModel):
    """Our message a JW302 or JW320 answers."""

    berichttype: str = Field(examples=["JW301"])
    bericht_id: int
    identificatie: str
    dagtekening: date


class OntvangstOut(BaseModel):
    """The JSON acknowledgement of a JW302 or JW320 (no retourbericht answers a retour)."""

    berichttype: str = Field(examples=["JW302"])
    bericht_id: int
    geaccepteerd: bool = Field(description="The retour carries no RetourCodes")
    retourcodes: list[str]
    herhaald: bool = Field(description="The same retour was received before")
    beantwoordt: BeantwoordOut | None


ONTVANGST = {
    "berichttype": "JW302",
    "bericht_id": 12,
    "geaccepteerd": True,
    "retourcodes": [],
    "herhaald": False,
    "beantwoordt": {
        "berichttype": "JW301",
        "bericht_id": 4,
        "identificatie": "4",
        "dagtekening": "2026-11-20",
    },
}

_BERICHT = {"schema": {"type": "string", "format": "binary"}, "example": JW315}


def _refusal(status: int, slug: str, title: str, detail: str, **members: Any) -> dict:
    return openapi.problem_example(status, slug, title, detail, **members)


@router.post(
    "/berichten",
    summary="Receive one iJw message",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One iJw 3.2 message as sent, UTF-8 XML",
            "content": {"application/xml": _BERICHT, "text/xml": _BERICHT},
        }
    },
    responses={
        200: {
            "description": "The retourbericht (JW316/JW318/JW306/JW308), the JW325 answering a"
            " JW323, or for a JW302/JW320 a JSON acknowledgement linking it to the message it"
            " answers.",
            "model": OntvangstOut,
            "content": {
                "application/xml": {"schema": {"type": "string"}, "example": JW316},
                "application/json": {"example": ONTVANGST},
            },
        },
        400: openapi.problem_response(
            "Not well-formed XML, not UTF-8, or a forbidden construct",
            _refusal(
                400,
                "not-well-formed",
                "Not well-formed XML",
                "not well-formed XML: Premature end of data in tag Bericht line 1, line 1",
            ),
            _refusal(
                400,
                "forbidden-construct",
                "Forbidden XML construct",
                "DOCTYPE and ENTITY declarations are not allowed in iJw messages",
            ),
        ),
        **openapi.key_refusals(
            openapi.problem_example(
                403,
                "forbidden-role",
                "Niet toegestaan voor deze rol",
                "een sleutel met rol gemeente kan dit endpoint niet gebruiken; nodig: broker of "
                "aanbieder",
            ),
            _refusal(
                403,
                "forbidden-afzender",
                "Bericht van een andere aanbieder",
                "deze sleutel post voor aanbieder 12345678; het bericht is van een andere "
                "aanbieder",
            ),
        ),
        409: openapi.problem_response(
            "A retour reusing another's IdentificatieRetour",
            _refusal(
                409,
                "retour-identificatie-conflict",
                "IdentificatieRetour al gebruikt",
                "IdentificatieRetour R00000000007 van aanbieder 87654321 is al gebruikt"
                " voor een andere JW302",
            ),
        ),
        413: openapi.problem_response(
            "Body over the size limit",
            _refusal(
                413,
                "too-large",
                "Message too large",
                "de body is 2000000 bytes; de grens is 1048576 bytes",
            ),
        ),
        415: openapi.problem_response(
            "Content-Type is not application/xml or text/xml",
            _refusal(
                415,
                "unsupported-media-type",
                "Unsupported media type",
                "Content-Type application/json is geen application/xml of text/xml",
            ),
        ),
        422: openapi.problem_response(
            "Schema-invalid message (errors with lines), a message type a gemeente does not"
            " receive, another release, or a gemeente not served here",
            _refusal(
                422,
                "schema-invalid",
                "Message fails its XSD",
                "JW315 fails its XSD with 1 error(s)",
                berichttype="JW315",
                errors=[
                    {
                        "line": 24,
                        "message": "Element 'jw315:Geslacht': [facet 'enumeration'] The value"
                        " '7' is not an element of the set {'0', '1', '2'}.",
                    }
                ],
                more_errors=0,
            ),
            _refusal(
                422,
                "gemeente-not-served",
                "Gemeente wordt hier niet bediend",
                "gemeente 0518 wordt door deze installatie niet bediend",
            ),
        ),
        500: openapi.problem_response(
            "A failure on our side: nothing of the message was stored but its record",
            _refusal(
                500,
                "internal-error",
                "Interne fout",
                NIET_VERWERKT,
            ),
        ),
        503: openapi.problem_response(
            "The database cannot be reached; nothing was stored, send the message again later",
            _refusal(
                503,
                "database-unavailable",
                "Database niet bereikbaar",
                "het bericht is niet verwerkt; stuur het later opnieuw",
            ),
        ),
    },
)
async def post_bericht(
    request: Request, toegang: Afzender, services: ServicesDep, uow: UnitOfWorkDep
) -> Response:
    """Validate, judge and store one message; answer with its retourbericht."""
    started = time.perf_counter()
    received_at = services.clock.now()
    ontvangen = functools.partial(
        Post,
        toegang=toegang,
        content_type=request.headers.get("content-type"),
        received_at=received_at,
        started=started,
    )
    try:
        post = ontvangen(body=await _read(request, services.settings.max_body_bytes))
    except TooLarge as refusal:
        post = ontvangen(weigering=refusal)
    except ClientDisconnect:
        post = ontvangen()
    antwoord = await run_in_threadpool(services.ingest.handle, uow.begin, post)
    return _render(antwoord)


async def _read(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"de body is {declared} bytes; de grens is {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _render(antwoord: Antwoord) -> Response:
    """The HTTP answer: the retour or acknowledgement, a problem, or 499 for nobody."""
    if isinstance(antwoord, Verwerkt):
        return Response(antwoord.body, media_type=antwoord.media_type)
    if isinstance(antwoord, Refusal):
        raise antwoord
    if isinstance(antwoord, Afgebroken):
        return Response(status_code=CLIENT_CLOSED_REQUEST)
    raise NietVerwerkt(NIET_VERWERKT)
