"""The provider's part of the regional work instructions, recorded over the provider API.

An aanbieder key records, for its own requests and toewijzingen only: the referral letter
behind a request (before or with its JW315, as the gemeente's PUT /verwijzingen; rules A6/A7
weigh it), the extension notice 12 to 8 weeks before a toewijzing's end (region A; it meets
the `verlenging` signal), and its substantiation of the option chosen at the contact moment
(region B: A, B or C). Another aanbieder's toewijzing is not found (404). The gemeente sees
each record, with the role and key that made it, in its look-ups.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse
from pydantic import ConfigDict, Field

from app.api import openapi
from app.api.auth import Aanbieder
from app.api.toewijzingen import Nummer
from app.api.vastleggingen import VastleggingOut, VerlengingsmeldingIn, vastleggen
from app.api.verwijzingen import VerwijzerIn, VerwijzingOut, verwijzer, verwijzing_out
from app.deadlines import vastlegging
from app.fields import XML_TEKENS, Gemeentecode, Wie
from app.problem import GemeenteNietBediend
from app.services import ServicesDep, UnitOfWorkDep
from app.strikt import Datum, Invoer
from app.verwijzingen import service

router = APIRouter(prefix="/api/v1", tags=["aanbieder"])

_KEY_REFUSALS = openapi.key_refusals(
    openapi.problem_example(
        403,
        "forbidden-role",
        "Niet toegestaan voor deze rol",
        "een sleutel met rol gemeente kan dit endpoint niet gebruiken; nodig: aanbieder",
    )
)
_INVALID = openapi.invalid(
    "Invalid body or datum",
    openapi.INVALID_REQUEST,
)
_TOEWIJZING_REFUSALS = {
    **openapi.UNREADABLE_BODY,
    **_KEY_REFUSALS,
    404: openapi.problem_response(
        "No toewijzing of this aanbieder has this number in this gemeente",
        openapi.problem_example(
            404,
            "toewijzing-unknown",
            "Onbekende toewijzing",
            "gemeente 0153 heeft geen toewijzing 41 voor aanbieder 87654321",
        ),
        openapi.NOT_SERVED,
    ),
    409: openapi.problem_response(
        "The gemeente keeps no such deadline for this toewijzing, or its window is not open yet",
        openapi.problem_example(
            409,
            "termijn-not-kept",
            "Deze termijn wordt niet bijgehouden",
            "gemeente 0153 houdt geen contactmomenten bij (zie haar regionale regelset)",
        ),
        openapi.problem_example(
            409,
            "termijn-not-open",
            "Venster nog niet open",
            "het verlenging-venster van toewijzing 7 opent op 2027-04-07",
        ),
    ),
    **_INVALID,
}

GemeentePad = Annotated[Gemeentecode, Path()]


class ProviderVerwijzingIn(Invoer):
    """The referral letter behind one of your requests, sent before or with its JW315."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "gemeente": "0153",
                    "referentie_aanbieder": "VOT-2026-0042",
                    "datum": "2026-10-02",
                    "verwijzer": {"type": "02", "zorgverlener_code": "01012345"},
                    "vastgelegd_door": "p.smit",
                }
            ]
        },
    )

    gemeente: Gemeentecode
    referentie_aanbieder: Annotated[
        str, Field(min_length=1, max_length=36, examples=["VOT-2026-0042"]), XML_TEKENS
    ]
    datum: Datum = Field(description="Date of the referral letter", examples=["2026-10-02"])
    verwijzer: VerwijzerIn
    vastgelegd_door: Wie


