"""JSON of the provider API: an aanbieder's requests and toewijzingen, and its problem documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.api import openapi

VerzoekStatus = Literal[
    "ontvangen", "in_onderzoek", "wacht_op_clientgegevens", "toegekend", "afgewezen"
]


class StatusBetekenis(BaseModel):
    """What a status means, in Dutch and in English."""

    nl: str
    en: str


STATUS_BETEKENIS: dict[str, StatusBetekenis] = {
    "ontvangen": StatusBetekenis(
        nl="Ontvangen; de gemeente heeft nog niet geantwoord.",
        en="Received; the gemeente has not answered yet.",
    ),
    "in_onderzoek": StatusBetekenis(
        nl="In onderzoek (JW319, VerzoekAntwoord 2): de gemeente beoordeelt het verzoek en "
        "antwoordt uiterlijk 8 weken na de dagtekening.",
        en="Under investigation (JW319, VerzoekAntwoord 2): the gemeente assesses the request "
        "and answers within 8 weeks of its Dagtekening.",
    ),
    "wacht_op_clientgegevens": StatusBetekenis(
        nl="Toegekend; de toewijzing (JW301) volgt zodra de gemeente de contactgegevens van de "
        "cliënt heeft vastgelegd.",
        en="Granted; the toewijzing (JW301) follows once the gemeente has recorded the "
        "client's contact details.",
    ),
    "toegekend": StatusBetekenis(
        nl="Toegekend en toegewezen met een JW301.",
        en="Granted, and assigned with a JW301.",
    ),
    "afgewezen": StatusBetekenis(
        nl="Afgewezen (JW319, VerzoekAntwoord 1).",
        en="Rejected (JW319, VerzoekAntwoord 1).",
    ),
}
"""A readable meaning for each stored `Verzoek.status` (app/verzoeken/status.py)."""


class AanbiederOmvangOut(BaseModel):
    """Volume in Eenheid (WJ756) per Frequentie (WMO757)."""

    volume: int = Field(examples=[90])
    eenheid: str = Field(description="WJ756, e.g. 01 minuut", examples=["01"])
    frequentie: str = Field(description="WMO757, e.g. 2 per week", examples=["2"])


class AanbiederProductOut(BaseModel):
    """ProductCategorie (JZ020) and, for a specific toewijzing, its ProductCode."""

    categorie: str = Field(examples=["45"])
    code: str | None = Field(examples=["45A48"])


class AangevraagdProductOut(BaseModel):
    """What a VOT product asked for."""

    categorie: str | None = Field(description="Null for a generic request", examples=["45"])
    code: str | None = Field(examples=["45A48"])
    ingangsdatum: date
    einddatum: date | None
    omvang: AanbiederOmvangOut | None
    budget: int | None = Field(description="eurocent")


class AanbiederBeslissingOut(BaseModel):
    """The gemeente's latest decision on the request."""

    uitkomst: Literal["toekennen", "onderzoek", "afwijzen"]
    regelset: str | None = Field(description="The regional rule set; null for none")
    regel: str = Field(
        description="The rule that decided: a rule id, `default`, or `handmatig` for a worker"
    )
    redenen: list[str] = Field(
        description="Why, as the rule engine wrote it, with the rule codes; empty for a"
        " worker's decision (its toelichting stays inside the gemeente). What the gemeente must"
        " still configure or record is never shown here"
    )
    reden_afwijzing: str | None = Field(description="WJ759 RedenAfwijzingVerzoek of a rejection")
    besloten_at: datetime


class AanbiederAntwoordOut(BaseModel):
    """A message the gemeente sent in answer to the request."""

    type: Literal["JW301", "JW319"]
    identificatie: str = Field(description="The message's BerichtIdentificatie/Identificatie")
    dagtekening: date = Field(description="Its BerichtIdentificatie/Dagtekening")
    verzonden_at: datetime = Field(description="When the service made and queued it")
    verzoek_antwoord: Literal["1", "2"] | None = Field(
        description="WJ760 of a JW319: 1 afgewezen, 2 in onderzoek; null for a JW301"
    )


class AanbiederVerwijzingOut(BaseModel):
    """The referral letter recorded behind the request, and by whom (role only)."""

    datum: date
    verwijzer_type: str = Field(description="COD327", examples=["02"])
    zorgverlener_code: str | None
    naam: str | None
    vastgelegd_rol: Literal["gemeente", "aanbieder"] | None = Field(
        description="Who recorded it: you, or the gemeente (null before keys were kept)"
    )


