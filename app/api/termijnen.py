"""Regional records that answer a toewijzing's signals: extension notice, evaluation, contact.

Each record is stored and meets the running signal of its kind; it is late when recorded after
the due date (the day the gemeente learns of it counts, as a message's arrival does). Refusals:
404 for an unknown toewijzing; 409 `/problems/termijn-not-kept` when the gemeente's rule set
keeps no such deadline or this toewijzing has none (no Einddatum, care too short for an
evaluation); 409 `/problems/termijn-not-open` before the window opens (the extension notice
12 to 8 weeks before the Einddatum); 422 for a gemeente not served, an invalid body or a datum
in the future or before the Ingangsdatum. A record after its signal was met or closed is still
stored, with `signaal_gemeld` false.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Path, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.toegang import Toegang
from app.api import openapi
from app.api.auth import Gemeentewerker, eigen_gemeente
from app.api.dependencies import Services, ServicesDep, UnitOfWork, UnitOfWorkDep
from app.api.fields import Gemeentecode, Wie
from app.api.problems import not_served, problem
from app.api.strikt import Datum, Invoer
from app.api.toewijzingen import Nummer
from app.clock import as_utc, date_of
from app.deadlines.policy import Soort
from app.deadlines.service import TOEWIJZING
from app.decisions.ruleset import Termijnen
from app.persistence.models import Signaal, TermijnVastlegging, Toewijzing

router = APIRouter(prefix="/toewijzingen", tags=["regionale termijnen"])

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
        "The deadline is not kept for this toewijzing, or its window is not open yet",
        openapi.problem_example(
            409,
            "termijn-not-kept",
            "Deze termijn wordt niet bijgehouden",
            "gemeente 0363 houdt geen evaluaties bij (zie haar regionale regelset)",
        ),
        openapi.problem_example(
            409,
            "termijn-not-open",
            "Venster nog niet open",
            "het verlenging-venster van toewijzing 7 opent op 2027-04-07",
        ),
    ),
    **openapi.invalid(
        "Invalid body or datum",
        openapi.INVALID_REQUEST,
        openapi.problem_example(
            422, "invalid-datum", "Ongeldige datum", "datum 2026-11-21 ligt in de toekomst"
        ),
    ),
}

_VASTGELEGD = {
    "id": 3,
    "gemeente": "0153",
    "toewijzing_nummer": 7,
    "soort": "contactmoment",
    "datum": "2026-11-18",
    "details": {
        "vorm": "telefoon",
        "uitkomst": "verlenging_nodig",
        "deelnemers": ["aanbieder", "jeugdconsulent"],
        "toelichting": None,
    },
    "vastgelegd_door": "j.devries",
    "vastgelegd_at": "2026-11-20T09:30:00Z",
    "signaal_gemeld": True,
    "te_laat": False,
}

Toelichting = Annotated[str | None, Field(None, max_length=1000)]
GemeentePad = Annotated[Gemeentecode, Path()]

_KEPT: dict[Soort, tuple[str, Callable[[Termijnen], bool]]] = {
    Soort.VERLENGING: ("verlengingsmeldingen", lambda t: t.verlenging_vanaf_weken is not None),
    Soort.EVALUATIE: ("evaluaties", lambda t: t.evaluatie_maanden is not None),
    Soort.CONTACTMOMENT: ("contactmomenten", lambda t: t.contactmoment_maanden is not None),
}
"""What each record answers, and whether a region's deadlines include it."""


class VerlengingsmeldingIn(Invoer):
    """The aanbieder's notice, 12 to 8 weeks before the Einddatum, whether care is extended."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "soort": "lange_verlenging",
                    "toelichting": "Traject loopt, verlenging met een jaar",
                    "vastgelegd_door": "j.devries",
                }
            ]
        },
    )

    soort: Literal["korte_verlenging", "lange_verlenging", "geen"]
    toelichting: Toelichting
    vastgelegd_door: Wie


class EvaluatieIn(Invoer):
    """An evaluation with the gemeente after about 6 months of care (region A)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "datum": "2026-11-18",
                    "toelichting": "Doelen grotendeels behaald",
                    "vastgelegd_door": "j.devries",
                }
            ]
        },
    )

    datum: Datum = Field(description="When the evaluation was held", examples=["2026-11-18"])
    toelichting: Toelichting
    vastgelegd_door: Wie


