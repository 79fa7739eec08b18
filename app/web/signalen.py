"""The werkplek's Signalen page: overdue and due-soon deadlines, their records and a CSV.

The list, the records and the CSV call the same deadline services as the JSON API
(`app.deadlines`): a record made here meets its signal exactly as one made over the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from app.clock import date_of
from app.deadlines import onderwerp, vastlegging
from app.deadlines.export import csv_tekst
from app.deadlines.onderwerp import Onderwerp, SignaalFilters, SignalenPagina
from app.deadlines.policy import Soort
from app.deadlines.service import TOEWIJZING
from app.deadlines.signalen import LOPEND, OVERDUE
from app.deadlines.vastlegging import (
    GEMEENTEWERKER,
    MAX_DEELNEMERS,
    MAX_TOELICHTING,
    OngeldigeDatum,
    Vastlegging,
)
from app.problem import Problem
from app.services import Services
from app.web.clienten import client_pagina_url
from app.web.diensten import Ingelogd, diensten, eigen_gemeenten, transactie
from app.web.formulier import Formulier
from app.web.sessie import Medewerker, vereist_csrf
from app.web.templates import render

router = APIRouter()

BINNENKORT = timedelta(days=14)
"""A running signal is shown once it is due within this many days (or overdue)."""
MAX_SIGNALEN = 500
"""The most signals one page and one CSV show; filters narrow the list."""

SOORT_LABELS: dict[str, str] = {
    Soort.ANTWOORD_VERZOEK: "Antwoord op verzoek",
    Soort.EINDANTWOORD: "Eindantwoord na onderzoek",
    Soort.START_ZORG: "Start zorg (JW305)",
    Soort.STOP_ZORG: "Stop zorg (JW307)",
    Soort.RETOUR: "Retour op ons bericht",
    Soort.VERWIJZING_START: "Start binnen geldigheid verwijzing",
    Soort.VERLENGING: "Verlengingsmelding",
    Soort.EVALUATIE: "Evaluatie",
    Soort.CONTACTMOMENT: "Contactmoment",
    Soort.BEZORGING: "Bezorging aan de broker",
    Soort.DECLARATIE_ANTWOORD: "Antwoord op declaratie (JW325)",
}
VASTLEGBAAR = (Soort.VERLENGING, Soort.EVALUATIE, Soort.CONTACTMOMENT)
"""Signals a worker answers on this page with a record of their own."""
VERLENGING_LABELS = {
    "korte_verlenging": "Korte verlenging (afsluitende fase, daarna stopt de zorg)",
    "lange_verlenging": "Lange verlenging (de gemeente maakt een nieuwe toewijzing)",
    "geen": "Geen verlenging: de zorg eindigt op de Einddatum",
}
VORM_LABELS = {"telefoon": "Telefonisch", "persoonlijk": "Persoonlijk", "mail": "Per mail"}
UITKOMST_LABELS = {
    "afsluiten_zonder_vervolgzorg": "Afsluiten zonder vervolgzorg",
    "verlenging_nodig": "Verlenging nodig",
    "afsluiten_met_vervolgzorg": "Afsluiten met vervolgzorg",
}
STATUS_LABELS = {"open": "Open", "overdue": "Te laat", "met": "Gemeld", "closed": "Vervallen"}

SignaalId = Annotated[int, Path(ge=1, le=2**62)]


# --- the list --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Keuze:
    """The list's filters as the worker chose them, and the Dutch error of a bad one."""

    gemeente: str | None = None
    soort: str | None = None
    fouten: dict[str, str] = field(default_factory=dict)


def _keuze(request: Request, gemeenten: frozenset[str]) -> Keuze:
    """The filters from the query string; an unknown value is an error beside its field."""
    gemeente = request.query_params.get("gemeente") or None
    soort = request.query_params.get("soort") or None
    fouten = {}
    if gemeente is not None and gemeente not in gemeenten:
        fouten["gemeente"] = "Kies een van uw gemeenten."
        gemeente = None
    if soort is not None and soort not in SOORT_LABELS:
        fouten["soort"] = "Kies een soort termijn uit de lijst."
        soort = None
    return Keuze(gemeente, soort, fouten)


