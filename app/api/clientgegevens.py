"""Client data from the gemeente's registry (BRP): a JW301 needs Contactgegevens.

No request carries an address, so an automatic grant for an unknown client waits
(`wacht_op_clientgegevens`); recording the client here sends the JW301s that waited.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import JsonDict

from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente
from app.clienten import service
from app.clienten.service import Clientgegevens
from app.fields import XML_TEKENS, Bsn, Gemeentecode, Wie
from app.problem import GemeenteNietBediend
from app.services import ServicesDep, UnitOfWorkDep
from app.strikt import Datum, Invoer

router = APIRouter(prefix="/clientgegevens", tags=["clientgegevens"])

_CLIENT: JsonDict = {
    "gemeente": "0153",
    "bsn": "999900018",
    "geboortedatum": "2014-06-09",
    "geslacht": "2",
    "naam": {"achternaam": "Jansen", "voornamen": "Sanne", "voorletters": "S"},
    "contacten": [
        {
            "soort": "01",
            "adres": {
                "huisnummer": 12,
                "postcode": "7511AB",
                "straatnaam": "Oude Markt",
                "plaatsnaam": "Enschede",
                "landcode": "NL",
            },
            "telefoon": [{"nummer": "0534811234", "landnummer": "0031"}],
        }
    ],
    "vastgelegd_door": "j.devries",
}


class AdresIn(Invoer):
    """An address as CDT_Adres holds it."""

    huisnummer: int | None = Field(None, ge=0, le=99999)
    huisletter: Annotated[str | None, Field(pattern=r"^[A-Za-z]$"), XML_TEKENS] = None
    huisnummer_toevoeging: Annotated[str | None, Field(min_length=1, max_length=4), XML_TEKENS] = (
        None
    )
    postcode: Annotated[
        str | None, Field(min_length=1, max_length=10, examples=["7511AB"]), XML_TEKENS
    ] = None
    straatnaam: Annotated[str | None, Field(min_length=1, max_length=80), XML_TEKENS] = None
    plaatsnaam: Annotated[str | None, Field(min_length=1, max_length=80), XML_TEKENS] = None
    landcode: Annotated[str | None, Field(pattern=r"^[A-Z]{2}$", examples=["NL"]), XML_TEKENS] = (
        None
    )

    @model_validator(mode="after")
    def _huis(self) -> AdresIn:
        # CDT_Adres holds a huisletter or toevoeging only inside Huis, beside its Huisnummer.
        if self.huisnummer is None and (self.huisletter or self.huisnummer_toevoeging):
            raise ValueError("huisletter en huisnummer_toevoeging vragen om een huisnummer")
        return self


class TelefoonIn(Invoer):
    """A telephone number with its country prefix."""

    nummer: str = Field(pattern=r"^[0-9]{1,15}$", examples=["0534811234"])
    landnummer: str = Field("0031", pattern=r"^00[0-9]{1,4}$")


class ContactIn(Invoer):
    """One way to reach the client; `soort` is COD757 (01 BRP, 02 correspondentie, ...)."""

    model_config = ConfigDict(
        json_schema_extra={
            # TR006: a Telefoon, or an Adres with a Huis and a Postcode.
            "anyOf": [
                {"required": ["telefoon"], "properties": {"telefoon": {"minItems": 1}}},
                {
                    "required": ["adres"],
                    "properties": {
                        "adres": {
                            "type": "object",
                            "required": ["huisnummer", "postcode"],
                            "properties": {
                                "huisnummer": {"type": "integer"},
                                "postcode": {"type": "string"},
                            },
                        }
                    },
                },
            ]
        }
    )

    soort: Literal["01", "02", "03", "04"]
    adres: AdresIn | None = None
    telefoon: list[TelefoonIn] = Field(default_factory=list, max_length=2)
    emailadres: Annotated[str | None, Field(min_length=3, max_length=80), XML_TEKENS] = None


class NaamIn(Invoer):
    """The client's name as the BRP holds it."""

    achternaam: Annotated[str, Field(min_length=1, max_length=200), XML_TEKENS]
    voorvoegsel: Annotated[str | None, Field(min_length=1, max_length=10), XML_TEKENS] = None
    voornamen: Annotated[str | None, Field(min_length=1, max_length=200), XML_TEKENS] = None
    voorletters: Annotated[str | None, Field(min_length=1, max_length=6), XML_TEKENS] = None


class ClientgegevensIn(Invoer):
    """A client's personal and contact data, as the gemeente's registry knows them."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CLIENT]})

    gemeente: Gemeentecode
    bsn: Bsn
    geboortedatum: Datum
    datum_gebruik: Literal["1", "2", "3"] | None = None
    geslacht: Literal["0", "1", "2"]
    naam: NaamIn
    contacten: list[ContactIn] = Field(min_length=1)
    vastgelegd_door: Wie


class VrijgegevenOut(BaseModel):
    """The JW301s that waited for the client's data and are now in the outbox."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"verzonden_berichten": [7, 8]}]})

    verzonden_berichten: list[int] = Field(description="Their `bericht_id`s; empty if none waited")


@router.put(
    "",
    summary="Record a client's personal and contact data",
    response_model=VrijgegevenOut,
    responses={
        **openapi.UNREADABLE_BODY,
        **openapi.GEMEENTEWERKER,
        **openapi.NIET_BEDIEND,
        **openapi.invalid(
            "Invalid data, or data a JW301 could not carry",
            openapi.INVALID_REQUEST,
            openapi.problem_example(
                422,
                "clientgegevens-invalid",
                "Cliëntgegevens die een JW301 niet kan dragen",
                "de gegevens breken regels waaraan een JW301 moet voldoen; er is niets opgeslagen",
                errors=[
                    {
                        "code": "TR061",
                        "location": "/Bericht/Client/Contactgegevens",
                        "message": "Contactgegevens need a Contact with Soort 01 (BRP),"
                        " 02 (correspondentie) or 03 (verblijf)",
                    }
                ],
            ),
        ),
    },
)
def put_clientgegevens(
    gegevens: ClientgegevensIn, toegang: Gemeentewerker, services: ServicesDep, uow: UnitOfWorkDep
) -> Response:
    """Create or replace a client's data; sends the JW301s that waited for it."""
    if gegevens.gemeente not in services.settings.gemeenten:
        raise GemeenteNietBediend(gegevens.gemeente)
    eigen_gemeente(toegang, gegevens.gemeente)
    gegevens_in = Clientgegevens(
        gemeente=gegevens.gemeente,
        bsn=gegevens.bsn,
        geboortedatum=gegevens.geboortedatum,
        datum_gebruik=gegevens.datum_gebruik,
        geslacht=gegevens.geslacht,
        achternaam=gegevens.naam.achternaam,
        voorvoegsel=gegevens.naam.voorvoegsel,
        voornamen=gegevens.naam.voornamen,
        voorletters=gegevens.naam.voorletters,
        contacten=[contact.model_dump(exclude_none=True) for contact in gegevens.contacten],
    )
    with uow.begin() as session:
        sent = service.vastleggen(
            session,
            gegevens_in,
            jw301=services.jw301,
            verzoeken=services.verzoeken,
            now=services.clock.now(),
        )
    return JSONResponse({"verzonden_berichten": sent}, status_code=200)
