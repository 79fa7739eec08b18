"""Werkplek pages for the werkvoorraad and one request: read it, grant it or reject it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from app.clock import as_utc, date_of
from app.fields import GROOTSTE_ID, XML_TEKENS
from app.ijw.gemeenten import load_gemeenten
from app.ijw.omvang import total_minutes
from app.ijw.views import Omvang
from app.outbox.service import OutgoingInvalid
from app.paging import DatumCursor
from app.services import Services, ServicesDep, UnitOfWorkDep
from app.toewijzingen.client import ClientgegevensOntbreken
from app.toewijzingen.overlap import ToewijzingOverlap
from app.toewijzingen.rij import omvang_of
from app.verzoeken import service as verzoeken
from app.verzoeken.service import (
    WOONPLAATSBEGINSEL,
    BeslissingRow,
    BesluitOngeldig,
    Toekenning,
    Verzoek,
    controleer_afwijzing,
)
from app.verzoeken.status import IN_ONDERZOEK, ONTVANGEN, WACHT_OP_CLIENTGEGEVENS
from app.verzoeken.volgorde import VolgordeFout
from app.web import codes
from app.web.bsn import bsn_getoond
from app.web.clienten import client_pagina_url
from app.web.formulier import Formulier, met_velden
from app.web.sessie import Medewerker, huidige_medewerker, vereist_csrf
from app.web.templates import render

router = APIRouter()

MedewerkerDep = Annotated[Medewerker, Depends(huidige_medewerker)]

PAGINA = 50
"""Requests per werkvoorraad page."""

STATUS = codes.VERZOEK_STATUS
BESLISBAAR = (ONTVANGEN, IN_ONDERZOEK, WACHT_OP_CLIENTGEGEVENS)
"""Statuses in which a worker may still grant or reject."""

LEEFTIJD: dict[str, str] = {
    "2": "Ouder dan 2 weken",
    "4": "Ouder dan 4 weken",
    "6": "Ouder dan 6 weken",
    "8": "Ouder dan 8 weken",
}
"""The age filter: weeks since the request's Dagtekening."""

UITKOMST: dict[str, str] = {
    "toekennen": "Toekennen",
    "onderzoek": "In onderzoek",
    "afwijzen": "Afwijzen",
}
FIGUREN: dict[str, str] = {
    "minutes": "Minuten over de hele periode",
    "sessions": "Aantal sessies",
    "period_days": "Periode in dagen",
    "open_end": "Zonder einddatum",
    "max_minutes": "Ten hoogste minuten",
    "max_sessions": "Ten hoogste sessies",
    "max_months": "Ten hoogste maanden",
    "last_allowed_day": "Laatst toegestane dag",
    "referral_date": "Datum verwijzing",
    "referral_last_start": "Uiterste startdatum na verwijzing",
    "vooroverleg_max_minutes": "Minuten volgens vooroverleg",
    "vooroverleg_end_date": "Einddatum volgens vooroverleg",
    "earlier_grant_verzoek_id": "Eerder toegekend verzoek",
    "earlier_grant_referentie": "ReferentieAanbieder van de eerdere toekenning",
}
"""Dutch names of the figures a decision record holds."""

_AGB = re.compile(r"^[0-9]{8}$")
_PRODUCT = re.compile(r"^[0-9]{2}$|^[0-9A-Z]{5}$")
_DATUM = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CURSOR: TypeAdapter[str] = TypeAdapter(DatumCursor)
_TOELICHTING: TypeAdapter[str] = TypeAdapter(Annotated[str, Field(max_length=1000), XML_TEKENS])


# --- shared ----------------------------------------------------------------------------------


def _niet_gevonden(request: Request, medewerker: Medewerker) -> Response:
    """The 404 page: no such request, or one of a gemeente outside the worker's."""
    return render(request, "verzoek_onbekend.html", {}, status_code=404)


def _audit(
    services: Services,
    session: Session,
    medewerker: Medewerker,
    *,
    actie: str,
    wat: str,
    gelezen: Iterable[tuple[str, str]],
) -> None:
    """Record a worker's read of personal data in the audit log."""
    services.audit.record(
        session, medewerker, actie=actie, wat=wat, gelezen=gelezen, now=services.clock.now()
    )