class ContactmomentIn(Invoer):
    """The contact moment 3 months before the end of the beschikking and its outcome (region B)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "datum": "2026-11-18",
                    "vorm": "telefoon",
                    "uitkomst": "verlenging_nodig",
                    "deelnemers": ["aanbieder", "jeugdconsulent"],
                    "vastgelegd_door": "j.devries",
                }
            ]
        },
    )

    datum: Datum = Field(description="When the contact took place", examples=["2026-11-18"])
    vorm: Literal["telefoon", "persoonlijk", "mail"]
    uitkomst: Literal[
        "afsluiten_zonder_vervolgzorg", "verlenging_nodig", "afsluiten_met_vervolgzorg"
    ]
    deelnemers: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        min_length=1, max_length=10, examples=[["aanbieder", "jeugdconsulent"]]
    )
    toelichting: Toelichting
    vastgelegd_door: Wie


class VastleggingOut(BaseModel):
    """A stored record and the signal it met."""

    model_config = ConfigDict(json_schema_extra={"examples": [_VASTGELEGD]})

    id: int
    gemeente: str
    toewijzing_nummer: int
    soort: Soort
    datum: date
    details: dict
    vastgelegd_door: str
    vastgelegd_at: datetime
    signaal_gemeld: bool = Field(description="This record met the toewijzing's running signal")
    te_laat: bool | None = Field(description="The signal was met after its due date (null: none)")


def _unknown(gemeente: str, nummer: int) -> JSONResponse:
    return problem(
        404,
        "/problems/toewijzing-unknown",
        "Onbekende toewijzing",
        f"gemeente {gemeente} heeft geen toewijzing {nummer}",
    )


def _not_kept(detail: str) -> JSONResponse:
    return problem(409, "/problems/termijn-not-kept", "Deze termijn wordt niet bijgehouden", detail)


def _invalid_datum(detail: str) -> JSONResponse:
    return problem(422, "/problems/invalid-datum", "Ongeldige datum", detail)


def _refusal(
    services: Services, session: Session, soort: Soort, row: Toewijzing, today: date
) -> JSONResponse | None:
    """The 409 for a record no running deadline of this toewijzing asks for, or not yet."""
    label, kept = _KEPT[soort]
    rule_set = services.rule_sets.rule_set_for(row.gemeente)
    if rule_set is None or not kept(rule_set.termijnen):
        return _not_kept(
            f"gemeente {row.gemeente} houdt geen {label} bij (zie haar regionale regelset)"
        )
    signaal = session.execute(
        select(Signaal.vanaf_date).where(
            Signaal.soort == soort, Signaal.onderwerp == TOEWIJZING, Signaal.onderwerp_id == row.id
        )
    ).first()
    if signaal is None:
        return _not_kept(
            f"toewijzing {row.nummer} heeft geen {soort}-termijn (geen Einddatum, of te korte zorg)"
        )
    if signaal.vanaf_date > today:
        return problem(
            409,
            "/problems/termijn-not-open",
            "Venster nog niet open",
            f"het {soort}-venster van toewijzing {row.nummer} opent op "
            f"{signaal.vanaf_date.isoformat()}",
        )
    return None


def _vastleggen(
    services: Services,
    uow: UnitOfWork,
    toegang: Toegang,
    gemeente: str,
    nummer: int,
    soort: Soort,
    *,
    datum: date | None,
    details: dict,
    vastgelegd_door: str,
) -> JSONResponse:
    """Store one record and meet its signal, or refuse with a problem."""
    if gemeente not in services.settings.gemeenten:
        return not_served(gemeente)
    eigen_gemeente(toegang, gemeente)
    now = services.clock.now()
    today = date_of(now)
    if datum is not None and datum > today:
        return _invalid_datum(f"datum {datum.isoformat()} ligt in de toekomst")
    with uow.begin() as session:
        row = session.scalar(
            select(Toewijzing).where(Toewijzing.gemeente == gemeente, Toewijzing.nummer == nummer)
        )
        if row is None:
            return _unknown(gemeente, nummer)
        refusal = _refusal(services, session, soort, row, today)
        if refusal is not None:
            return refusal
        if datum is not None and datum < row.ingangsdatum_date:
            return _invalid_datum(
                f"datum {datum.isoformat()} ligt voor de Ingangsdatum van de toewijzing "
                f"{row.ingangsdatum_date.isoformat()}"
            )
        gemeld = services.termijnen.gemeld(session, soort, row, now, today=today)
        record = TermijnVastlegging(
            toewijzing_id=row.id,
            soort=soort,
            datum_date=datum or today,
            details=details,
            vastgelegd_door=vastgelegd_door,
            vastgelegd_at=now,
        )
        session.add(record)
        session.flush()
        te_laat = None
        if gemeld:
            te_laat = session.scalar(
                select(Signaal.te_laat).where(
                    Signaal.soort == soort,
                    Signaal.onderwerp == TOEWIJZING,
                    Signaal.onderwerp_id == row.id,
                )
            )
        body = VastleggingOut(
            id=record.id,
            gemeente=gemeente,
            toewijzing_nummer=nummer,
            soort=soort,
            datum=record.datum_date,
            details=details,
            vastgelegd_door=vastgelegd_door,
            vastgelegd_at=as_utc(now),
            signaal_gemeld=gemeld,
            te_laat=te_laat,
        )
    return JSONResponse(body.model_dump(mode="json"), status_code=status.HTTP_201_CREATED)


@router.post(
    "/{gemeente}/{nummer}/verlengingsmelding",
    status_code=status.HTTP_201_CREATED,
    summary="Record whether a toewijzing is extended (region A, 12 to 8 weeks before its end)",
    response_model=VastleggingOut,
    responses=REFUSALS,
)
def verlengingsmelding(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: VerlengingsmeldingIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
):
    """Store the aanbieder's extension notice, dated today, and meet the VERLENGING signal."""
    return _vastleggen(
        services,
        uow,
        toegang,
        gemeente,
        nummer,
        Soort.VERLENGING,
        datum=None,
        details={"verlenging": body.soort, "toelichting": body.toelichting},
        vastgelegd_door=body.vastgelegd_door,
    )