def _lopende(
    services: Services, medewerker: Medewerker, keuze: Keuze, *, actie: str
) -> SignalenPagina:
    """The worker's overdue and due-soon signals, soonest due first; the read is audited."""
    now = services.clock.now()
    filters = SignaalFilters(
        soort=keuze.soort,
        statussen=LOPEND,
        gemeente=keuze.gemeente,
        aanbieder=None,
        due_voor=date_of(now) + BINNENKORT + timedelta(days=1),
        zichtbaar=True,
        after=None,
    )
    with transactie(services).begin() as session:
        return onderwerp.pagina(
            session,
            services.audit,
            medewerker,
            filters,
            eigen_gemeenten(services, medewerker)
            if keuze.gemeente is None
            else frozenset({keuze.gemeente}),
            limit=MAX_SIGNALEN,
            now=now,
            actie=actie,
            met_naam=True,
        )


@dataclass(frozen=True, slots=True)
class Regel:
    """One signal as the page shows it."""

    id: int
    soort: str
    label: str
    gemeente: str
    aanbieder: str
    due: date
    te_laat: bool
    dagen: int
    """Days left until the due date; negative once past it."""
    onderwerp: Onderwerp
    vastleggen: bool


def _regels(pagina: SignalenPagina, today: date) -> list[Regel]:
    return [
        Regel(
            id=row.id,
            soort=row.soort,
            label=SOORT_LABELS.get(row.soort, row.soort),
            gemeente=row.gemeente,
            aanbieder=row.aanbieder,
            due=row.due_date,
            te_laat=row.status == OVERDUE or row.due_date < today,
            dagen=(row.due_date - today).days,
            onderwerp=pagina.onderwerpen[row.id],
            vastleggen=row.soort in VASTLEGBAAR and row.onderwerp == TOEWIJZING,
        )
        for row in pagina.signalen
    ]


@router.get("/signalen", response_class=HTMLResponse, name="werkplek_signalen")
def signalen(request: Request, medewerker: Ingelogd) -> HTMLResponse:
    """The worker's overdue and due-soon signals, with a link to record the regional ones."""
    services = diensten(request)
    keuze = _keuze(request, eigen_gemeenten(services, medewerker))
    pagina = _lopende(services, medewerker, keuze, actie="GET /werkplek/signalen")
    today = date_of(services.clock.now())
    gemeld = _gemeld(request, services, medewerker)
    return render(
        request,
        "signalen.html",
        {
            "regels": _regels(pagina, today),
            "meer": pagina.next is not None,
            "max_signalen": MAX_SIGNALEN,
            "binnenkort_dagen": BINNENKORT.days,
            "keuze": keuze,
            "gemeenten": sorted(eigen_gemeenten(services, medewerker)),
            "soorten": SOORT_LABELS,
            "gemeld": gemeld,
            "csv_query": request.url.query,
        },
        status_code=422 if keuze.fouten else 200,
    )


@dataclass(frozen=True, slots=True)
class Gemeld:
    """The signal a record just answered, read back: its kind, toewijzing and state."""

    label: str
    toewijzing_nummer: int | None
    status: str
    te_laat: bool


def _gemeld(request: Request, services: Services, medewerker: Medewerker) -> Gemeld | None:
    """The signal named by `?gemeld=`, if it is the worker's, as it stands now."""
    waarde = request.query_params.get("gemeld", "")
    if not waarde.isdigit() or len(waarde) > 18:
        return None
    with transactie(services).begin() as session:
        row = onderwerp.signaal_van(session, eigen_gemeenten(services, medewerker), int(waarde))
        if row is None:
            return None
        nummer = onderwerp.toewijzing_nummer(session, row)
    return Gemeld(
        label=SOORT_LABELS.get(row.soort, row.soort),
        toewijzing_nummer=nummer,
        status=STATUS_LABELS.get(row.status, row.status),
        te_laat=row.te_laat,
    )


@router.get("/signalen.csv", name="werkplek_signalen_csv")
def signalen_csv(request: Request, medewerker: Ingelogd) -> Response:
    """The same signals as the page, as the API's CSV; the read is audited."""
    services = diensten(request)
    keuze = _keuze(request, eigen_gemeenten(services, medewerker))
    if keuze.fouten:
        return Response(" ".join(keuze.fouten.values()), status_code=422, media_type="text/plain")
    pagina = _lopende(services, medewerker, keuze, actie="GET /werkplek/signalen.csv")
    return Response(
        csv_tekst(pagina),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="signalen.csv"'},
    )