def _datum(waarde: str) -> date | None:
    if not _DATUM.match(waarde):
        return None
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        return None


# --- the werkvoorraad ------------------------------------------------------------------------


@dataclass
class Filters:
    """The werkvoorraad's GET form, as typed, with a Dutch error per field it refused."""

    gemeente: str = ""
    aanbieder: str = ""
    product: str = ""
    status: str = ""
    leeftijd: str = ""
    after: str = ""
    fouten: dict[str, str] = field(default_factory=dict)

    def query(self, **extra: str) -> str:
        """The query string of these filters (without the cursor), plus `extra`."""
        velden = {
            "gemeente": self.gemeente,
            "aanbieder": self.aanbieder,
            "product": self.product,
            "status": self.status,
            "leeftijd": self.leeftijd,
            **extra,
        }
        return urlencode({naam: waarde for naam, waarde in velden.items() if waarde})


def _filters(medewerker: Medewerker, gelezen: Filters) -> Filters:
    """Check the filters; every refused one gets its Dutch error."""
    fouten = gelezen.fouten
    if gelezen.gemeente and gelezen.gemeente not in medewerker.gemeenten:
        fouten["gemeente"] = "Kies een van uw gemeenten."
    if gelezen.aanbieder and not _AGB.match(gelezen.aanbieder):
        fouten["aanbieder"] = "Een AGB-code heeft 8 cijfers, bijvoorbeeld 87654321."
    if gelezen.product and not _PRODUCT.match(gelezen.product):
        fouten["product"] = (
            "Vul een productcategorie (2 cijfers, bijvoorbeeld 45) of productcode "
            "(5 tekens, bijvoorbeeld 45A48) in."
        )
    if gelezen.status and gelezen.status not in verzoeken.WERKVOORRAAD:
        fouten["status"] = "Kies een status uit de lijst."
    if gelezen.leeftijd and gelezen.leeftijd not in LEEFTIJD:
        fouten["leeftijd"] = "Kies een leeftijd uit de lijst."
    if gelezen.after:
        try:
            _CURSOR.validate_python(gelezen.after)
        except ValidationError:
            fouten["after"] = "Deze pagina bestaat niet; begin opnieuw bij de eerste pagina."
    return gelezen


@router.get("/werkvoorraad")
def werkvoorraad(
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    gemeente: str = "",
    aanbieder: str = "",
    product: str = "",
    status: str = "",
    leeftijd: str = "",
    after: str = "",
) -> Response:
    """The requests waiting for a decision in the worker's gemeenten, nearest deadline first."""
    filters = _filters(
        medewerker,
        Filters(
            gemeente.strip(),
            aanbieder.strip(),
            product.strip().upper(),
            status,
            leeftijd,
            after,
        ),
    )
    gemeenten = medewerker.gemeenten if not filters.gemeente else {filters.gemeente}
    vandaag = date_of(services.clock.now())
    context: dict[str, Any] = {
        "filters": filters,
        "gemeenten": sorted(medewerker.gemeenten),
        "gemeentenamen": {code: load_gemeenten().naam(code) for code in medewerker.gemeenten},
        "statussen": {status: STATUS[status] for status in verzoeken.WERKVOORRAAD},
        "leeftijden": LEEFTIJD,
        "regels": [],
        "aantallen": {},
        "volgende": None,
    }
    if filters.fouten:
        return render(request, "werkvoorraad.html", context, status_code=422)
    aanbieder_filter = filters.aanbieder or None
    product_filter = filters.product or None
    dagtekening_tot = vandaag - timedelta(weeks=int(filters.leeftijd)) if filters.leeftijd else None
    with uow.begin() as session:
        pagina = verzoeken.werkplek_werkvoorraad(
            session,
            services.audit,
            medewerker,
            gemeenten,
            aanbieder=aanbieder_filter,
            product=product_filter,
            status=filters.status or None,
            dagtekening_tot=dagtekening_tot,
            after=filters.after or None,
            limit=PAGINA,
            now=services.clock.now(),
        )
    listed = pagina.verzoeken
    if pagina.next is not None:
        context["volgende"] = filters.query(after=pagina.next)
    context["aantallen"] = pagina.aantallen
    context["regels"] = [
        {
            "verzoek": verzoek,
            "status": STATUS.get(verzoek.status, verzoek.status),
            "product": _product_kort(verzoek),
            "uiterlijk": termijn.uiterlijk,
            "verlopen": termijn.uiterlijk < vandaag,
        }
        for verzoek, termijn in listed
    ]
    return render(request, "werkvoorraad.html", context)


