"""JSON of the gemeente workers' look-ups: a toewijzing's history, requests, a client."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from app.deadlines.policy import Soort
from app.fields import Bsn, Gemeentecode
from app.strikt import Invoer

VerzoekStatus = Literal[
    "ontvangen", "in_onderzoek", "wacht_op_clientgegevens", "toegekend", "afgewezen"
]
Rol = Literal["gemeente", "aanbieder"]

_PRODUCT: JsonDict = {"categorie": "54", "code": "54001"}
_OMVANG: JsonDict = {"volume": 4680, "eenheid": "01", "frequentie": "6"}
_DOOR: JsonDict = {"vastgelegd_rol": "aanbieder", "key_id": 4, "key_naam": "aanbieder 87654321"}
_SAMENVATTING: JsonDict = {
    "id": 41,
    "soort": "VOT",
    "gemeente": "0153",
    "aanbieder": "87654321",
    "bsn": "999900018",
    "referentie_aanbieder": "VOT-2026-0042",
    "status": "toegekend",
    "dagtekening": "2026-11-16",
    "ontvangen_at": "2026-11-20T09:30:00Z",
    "product": _PRODUCT,
}
_TOEWIJZING_KORT: JsonDict = {
    "gemeente": "0153",
    "toewijzing_nummer": 1001,
    "aanbieder": "87654321",
    "product": _PRODUCT,
    "ingangsdatum": "2026-12-01",
    "einddatum": "2027-11-30",
    "versie": 1,
    "reden_wijziging": None,
    "verwijderd": False,
    "actueel": True,
}
_TOEWIJZING: JsonDict = {
    "gemeente": "0153",
    "toewijzing_nummer": 1001,
    "aanbieder": "87654321",
    "client": {"bsn": "999900018", "naam": "J. Jansen"},
    "product": _PRODUCT,
    "ingangsdatum": "2026-12-01",
    "einddatum": "2027-11-30",
    "omvang": _OMVANG,
    "budget": None,
    "reden_wijziging": None,
    "referentie_aanbieder": "VOT-2026-0042",
    "versie": 1,
    "verwijderd": False,
    "verzoek": {"id": 41, "referentie_aanbieder": "VOT-2026-0042", "status": "toegekend"},
    "verwijzing": {
        "datum": "2026-10-02",
        "verwijzer": {"type": "02", "zorgverlener_code": "01012345", "naam": None},
        "vastgelegd_door": "p.smit",
        "vastgelegd_at": "2026-11-12T10:00:00Z",
        **_DOOR,
    },
    "versies": [
        {
            "versie": 1,
            "product": _PRODUCT,
            "ingangsdatum": "2026-12-01",
            "einddatum": "2027-11-30",
            "omvang": _OMVANG,
            "budget": None,
            "reden_wijziging": None,
            "referentie_aanbieder": "VOT-2026-0042",
            "toegewezen_at": "2026-11-20T09:30:00Z",
            "besloten_door": "engine",
            "jw301_identificatie": "301000000007",
        }
    ],
    "starts": [
        {
            "begindatum": "2026-12-03",
            "status": "actief",
            "ontvangen_at": "2026-12-05T08:00:00Z",
            "jw305_identificatie": "S-2026-118",
        }
    ],
    "stops": [],
    "signalen": [
        {
            "id": 12,
            "soort": "contactmoment",
            "vanaf": "2026-11-20",
            "due": "2027-08-30",
            "status": "open",
            "te_laat": False,
            "wacht_op": "contactmoment over toewijzing 1001",
            "actie_bij": "gemeente",
        }
    ],
    "vastleggingen": [
        {
            "id": 3,
            "soort": "onderbouwing",
            "datum": "2027-08-20",
            "details": {
                "optie": "B",
                "uitkomst": "verlenging_nodig",
                "toelichting": "Behandeldoelen nog niet bereikt; evaluatieformulier volgt",
            },
            "vastgelegd_door": "p.smit",
            "vastgelegd_at": "2027-08-20T10:00:00Z",
            **_DOOR,
        }
    ],
}


class ProductCode(BaseModel):
    """ProductCategorie (JZ020) and ProductCode; null for a generic request or toewijzing."""

    categorie: str | None
    code: str | None


class Hoeveelheid(BaseModel):
    """Volume in Eenheid (WJ756) per Frequentie (WMO757)."""

    volume: int
    eenheid: str
    frequentie: str


class ClientNaam(BaseModel):
    """The client: BSN and the name in the gemeente's client data (null when none is known)."""

    bsn: str
    naam: str | None


class Door(BaseModel):
    """Who recorded something: the person named, the key's role and the key."""

    vastgelegd_door: str
    vastgelegd_rol: Rol | None = Field(description="Null for records made before keys were kept")
    key_id: int | None
    key_naam: str | None = Field(description="The name the key was made with")
    vastgelegd_at: datetime


class VerwijzerInzage(BaseModel):
    """Who referred (COD327)."""

    type: str
    zorgverlener_code: str | None
    naam: str | None


class VerwijzingInzage(Door):
    """The referral letter behind the request, and who recorded it."""

    datum: date
    verwijzer: VerwijzerInzage