# --- recording -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signaalonderwerp:
    """A running regional signal of the worker's and the toewijzing it is about."""

    id: int
    soort: str
    label: str
    gemeente: str
    aanbieder: str
    due: date
    status: str
    onderwerp: Onderwerp
    client_url: str | None = None
    """The client's page, by its opaque reference (None when the client is not known)."""


class SignaalOnbekend(Problem):
    """No regional signal by this id among the worker's gemeenten."""

    status_code = 404
    slug = "signaal-unknown"
    title = "Onbekend signaal"


def _signaal(services: Services, medewerker: Medewerker, signaal_id: int) -> Signaalonderwerp:
    """The signal, if it is the worker's and asks for a record; its client read is audited."""
    with transactie(services).begin() as session:
        row = onderwerp.signaal_van(session, eigen_gemeenten(services, medewerker), signaal_id)
        if row is None or row.soort not in VASTLEGBAAR or row.onderwerp != TOEWIJZING:
            raise SignaalOnbekend(f"signaal {signaal_id} is niet gevonden")
        subject = onderwerp.onderwerpen(session, [row], met_naam=True)[row.id]
        services.audit.record(
            session,
            medewerker,
            actie="GET /werkplek/signalen/vastleggen",
            wat=f"signaal {row.id}",
            gelezen=[(subject.bsn, row.gemeente)] if subject.bsn else [],
            now=services.clock.now(),
        )
        client_url = (
            client_pagina_url(session, row.gemeente, subject.bsn, services.clock.now())
            if subject.bsn
            else None
        )
    return Signaalonderwerp(
        id=row.id,
        soort=row.soort,
        label=SOORT_LABELS[row.soort],
        gemeente=row.gemeente,
        aanbieder=row.aanbieder,
        due=row.due_date,
        status=row.status,
        onderwerp=subject,
        client_url=client_url,
    )


def _formulier(
    request: Request,
    signaal: Signaalonderwerp,
    formulier: Formulier | None = None,
    *,
    melding: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "signaal_vastleggen.html",
        {
            "signaal": signaal,
            "lopend": signaal.status in LOPEND,
            "status_label": STATUS_LABELS.get(signaal.status, signaal.status),
            "waarden": formulier.waarden if formulier else {},
            "fouten": formulier.fouten if formulier else {},
            "melding": melding,
            "verlengingen": VERLENGING_LABELS,
            "vormen": VORM_LABELS,
            "uitkomsten": UITKOMST_LABELS,
            "max_deelnemers": MAX_DEELNEMERS,
        },
        status_code=status_code,
    )


@router.get(
    "/signalen/{signaal_id}/vastleggen",
    response_class=HTMLResponse,
    name="werkplek_vastleggen_formulier",
)
def vastleggen_formulier(
    request: Request, signaal_id: SignaalId, medewerker: Ingelogd
) -> HTMLResponse:
    """The form that records the extension notice, evaluation or contact moment of a signal."""
    try:
        signaal = _signaal(diensten(request), medewerker, signaal_id)
    except SignaalOnbekend as onbekend:
        return niet_gevonden(request, onbekend.detail)
    return _formulier(request, signaal)


def _deelnemers(formulier: Formulier) -> list[str]:
    """Participants separated by commas: at least one, at most MAX_DEELNEMERS of 100 tekens."""
    tekst = formulier.tekst("deelnemers", "de deelnemers", verplicht=True, maximaal=2000)
    namen = [deel.strip() for deel in (tekst or "").split(",") if deel.strip()]
    if tekst is not None and not namen:
        formulier.fout("deelnemers", "Noem ten minste één deelnemer.")
    elif len(namen) > MAX_DEELNEMERS:
        formulier.fout("deelnemers", f"Noem ten hoogste {MAX_DEELNEMERS} deelnemers.")
    elif any(len(naam) > 100 for naam in namen):
        formulier.fout("deelnemers", "Een deelnemer heeft ten hoogste 100 tekens.")
    return namen