class OnderbouwingIn(Invoer):
    """Your substantiation of the option chosen at the contact moment (region B)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "optie": "B",
                    "toelichting": "Behandeldoelen nog niet bereikt; evaluatieformulier volgt",
                    "vastgelegd_door": "p.smit",
                }
            ]
        },
    )

    optie: Literal["A", "B", "C"] = Field(
        description="A: ends within the beschikking without follow-up care; B: an extension "
        "is needed; C: ends within the beschikking, with follow-up care"
    )
    toelichting: Annotated[
        str,
        Field(
            min_length=1,
            max_length=2000,
            description="Why this option, and what is needed and why",
        ),
        XML_TEKENS,
    ]
    vastgelegd_door: Wie


@router.put(
    "/verwijzingen",
    summary="Record the referral letter behind one of your requests",
    description=(
        "The date and referrer of the letter behind a ReferentieAanbieder of yours, before or "
        "with the JW315 that asks for it: rules A6/A7 hold the request to the referral's year "
        "and refuse a letter used before, exactly as when the gemeente records it with "
        "PUT /verwijzingen. 201 when new, 200 when you replace your own. Once the request has "
        "arrived (409 `verwijzing-na-verzoek`), or when the gemeente recorded the letter "
        "(409 `verwijzing-van-gemeente`), only the gemeente can change it."
    ),
    response_model=VerwijzingOut,
    responses={
        201: {"description": "Recorded", "model": VerwijzingOut},
        200: {"description": "Replaced"},
        **openapi.UNREADABLE_BODY,
        **_KEY_REFUSALS,
        409: openapi.problem_response(
            "The request has arrived, or the gemeente recorded the referral",
            openapi.problem_example(
                409,
                "verwijzing-na-verzoek",
                "Verzoek al ontvangen",
                "gemeente 0153 heeft het verzoek met deze ReferentieAanbieder al ontvangen: "
                "stuur de verwijzing vóór of met de JW315, of vraag de gemeente haar vast te "
                "leggen",
            ),
            openapi.problem_example(
                409,
                "verwijzing-van-gemeente",
                "Verwijzing door de gemeente vastgelegd",
                "gemeente 0153 heeft de verwijzing achter deze ReferentieAanbieder vastgelegd; "
                "vraag de gemeente haar te wijzigen",
            ),
        ),
        **openapi.NIET_BEDIEND,
        **openapi.invalid("Invalid input", openapi.INVALID_REQUEST),
    },
)
def verwijzing(
    body: ProviderVerwijzingIn, toegang: Aanbieder, services: ServicesDep, uow: UnitOfWorkDep
) -> Response:
    """Create or replace the referral of one of the key's requests."""
    if body.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(body.gemeente)
    if toegang.agb is None:  # keys.create binds every aanbieder key to its AGB code
        raise RuntimeError(f"aanbieder key {toegang.key_id} has no AGB code")
    with uow.begin() as session:
        row, created = service.vastleggen(
            session,
            rol=toegang.rol,
            key_id=toegang.key_id,
            gemeente=body.gemeente,
            aanbieder=toegang.agb,
            referentie_aanbieder=body.referentie_aanbieder,
            datum=body.datum,
            verwijzer=verwijzer(body.verwijzer),
            vastgelegd_door=body.vastgelegd_door,
            now=services.clock.now(),
        )
        out = verwijzing_out(row).model_dump(mode="json")
    return JSONResponse(out, status_code=201 if created else 200)


@router.post(
    "/toewijzingen/{gemeente}/{nummer}/verlengingsmelding",
    status_code=201,
    summary="Tell the gemeente whether care is extended (region A, 12 to 8 weeks before the end)",
    description=(
        "Your extension notice for one of your toewijzingen: no extension, a short one (a "
        "closing phase, which may follow as a JW317) or a long one (the gemeente then makes "
        "a new toewijzing), with a short explanation. It meets the toewijzing's `verlenging` "
        "signal as the gemeente's own record would (late after 8 weeks before the "
        "Einddatum); before the window opens 12 weeks before, it is refused (409)."
    ),
    response_model=VastleggingOut,
    responses=_TOEWIJZING_REFUSALS,
)
def verlengingsmelding(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: VerlengingsmeldingIn,
    toegang: Aanbieder,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Store the key's extension notice, dated today, and meet the VERLENGING signal."""
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
    "/toewijzingen/{gemeente}/{nummer}/onderbouwing",
    status_code=201,
    summary="Substantiate the option chosen at the contact moment (region B)",
    description=(
        "At the contact moment 3 months before the end of the beschikking, you give the "
        "reason for the option that applies: A (ends without follow-up care), B (an "
        "extension is needed) or C (ends, with follow-up care), and what is needed and why. "
        "It is kept with the toewijzing for the gemeente, which records the agreed outcome "
        "with its own contact moment; it meets no signal. Only for a toewijzing whose "
        "gemeente keeps contact moments (else 409)."
    ),
    response_model=VastleggingOut,
    responses=_TOEWIJZING_REFUSALS,
)
def onderbouwing(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: OnderbouwingIn,
    toegang: Aanbieder,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """Store the key's substantiation of a contact moment option, dated today."""
    return vastleggen(
        services,
        uow,
        toegang,
        gemeente,
        nummer,
        vastlegging.onderbouwing(body.optie, body.toelichting),
        vastgelegd_door=body.vastgelegd_door,
    )