@router.post(
    "/{gemeente}/{nummer}/evaluatie",
    status_code=status.HTTP_201_CREATED,
    summary="Record the evaluation held with the gemeente (region A, after about 6 months)",
    response_model=VastleggingOut,
    responses=REFUSALS,
)
def evaluatie(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: EvaluatieIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
):
    """Store the evaluation and meet the EVALUATIE signal."""
    return _vastleggen(
        services,
        uow,
        toegang,
        gemeente,
        nummer,
        Soort.EVALUATIE,
        datum=body.datum,
        details={"toelichting": body.toelichting},
        vastgelegd_door=body.vastgelegd_door,
    )


@router.post(
    "/{gemeente}/{nummer}/contactmoment",
    status_code=status.HTTP_201_CREATED,
    summary="Record the contact moment and its outcome (region B, 3 months before the end)",
    response_model=VastleggingOut,
    responses=REFUSALS,
)
def contactmoment(
    gemeente: GemeentePad,
    nummer: Nummer,
    body: ContactmomentIn,
    toegang: Gemeentewerker,
    services: ServicesDep,
    uow: UnitOfWorkDep,
):
    """Store the contact moment with its form, outcome and participants; meet CONTACTMOMENT."""
    return _vastleggen(
        services,
        uow,
        toegang,
        gemeente,
        nummer,
        Soort.CONTACTMOMENT,
        datum=body.datum,
        details={
            "vorm": body.vorm,
            "uitkomst": body.uitkomst,
            "deelnemers": body.deelnemers,
            "toelichting": body.toelichting,
        },
        vastgelegd_door=body.vastgelegd_door,
    )