def _vastlegging(soort: str, formulier: Formulier) -> Vastlegging:
    """The record the form describes; its mistakes are left in the form, by field."""
    toelichting = formulier.tekst("toelichting", "de toelichting", maximaal=MAX_TOELICHTING)
    if soort == Soort.VERLENGING:
        keuze = formulier.keuze("verlenging", "of de zorg wordt verlengd", VERLENGING_LABELS)
        return vastlegging.verlengingsmelding(keuze, toelichting)  # type: ignore[arg-type]
    datum = formulier.datum("datum", "de datum") or date.min
    if soort == Soort.EVALUATIE:
        return vastlegging.evaluatie(datum, toelichting)
    vorm = formulier.keuze("vorm", "hoe het contact was", VORM_LABELS)
    uitkomst = formulier.keuze("uitkomst", "een van de drie uitkomsten", UITKOMST_LABELS)
    deelnemers = _deelnemers(formulier)
    return vastlegging.contactmoment(
        datum,
        vorm,  # type: ignore[arg-type]
        uitkomst,  # type: ignore[arg-type]
        deelnemers,
        toelichting,
    )


Veld = Annotated[str, Form()]


@router.post(
    "/signalen/{signaal_id}/vastleggen",
    response_class=HTMLResponse,
    dependencies=[Depends(vereist_csrf)],
    name="werkplek_vastleggen",
)
def vastleggen(
    request: Request,
    signaal_id: SignaalId,
    medewerker: Ingelogd,
    verlenging: Veld = "",
    datum: Veld = "",
    vorm: Veld = "",
    uitkomst: Veld = "",
    deelnemers: Veld = "",
    toelichting: Veld = "",
) -> Response:
    """Record the form through the deadline service; errors are shown beside their fields."""
    waarden = {
        "verlenging": verlenging.strip(),
        "datum": datum.strip(),
        "vorm": vorm.strip(),
        "uitkomst": uitkomst.strip(),
        "deelnemers": deelnemers.strip(),
        "toelichting": toelichting.strip(),
    }
    return _vastleggen(request, signaal_id, medewerker, waarden)


def _vastleggen(
    request: Request, signaal_id: int, medewerker: Medewerker, waarden: dict[str, str]
) -> Response:
    services = diensten(request)
    try:
        signaal = _signaal(services, medewerker, signaal_id)
    except SignaalOnbekend as onbekend:
        return niet_gevonden(request, onbekend.detail)
    formulier = Formulier(waarden)
    wat = _vastlegging(signaal.soort, formulier)
    if not formulier.geldig:
        return _formulier(request, signaal, formulier, status_code=422)
    nummer = signaal.onderwerp.toewijzing_nummer
    assert nummer is not None  # a toewijzing's signal names its number
    try:
        with transactie(services).begin() as session:
            vastlegging.vastleggen(
                session,
                services.termijnen,
                services.rule_sets,
                GEMEENTEWERKER,
                signaal.gemeente,
                nummer,
                wat,
                vastgelegd_door=medewerker.gebruikersnaam,
                now=services.clock.now(),
            )
    except OngeldigeDatum as ongeldig:
        formulier.fout("datum", _datumfout(ongeldig.detail))
        return _formulier(request, signaal, formulier, status_code=422)
    except Problem as geweigerd:
        return _formulier(
            request,
            signaal,
            formulier,
            melding=f"{geweigerd.title}: {geweigerd.detail}.",
            status_code=geweigerd.status_code,
        )
    return RedirectResponse(f"{request.url_for('werkplek_signalen').path}?gemeld={signaal.id}", 303)


def _datumfout(detail: str) -> str:
    """The service's refusal of a date, as a sentence beside the field."""
    zin = detail[0].upper() + detail[1:]
    return zin.replace("Datum ", "De datum ", 1) + "."


def niet_gevonden(request: Request, detail: str) -> HTMLResponse:
    """A 404 page in Dutch."""
    return render(
        request,
        "fout.html",
        {
            "titel": "Niet gevonden",
            "uitleg": detail[:1].upper() + detail[1:] + ".",
            "terug": request.url_for("werkplek_signalen").path,
            "terug_tekst": "Terug naar de signalen",
        },
        status_code=404,
    )