def _product_kort(verzoek: Verzoek) -> str:
    if verzoek.soort == "VOW":
        return "Wijzigingsverzoek (VOW)"
    return " ".join(part for part in (verzoek.categorie, verzoek.code) if part) or "Geen product"


# --- one request -----------------------------------------------------------------------------


def _eigen(session: Session, medewerker: Medewerker, verzoek_id: int) -> Verzoek | None:
    """The request if it is one of the worker's gemeenten; None for any other id."""
    if not 1 <= verzoek_id <= GROOTSTE_ID:
        return None
    return verzoeken.zoek_eigen_verzoek(session, medewerker.gemeenten, verzoek_id)


def _toekenning_leeg(verzoek: Verzoek) -> Formulier:
    """The grant form filled with what the request asked for."""
    gevraagd = Toekenning.zoals_gevraagd(verzoek) if verzoek.soort == "VOT" else None
    if gevraagd is None:
        return Formulier()
    omvang = gevraagd.omvang
    return Formulier(
        {
            "ingangsdatum": gevraagd.ingangsdatum.isoformat(),
            "einddatum": gevraagd.einddatum.isoformat() if gevraagd.einddatum else "",
            "volume": str(omvang.volume) if omvang else "",
            "eenheid": omvang.eenheid if omvang else "",
            "frequentie": omvang.frequentie if omvang else "",
            "budget": str(gevraagd.budget) if gevraagd.budget is not None else "",
        }
    )


def _verzoek_context(
    services: Services,
    session: Session,
    verzoek: Verzoek,
    medewerker: Medewerker,
    *,
    toon_bsn: bool = False,
) -> dict[str, Any]:
    """Everything the request page shows, read in the request's transaction and audited."""
    now = services.clock.now()
    _audit(
        services,
        session,
        medewerker,
        actie="GET /werkplek/verzoeken/{id}",
        wat=f"verzoek {verzoek.id}",
        gelezen=[(verzoek.bsn, verzoek.gemeente)],
    )
    if toon_bsn:
        bsn_getoond(
            services.audit,
            session,
            medewerker,
            bsn=verzoek.bsn,
            gemeente=verzoek.gemeente,
            pagina="/werkplek/verzoeken/{id}",
            wat=f"verzoek {verzoek.id}",
            now=now,
        )
    inzage = verzoeken.verzoek_inzage(session, verzoek)
    client, termijn = inzage.client, inzage.termijn
    vandaag = date_of(now)
    bediend = verzoek.gemeente in services.settings.gemeenten
    return {
        "verzoek": verzoek,
        "status": STATUS.get(verzoek.status, verzoek.status),
        "beslisbaar": verzoek.status in BESLISBAAR,
        "bsn_getoond": toon_bsn,
        # The client page is reached by an opaque reference, made here on first use.
        "client_url": (
            client_pagina_url(session, verzoek.gemeente, verzoek.bsn, now) if bediend else None
        ),
        "client": client,
        "naam": _naam(client),
        "gemeentenaam": load_gemeenten().naam(verzoek.gemeente),
        "termijn": termijn,
        "verlopen": termijn is not None and termijn.uiterlijk < vandaag,
        "product": _product(verzoek),
        "beslissingen": [_beslissing(row) for row in inzage.beslissingen],
        "brief": None if inzage.brief is None else inzage.brief.Verwijzing,
        "vooroverleggen": inzage.vooroverleggen,
        "berichten": inzage.berichten,
        "reden_verzoek": codes.label(codes.REDEN_VERZOEK, verzoek.reden_verzoek),
        "verwijzer_type": codes.label(codes.VERWIJZER, verzoek.verwijzer_type),
        "redenen_afwijzing": codes.REDEN_AFWIJZING,
        "eenheden": codes.EENHEID,
        "frequenties": codes.FREQUENTIE,
        "woonplaatsbeginsel": WOONPLAATSBEGINSEL,
        "figuur_namen": FIGUREN,
        "verwijzer_typen": codes.VERWIJZER,
    }