class AanbiederVerzoekOut(BaseModel):
    """One of the aanbieder's own requests: its state, the decision and the answers sent."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "referentie_aanbieder": "VOT-2026-0042",
                    "soort": "VOT",
                    "gemeente": "0153",
                    "bsn": "999900018",
                    "status": "in_onderzoek",
                    "status_betekenis": STATUS_BETEKENIS["in_onderzoek"].model_dump(),
                    "dagtekening": "2026-11-16",
                    "ontvangen_at": "2026-11-20T09:30:00Z",
                    "antwoord_uiterlijk": "2027-01-11",
                    "beantwoord_at": None,
                    "product": {
                        "categorie": "45",
                        "code": "45A48",
                        "ingangsdatum": "2026-12-01",
                        "einddatum": "2027-05-31",
                        "omvang": {"volume": 90, "eenheid": "01", "frequentie": "2"},
                        "budget": None,
                    },
                    "beslissing": {
                        "uitkomst": "onderzoek",
                        "regelset": "twente",
                        "regel": "A2",
                        "redenen": [
                            "A2 'Behandeling individueel': buiten de grenzen: "
                            "6.001 minuten overschrijdt 6.000"
                        ],
                        "reden_afwijzing": None,
                        "besloten_at": "2026-11-20T09:30:00Z",
                    },
                    "antwoorden": [
                        {
                            "type": "JW319",
                            "identificatie": "319000000001",
                            "dagtekening": "2026-11-20",
                            "verzonden_at": "2026-11-20T09:30:00Z",
                            "verzoek_antwoord": "2",
                        }
                    ],
                    "toewijzing_nummers": [],
                    "verwijzing": {
                        "datum": "2026-10-02",
                        "verwijzer_type": "02",
                        "zorgverlener_code": "01012345",
                        "naam": None,
                        "vastgelegd_rol": "aanbieder",
                    },
                }
            ]
        }
    }

    referentie_aanbieder: str
    soort: Literal["VOT", "VOW"] = Field(description="JW315 (VOT) or JW317 (VOW)")
    gemeente: str = Field(description="CBS code of the gemeente asked")
    bsn: str = Field(description="The client's BSN as the aanbieder sent it")
    status: VerzoekStatus
    status_betekenis: StatusBetekenis
    dagtekening: date = Field(description="Dagtekening of the JW315/JW317")
    ontvangen_at: datetime
    antwoord_uiterlijk: date | None = Field(
        description="When the gemeente's answer is due: 5 working days after receipt for the "
        "first answer (ontvangen, wacht_op_clientgegevens), 8 weeks after the Dagtekening "
        "for the final answer (in_onderzoek); null once answered finally"
    )
    beantwoord_at: datetime | None = Field(description="When the final answer was sent")
    product: AangevraagdProductOut | None = Field(
        description="The product a VOT asked for; null for a VOW (its products are in the JW317)"
    )
    beslissing: AanbiederBeslissingOut | None = Field(
        description="The latest decision; null before one"
    )
    antwoorden: list[AanbiederAntwoordOut] = Field(description="JW319 and JW301 sent, oldest first")
    toewijzing_nummers: list[int] = Field(
        description="ToewijzingNummers granted on this request (empty until a JW301)"
    )
    verwijzing: AanbiederVerwijzingOut | None = Field(
        description="The referral letter recorded behind it (PUT /api/v1/verwijzingen)"
    )


class HuidigeToewijzingOut(BaseModel):
    """A current toewijzing of the client at this aanbieder, as it stands now."""

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "gemeente": "0153",
                    "toewijzing_nummer": 1001,
                    "product": {"categorie": "45", "code": "45A48"},
                    "ingangsdatum": "2026-12-01",
                    "einddatum": "2027-05-31",
                    "omvang": {"volume": 90, "eenheid": "01", "frequentie": "2"},
                    "budget": None,
                    "reden_wijziging": None,
                    "referentie_aanbieder": "VOT-2026-0042",
                    "toegewezen_at": "2026-11-20T09:30:00Z",
                    "versie": 1,
                }
            ]
        }
    }

    gemeente: str
    toewijzing_nummer: int
    product: AanbiederProductOut | None = Field(description="Null for a generic toewijzing")
    ingangsdatum: date
    einddatum: date | None
    omvang: AanbiederOmvangOut | None
    budget: int | None = Field(description="eurocent")
    reden_wijziging: str | None = Field(description="JZ002 RedenWijziging of the last change")
    referentie_aanbieder: str | None
    toegewezen_at: datetime = Field(description="When this version was decided")
    versie: int = Field(description="1 for the first JW301, one more for every change")


_PROBLEMEN: dict[int, tuple[str, tuple[dict, ...]]] = {
    401: ("No API key, or an unknown or revoked one", (openapi.UNAUTHORIZED,)),
    403: (
        "A valid key of another role: these endpoints serve aanbieder keys only",
        (
            openapi.problem_example(
                403,
                "forbidden-role",
                "Niet toegestaan voor deze rol",
                "een sleutel met rol gemeente kan dit endpoint niet gebruiken; nodig: aanbieder",
            ),
        ),
    ),
    404: (
        "No request of this aanbieder has this ReferentieAanbieder (in the gemeente named), or"
        " the gemeente is not served here",
        (
            openapi.problem_example(
                404,
                "verzoek-unknown",
                "Onbekend verzoek",
                "geen verzoek van aanbieder 87654321 heeft deze ReferentieAanbieder",
            ),
            openapi.NOT_SERVED,
        ),
    ),
    409: (
        "Several gemeenten hold this ReferentieAanbieder: name one with `gemeente`",
        (
            openapi.problem_example(
                409,
                "referentie-ambiguous",
                "ReferentieAanbieder in meerdere gemeenten gebruikt",
                "gemeenten 0153, 0164 hebben elk een verzoek met deze ReferentieAanbieder: "
                "noem er één met de queryparameter `gemeente`",
                gemeenten=["0153", "0164"],
            ),
        ),
    ),
    422: (
        "A path or query value fails its schema",
        (
            openapi.problem_example(
                422,
                "invalid-request",
                "Ongeldig verzoek",
                "1 veld(en) ongeldig",
                errors=[{"location": "query.bsn", "message": "geen geldig BSN (11-proef)"}],
            ),
        ),
    ),
}


def problemen(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI `responses` documenting the problem documents of the given statuses."""
    return {
        status: openapi.problem_response(_PROBLEMEN[status][0], *_PROBLEMEN[status][1], named=True)
        for status in statuses
    }