class VerzoekVerwijzingOut(BaseModel):
    """The request a toewijzing was granted on."""

    id: int
    referentie_aanbieder: str
    status: VerzoekStatus


class VersieOut(BaseModel):
    """One version of a toewijzing, as its JW301 carried it."""

    versie: int
    product: ProductCode | None
    ingangsdatum: date
    einddatum: date | None
    omvang: Hoeveelheid | None
    budget: int | None = Field(description="eurocent")
    reden_wijziging: str | None = Field(description="JZ002")
    referentie_aanbieder: str | None
    toegewezen_at: datetime
    besloten_door: str | None
    jw301_identificatie: str | None = Field(description="Null while waiting for client data")


class StartOut(BaseModel):
    """A JW305 StartProduct on the toewijzing."""

    begindatum: date
    status: Literal["actief", "verwijderd"]
    ontvangen_at: datetime
    jw305_identificatie: str


class StopOut(BaseModel):
    """A JW307 StopProduct on the toewijzing."""

    begindatum: date
    einddatum: date
    reden_beeindiging: str = Field(description="JZ588")
    status: Literal["actief", "verwijderd"]
    ontvangen_at: datetime
    jw307_identificatie: str


class ToewijzingSignaalOut(BaseModel):
    """A deadline about the toewijzing and what it waits for."""

    id: int
    soort: Soort
    vanaf: date
    due: date
    status: Literal["open", "met", "overdue", "closed"]
    te_laat: bool
    wacht_op: str
    actie_bij: Rol


class VastleggingInzage(Door):
    """A regional record on the toewijzing, or the aanbieder's substantiation of an option."""

    id: int
    soort: Literal["verlenging", "evaluatie", "contactmoment", "onderbouwing"]
    datum: date
    details: dict


class ToewijzingDetailOut(BaseModel):
    """A toewijzing as it stands, and everything that happened to it."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TOEWIJZING]})

    gemeente: str
    toewijzing_nummer: int
    aanbieder: str
    client: ClientNaam
    product: ProductCode | None
    ingangsdatum: date
    einddatum: date | None
    omvang: Hoeveelheid | None
    budget: int | None = Field(description="eurocent")
    reden_wijziging: str | None = Field(description="JZ002 of the last change")
    referentie_aanbieder: str | None
    versie: int
    verwijderd: bool = Field(description="Deleted (RedenWijziging 13): as if never sent")
    verzoek: VerzoekVerwijzingOut | None = Field(description="Null for a direct toewijzing")
    verwijzing: VerwijzingInzage | None = Field(description="The referral behind its request")
    versies: list[VersieOut]
    starts: list[StartOut]
    stops: list[StopOut]
    signalen: list[ToewijzingSignaalOut]
    vastleggingen: list[VastleggingInzage]


class VerzoekSamenvatting(BaseModel):
    """A request in a list: who, what, and where it stands."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SAMENVATTING]})

    id: int = Field(description="Its id for GET /verzoeken/{id}")
    soort: Literal["VOT", "VOW"]
    gemeente: str
    aanbieder: str
    bsn: str
    referentie_aanbieder: str
    status: VerzoekStatus
    dagtekening: date
    ontvangen_at: datetime
    product: ProductCode | None = Field(description="What a VOT asked for; null for a VOW")


class ToewijzingSamenvatting(BaseModel):
    """A toewijzing in a list."""

    gemeente: str
    toewijzing_nummer: int
    aanbieder: str
    product: ProductCode | None
    ingangsdatum: date
    einddatum: date | None
    versie: int
    reden_wijziging: str | None
    verwijderd: bool
    actueel: bool = Field(description="Not deleted and not ended before today")


class VerzoekenPage(BaseModel):
    """One page of requests, newest first, and the cursor of the next (null on the last)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_SAMENVATTING], "next": 41}]}
    )

    items: list[VerzoekSamenvatting]
    next: int | None = Field(description="`after` for the next page")


class ClientZoekenIn(Invoer):
    """Whose history to find: the BSN travels in the body, never in a URL."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"bsn": "999900018", "gemeente": "0153"}]},
    )

    bsn: Bsn
    gemeente: Gemeentecode | None = Field(
        None, description="One gemeente of the key's scope; default: all of them"
    )


class GemeenteNaam(BaseModel):
    """The name a gemeente's client data hold."""

    gemeente: str
    naam: str


class ClientOverzichtOut(BaseModel):
    """A client's requests (newest first) and toewijzingen in the gemeenten searched."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "bsn": "999900018",
                    "gemeenten": ["0153"],
                    "namen": [{"gemeente": "0153", "naam": "J. Jansen"}],
                    "verzoeken": [_SAMENVATTING],
                    "toewijzingen": [_TOEWIJZING_KORT],
                }
            ]
        }
    )

    bsn: str
    gemeenten: list[str] = Field(description="The gemeenten searched")
    namen: list[GemeenteNaam]
    verzoeken: list[VerzoekSamenvatting]
    toewijzingen: list[ToewijzingSamenvatting]