def _naam(client: Any) -> str | None:
    if client is None:
        return None
    voor = client.voornamen or client.voorletters
    delen = [voor, client.voorvoegsel, client.achternaam]
    return " ".join(deel for deel in delen if deel)


def _product(verzoek: Verzoek) -> dict[str, Any] | None:
    ingang = verzoek.ingangsdatum_date
    if verzoek.soort != "VOT" or ingang is None:
        return None
    omvang = omvang_of(verzoek.volume, verzoek.eenheid, verzoek.frequentie)
    einde = verzoek.einddatum_date
    minuten = None
    if omvang is not None and (einde is not None or omvang.frequentie == "6"):
        minuten = total_minutes(omvang, ingang, einde)
    return {
        "product": _product_kort(verzoek),
        "ingangsdatum": ingang,
        "einddatum": einde,
        "dagen": (einde - ingang).days + 1 if einde else None,
        "omvang": _omvang_tekst(omvang),
        "minuten": minuten,
        "budget": verzoek.budget,
    }


def _omvang_tekst(omvang: Omvang | None) -> str | None:
    if omvang is None:
        return None
    eenheid = codes.EENHEID.get(omvang.eenheid, omvang.eenheid)
    frequentie = codes.FREQUENTIE.get(omvang.frequentie, omvang.frequentie)
    return f"{omvang.volume} {eenheid} {frequentie}"


def _beslissing(row: BeslissingRow) -> dict[str, Any]:
    figuren = {
        FIGUREN.get(naam, naam): ("ja" if waarde is True else waarde)
        for naam, waarde in (row.figuren or {}).items()
        if waarde is not None and waarde is not False
    }
    return {
        "regelset": row.regelset,
        "regel": "handmatig besluit" if row.regel == "handmatig" else row.regel,
        "uitkomst": UITKOMST.get(row.uitkomst, row.uitkomst),
        "figuren": figuren,
        "redenen": row.redenen or [],
        "beheer": row.beheer or [],
        "reden_afwijzing": codes.label(codes.REDEN_AFWIJZING, row.reden_afwijzing),
        "besloten_door": "de beslisregels" if row.besloten_door == "engine" else row.besloten_door,
        "besloten_at": as_utc(row.besloten_at),
        "bericht_id": row.bericht_id,
    }


def _verzoek_pagina(
    request: Request,
    medewerker: Medewerker,
    services: Services,
    session: Session,
    verzoek: Verzoek,
    *,
    toekenning: Formulier | None = None,
    afwijzing: Formulier | None = None,
    toon_bsn: bool = False,
    status_code: int = 200,
) -> Response:
    context = _verzoek_context(services, session, verzoek, medewerker, toon_bsn=toon_bsn)
    context["toekenning"] = toekenning or _toekenning_leeg(verzoek)
    context["afwijzing"] = afwijzing or Formulier()
    return render(request, "verzoek.html", context, status_code=status_code)


@router.get("/verzoeken/{verzoek_id}")
def verzoek_pagina(
    verzoek_id: int,
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """One request: client, products, decisions, referral, messages, and the actions."""
    with uow.begin() as session:
        verzoek = _eigen(session, medewerker, verzoek_id)
        if verzoek is None:
            return _niet_gevonden(request, medewerker)
        return _verzoek_pagina(request, medewerker, services, session, verzoek)


@router.post("/verzoeken/{verzoek_id}", dependencies=[Depends(vereist_csrf)])
def verzoek_pagina_met_bsn(
    verzoek_id: int,
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
) -> Response:
    """The request page with the client's BSN shown whole once ('Toon BSN'); audited as such."""
    with uow.begin() as session:
        verzoek = _eigen(session, medewerker, verzoek_id)
        if verzoek is None:
            return _niet_gevonden(request, medewerker)
        return _verzoek_pagina(request, medewerker, services, session, verzoek, toon_bsn=True)


@router.get("/verzoeken/{verzoek_id}/berichten/{bericht_id}")
def bericht_pagina(
    verzoek_id: int,
    bericht_id: int,
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    besluit: str = "",
) -> Response:
    """One message of the request as its XML, escaped."""
    with uow.begin() as session:
        verzoek = _eigen(session, medewerker, verzoek_id)
        if verzoek is None:
            return _niet_gevonden(request, medewerker)
        bericht = verzoeken.verzoek_bericht(session, verzoek, bericht_id)
        if bericht is None:
            return _niet_gevonden(request, medewerker)
        _audit(
            services,
            session,
            medewerker,
            actie="GET /werkplek/verzoeken/{id}/berichten/{bericht_id}",
            wat=f"verzoek {verzoek.id}, bericht {bericht_id} ({bericht.type})",
            gelezen=[(verzoek.bsn, verzoek.gemeente)],
        )
        context = {
            "verzoek": verzoek,
            "bericht": bericht,
            "xml": bytes(bericht.xml).decode("utf-8", errors="replace"),
            "besluit": besluit if besluit in ("toegekend", "afgewezen") else "",
        }
        return render(request, "bericht.html", context)


# --- granting --------------------------------------------------------------------------------

_TOEKENNING_VELDEN = ("ingangsdatum", "einddatum", "volume", "eenheid", "frequentie", "budget")


def _toelichting(formulier: Formulier) -> str | None:
    tekst = formulier.waarden.get("toelichting", "").strip()
    if not tekst:
        return None
    try:
        return _TOELICHTING.validate_python(tekst)
    except ValidationError:
        formulier.fouten["toelichting"] = (
            "De toelichting mag ten hoogste 1000 tekens hebben, zonder stuurtekens."
        )
        return None


def _lees_toekenning(verzoek: Verzoek, formulier: Formulier) -> Toekenning | None:
    """The grant the form asks for (None: as asked); fills `formulier.fouten` when it cannot."""
    if verzoek.soort != "VOT":
        return None
    waarden, fouten = formulier.waarden, formulier.fouten
    gevraagd = Toekenning.zoals_gevraagd(verzoek)
    ingang = _datum(waarden.get("ingangsdatum", ""))
    if ingang is None:
        fouten["ingangsdatum"] = "Vul een datum in als jjjj-mm-dd, bijvoorbeeld 2026-12-01."
    einde: date | None = None
    if waarden.get("einddatum"):
        einde = _datum(waarden["einddatum"])
        if einde is None:
            fouten["einddatum"] = "Vul een datum in als jjjj-mm-dd, of laat het veld leeg."
    omvang = None
    if gevraagd.omvang is not None:
        volume = waarden.get("volume", "")
        if not volume.isdigit() or not 1 <= int(volume) <= 99_999_999:
            fouten["volume"] = "Vul een heel getal van 1 tot en met 99999999 in."
        if waarden.get("eenheid") not in codes.EENHEID:
            fouten["eenheid"] = "Kies een eenheid uit de lijst."
        if waarden.get("frequentie") not in codes.FREQUENTIE:
            fouten["frequentie"] = "Kies een frequentie uit de lijst."
        if not fouten.keys() & {"volume", "eenheid", "frequentie"}:
            omvang = Omvang(int(volume), waarden["eenheid"], waarden["frequentie"])
    budget = None
    if gevraagd.budget is not None:
        tekst = waarden.get("budget", "")
        if not tekst.isdigit() or int(tekst) > 99_999_999:
            fouten["budget"] = "Vul het budget in eurocent in: een heel getal tot 99999999."
        else:
            budget = int(tekst)
    if fouten:
        return None
    wijzigingen = {
        naam: waarde
        for naam, waarde in (
            ("ingangsdatum", ingang),
            ("einddatum", einde),
            ("omvang", omvang),
            ("budget", budget),
        )
        if waarde != getattr(gevraagd, naam)
    }
    try:
        return Toekenning.gewijzigd(verzoek, **wijzigingen)
    except BesluitOngeldig as error:
        _fout_bij_veld(fouten, error)
        return None


_WEIGERINGEN = (
    VolgordeFout,
    ClientgegevensOntbreken,
    ToewijzingOverlap,
    OutgoingInvalid,
    BesluitOngeldig,
)
"""What a grant can be refused with; each is shown beside its field or above the form."""


def _fout_bij_veld(fouten: dict[str, str], error: Exception) -> None:
    """Put a refusal beside the field it concerns (the period's, or the form's)."""
    if isinstance(error, ToewijzingOverlap):
        fouten["ingangsdatum"] = (
            "Deze periode overlapt een toewijzing voor hetzelfde product: "
            + str(error).removeprefix("TR302: ")
        )
    elif isinstance(error, ClientgegevensOntbreken):
        fouten["algemeen"] = (
            "Van deze cliënt zijn geen contactgegevens bekend, dus er kan geen JW301 worden "
            "gemaakt. Leg eerst de contactgegevens van de cliënt vast."
        )
    elif isinstance(error, VolgordeFout):
        fouten["algemeen"] = f"Dit antwoord is nu niet toegestaan: {error}"
    elif isinstance(error, OutgoingInvalid):
        regels = "; ".join(f"{issue.code}: {issue.message}" for issue in error.issues)
        fouten["algemeen"] = (
            "Het bericht zou worden afgekeurd, er is niets opgeslagen"
            + (f" ({regels})" if regels else "")
            + "."
        )
    elif "CS003" in str(error):
        fouten["einddatum"] = "De einddatum ligt voor de ingangsdatum (CS003)."
    elif "ingangsdatum" in str(error):
        fouten["ingangsdatum"] = "Vul een ingangsdatum in."
    else:
        fouten["algemeen"] = str(error)


ToekenningFormulier = Annotated[
    Formulier,
    Depends(
        met_velden(
            "ingangsdatum", "einddatum", "volume", "eenheid", "frequentie", "budget", "toelichting"
        )
    ),
]
AfwijzingFormulier = Annotated[
    Formulier, Depends(met_velden("reden", "woonplaatsbeginsel_gemeente", "toelichting"))
]


@router.post("/verzoeken/{verzoek_id}/toekenning/controle", dependencies=[Depends(vereist_csrf)])
def toekenning_controle(
    verzoek_id: int,
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    formulier: ToekenningFormulier,
) -> Response:
    """The confirmation step of a grant: what the JW301 will say, or the form's errors."""
    with uow.begin() as session:
        verzoek = _eigen(session, medewerker, verzoek_id)
        if verzoek is None:
            return _niet_gevonden(request, medewerker)
        toekenning = _lees_toekenning(verzoek, formulier)
        _toelichting(formulier)
        if formulier.fouten:
            return _verzoek_pagina(
                request,
                medewerker,
                services,
                session,
                verzoek,
                toekenning=formulier,
                status_code=422,
            )
        getoond = toekenning or (
            Toekenning.zoals_gevraagd(verzoek) if verzoek.soort == "VOT" else None
        )
        context = {
            "verzoek": verzoek,
            "formulier": formulier,
            "zoals_gevraagd": toekenning is None,
            "product": _product_kort(verzoek),
            "toekenning": getoond,
            "omvang": _omvang_tekst(getoond.omvang) if getoond else None,
        }
        return render(request, "toekenning_bevestigen.html", context)


@router.post("/verzoeken/{verzoek_id}/toekenning", dependencies=[Depends(vereist_csrf)])
def toekennen(
    verzoek_id: int,
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    formulier: ToekenningFormulier,
) -> Response:
    """Grant the request as confirmed: the JW301 goes to the outbox, the page shows it."""
    try:
        with uow.begin() as session:
            verzoek = _eigen(session, medewerker, verzoek_id)
            if verzoek is None:
                return _niet_gevonden(request, medewerker)
            toekenning = _lees_toekenning(verzoek, formulier)
            tekst = _toelichting(formulier)
            if not formulier.fouten:
                bericht_id = services.verzoeken.toekennen(
                    session,
                    verzoek,
                    besloten_door=medewerker.gebruikersnaam,
                    toekenning=toekenning,
                    toelichting=tekst,
                    now=services.clock.now(),
                )
    except _WEIGERINGEN as error:
        # The refused grant is rolled back with its transaction; the page shows why.
        _fout_bij_veld(formulier.fouten, error)
    if formulier.fouten:
        with uow.begin() as session:
            verzoek = _eigen(session, medewerker, verzoek_id)
            assert verzoek is not None  # found a moment ago; requests are never deleted
            status_code = 409 if "algemeen" in formulier.fouten else 422
            return _verzoek_pagina(
                request,
                medewerker,
                services,
                session,
                verzoek,
                toekenning=formulier,
                status_code=status_code,
            )
    return RedirectResponse(
        f"/werkplek/verzoeken/{verzoek_id}/berichten/{bericht_id}?besluit=toegekend",
        status_code=303,
    )


# --- rejecting -------------------------------------------------------------------------------


def _lees_afwijzing(formulier: Formulier) -> tuple[str, str | None]:
    """The reden and woonplaatsbeginsel gemeente the form asks for; errors in the form."""
    reden = formulier.waarden.get("reden", "")
    gemeente = formulier.waarden.get("woonplaatsbeginsel_gemeente") or None
    if reden not in codes.REDEN_AFWIJZING:
        formulier.fouten["reden"] = "Kies een reden van afwijzing."
        return reden, gemeente
    try:
        controleer_afwijzing(reden, gemeente)
    except BesluitOngeldig:
        if reden == WOONPLAATSBEGINSEL and gemeente is None:
            melding = "Vul bij woonplaatsbeginsel de gemeente in die verantwoordelijk is (TR377)."
        elif reden != WOONPLAATSBEGINSEL:
            melding = "Alleen bij reden 8 (woonplaatsbeginsel) hoort een gemeente (TR409)."
        else:
            melding = "Deze code staat niet in de CBS-gemeentelijst; vul 4 cijfers in."
        formulier.fouten["woonplaatsbeginsel_gemeente"] = melding
    return reden, gemeente


@router.post("/verzoeken/{verzoek_id}/afwijzing/controle", dependencies=[Depends(vereist_csrf)])
def afwijzing_controle(
    verzoek_id: int,
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    formulier: AfwijzingFormulier,
) -> Response:
    """The confirmation step of a rejection, or the form's errors."""
    with uow.begin() as session:
        verzoek = _eigen(session, medewerker, verzoek_id)
        if verzoek is None:
            return _niet_gevonden(request, medewerker)
        code, gemeente = _lees_afwijzing(formulier)
        _toelichting(formulier)
        if formulier.fouten:
            return _verzoek_pagina(
                request,
                medewerker,
                services,
                session,
                verzoek,
                afwijzing=formulier,
                status_code=422,
            )
        context = {
            "verzoek": verzoek,
            "formulier": formulier,
            "reden": codes.label(codes.REDEN_AFWIJZING, code),
            "gemeente": gemeente,
            "gemeentenaam": load_gemeenten().naam(gemeente) if gemeente else None,
        }
        return render(request, "afwijzing_bevestigen.html", context)


@router.post("/verzoeken/{verzoek_id}/afwijzing", dependencies=[Depends(vereist_csrf)])
def afwijzen(
    verzoek_id: int,
    request: Request,
    medewerker: MedewerkerDep,
    services: ServicesDep,
    uow: UnitOfWorkDep,
    formulier: AfwijzingFormulier,
) -> Response:
    """Reject the request as confirmed: the JW319 goes to the outbox, the page shows it."""
    try:
        with uow.begin() as session:
            verzoek = _eigen(session, medewerker, verzoek_id)
            if verzoek is None:
                return _niet_gevonden(request, medewerker)
            code, gemeente = _lees_afwijzing(formulier)
            tekst = _toelichting(formulier)
            if not formulier.fouten:
                bericht_id = services.verzoeken.afwijzen(
                    session,
                    verzoek,
                    besloten_door=medewerker.gebruikersnaam,
                    reden=code,
                    woonplaatsbeginsel_gemeente=gemeente,
                    toelichting=tekst,
                    now=services.clock.now(),
                )
    except (VolgordeFout, OutgoingInvalid) as error:
        # The refused rejection is rolled back with its transaction; the page shows why.
        _fout_bij_veld(formulier.fouten, error)
    if formulier.fouten:
        with uow.begin() as session:
            verzoek = _eigen(session, medewerker, verzoek_id)
            assert verzoek is not None  # found a moment ago; requests are never deleted
            status_code = 409 if "algemeen" in formulier.fouten else 422
            return _verzoek_pagina(
                request,
                medewerker,
                services,
                session,
                verzoek,
                afwijzing=formulier,
                status_code=status_code,
            )
    return RedirectResponse(
        f"/werkplek/verzoeken/{verzoek_id}/berichten/{bericht_id}?besluit=afgewezen",
        status_code=303,
    )
