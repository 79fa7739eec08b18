"""The werkplek's Verbruik page: granted against declared minutes, and the evaluation cases.

The figures come from the same service as `GET /rapportages/verbruik` and the contact time is
recorded by the same service as `PUT /evaluatie/{gemeente}/{toewijzing_nummer}/contacttijd`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from app.declaraties.evaluatie import NietGekozen, leg_contacttijd_vast
from app.declaraties.rapport import Evaluatiegeval, csv_tekst, evaluatiegevallen, verbruik_regels
from app.declaraties.verbruik import Regel, Totaal, product, totalen
from app.services import Services
from app.web.diensten import Ingelogd, diensten, eigen_gemeenten, transactie
from app.web.formulier import Formulier
from app.web.sessie import Medewerker, vereist_csrf
from app.web.templates import render

router = APIRouter()

MAX_MINUTEN = 1_000_000
"""The most contact minutes one case records (as the JSON API)."""
MAX_BALKEN = 20
"""Aanbieders drawn in the chart; the table lists them all."""
_PRODUCTEN = r"[A-Za-z0-9]{1,5}( *, *[A-Za-z0-9]{1,5})*"

# The chart's drawing area, in SVG user units.
_BREEDTE, _LINKS, _RECHTS, _RIJ, _BOVEN = 720, 88, 16, 40, 8


@dataclass(frozen=True, slots=True)
class Filters:
    """The report's filters as read from the query string, with an error per field."""

    formulier: Formulier
    gemeenten: frozenset[str]
    aanbieder: str | None = None
    producten: list[str] = field(default_factory=list)
    van: date | None = None
    tot: date | None = None


def _filters(request: Request, eigen: frozenset[str]) -> Filters:
    """Read and check the GET form; a refused field leaves the report unfiltered by it."""
    namen = ("gemeente", "aanbieder", "product", "van", "tot")
    formulier = Formulier({n: request.query_params.get(n, "") for n in namen})
    gemeente = formulier.keuze(
        "gemeente", "een van uw gemeenten", {g: g for g in eigen}, verplicht=False
    )
    aanbieder = formulier.code("aanbieder", "de AGB-code van de aanbieder", 8, verplicht=False)
    codes = formulier.tekst(
        "product",
        "de productcodes",
        maximaal=200,
        patroon=_PRODUCTEN,
        uitleg="productcodes van ten hoogste 5 letters of cijfers, gescheiden door komma's",
    )
    van = formulier.datum("van", "de begindatum", verplicht=False)
    tot = formulier.datum("tot", "de einddatum", verplicht=False)
    if van and tot and tot < van:
        formulier.fout("tot", "De einddatum ligt voor de begindatum.")
        tot = None
    return Filters(
        formulier=formulier,
        gemeenten=frozenset({gemeente}) if gemeente else eigen,
        aanbieder=aanbieder,
        producten=[c.strip() for c in (codes or "").split(",") if c.strip()],
        van=van,
        tot=tot,
    )


@dataclass(frozen=True, slots=True)
class Balk:
    """One aanbieder in the chart: its granted and its declared minutes as two bars."""

    label: str
    y: float
    toegekend_breedte: float
    gedeclareerd_breedte: float
    titel: str


@dataclass(frozen=True, slots=True)
class Grafiek:
    """A server-drawn horizontal bar chart of granted against declared minutes per aanbieder."""

    breedte: int
    hoogte: int
    links: int
    balk_hoogte: float
    balken: list[Balk]
    ticks: list[tuple[float, int]]


def _stap(hoogste: int) -> int:
    """A round tick step giving at most five ticks."""
    stap = 1
    while True:
        for factor in (1, 2, 5):
            if hoogste / (stap * factor) <= 5:
                return stap * factor
        stap *= 10


def grafiek(per_aanbieder: list[Totaal]) -> Grafiek:
    """Granted (upper bar) and declared (lower bar) minutes per aanbieder, to one scale."""
    getoond = per_aanbieder[:MAX_BALKEN]
    hoogste = max((max(t.toegekend_minuten, t.gedeclareerd_minuten) for t in getoond), default=0)
    stap = _stap(max(hoogste, 1))
    schaal_max = max(stap, -(-hoogste // stap) * stap)
    ruimte = _BREEDTE - _LINKS - _RECHTS
    hoogte = _BOVEN + _RIJ * max(len(getoond), 1) + 24
    balken = [
        Balk(
            label=t.sleutel,
            y=_BOVEN + index * _RIJ,
            toegekend_breedte=round(ruimte * t.toegekend_minuten / schaal_max, 1),
            gedeclareerd_breedte=round(ruimte * t.gedeclareerd_minuten / schaal_max, 1),
            titel=(
                f"Aanbieder {t.sleutel}: {t.toegekend_minuten} minuten toegekend, "
                f"{t.gedeclareerd_minuten} gedeclareerd"
            ),
        )
        for index, t in enumerate(getoond)
    ]
    ticks = [
        (round(_LINKS + ruimte * waarde / schaal_max, 1), waarde)
        for waarde in range(0, schaal_max + 1, stap)
    ]
    return Grafiek(_BREEDTE, hoogte, _LINKS, _RIJ * 0.35, balken, ticks)


def _lees(
    services: Services, medewerker: Medewerker, filters: Filters, actie: str
) -> tuple[list[Regel], list[Evaluatiegeval]]:
    """The report rows and the drawn cases in the worker's scope; the read is audited."""
    with transactie(services).begin() as session:
        regels = verbruik_regels(
            session,
            filters.gemeenten,
            aanbieder=filters.aanbieder,
            producten=filters.producten,
            van=filters.van,
            tot=filters.tot,
        )
        gevallen = evaluatiegevallen(session, filters.gemeenten)
        gelezen = {(r.bsn, r.gemeente) for r in regels} | {(g.bsn, g.gemeente) for g in gevallen}
        services.audit.record(
            session,
            medewerker,
            actie=actie,
            wat=f"verbruik van {len(regels)} toewijzing(en), {len(gevallen)} evaluatiegeval(len)",
            gelezen=sorted(gelezen),
            now=services.clock.now(),
        )
    return regels, gevallen


def _pagina(
    request: Request,
    medewerker: Medewerker,
    *,
    fouten: dict[tuple[str, int], Formulier] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    services = diensten(request)
    eigen = eigen_gemeenten(services, medewerker)
    filters = _filters(request, eigen)
    regels, gevallen = _lees(services, medewerker, filters, "GET /werkplek/rapportages/verbruik")
    per_aanbieder = totalen(regels, lambda r: r.aanbieder)
    vastgelegd = request.query_params.get("vastgelegd", "")
    return render(
        request,
        "verbruik.html",
        {
            "f": filters.formulier,
            "gemeenten": sorted(eigen),
            "regels": regels,
            "per_gemeente": totalen(regels, lambda r: r.gemeente),
            "per_aanbieder": per_aanbieder,
            "per_product": totalen(regels, product),
            "grafiek": grafiek(per_aanbieder),
            "max_balken": MAX_BALKEN,
            "gevallen": gevallen,
            "fouten": fouten or {},
            "vastgelegd": vastgelegd if vastgelegd.isdigit() and len(vastgelegd) <= 8 else "",
            "csv_query": request.url.query,
        },
        status_code=422 if filters.formulier.fouten and status_code == 200 else status_code,
    )


@router.get("/rapportages/verbruik", response_class=HTMLResponse, name="werkplek_verbruik")
def verbruik(request: Request, medewerker: Ingelogd) -> HTMLResponse:
    """Granted against declared minutes per toewijzing, totals, a chart and the sample."""
    return _pagina(request, medewerker)


@router.get("/rapportages/verbruik.csv", name="werkplek_verbruik_csv")
def verbruik_csv(request: Request, medewerker: Ingelogd) -> Response:
    """The report's rows as CSV, filtered as the page; the read is audited."""
    services = diensten(request)
    filters = _filters(request, eigen_gemeenten(services, medewerker))
    if filters.formulier.fouten:
        tekst = " ".join(filters.formulier.fouten.values())
        return Response(tekst, status_code=422, media_type="text/plain; charset=utf-8")
    regels, _gevallen = _lees(
        services, medewerker, filters, "GET /werkplek/rapportages/verbruik.csv"
    )
    headers = {"Content-Disposition": 'attachment; filename="verbruik.csv"'}
    return Response(csv_tekst(regels), media_type="text/csv", headers=headers)


Veld = Annotated[str, Form()]


def _niet_gevonden(request: Request, gemeente: str, nummer: int) -> HTMLResponse:
    return render(
        request,
        "fout.html",
        {
            "titel": "Niet gevonden",
            "uitleg": f"Toewijzing {nummer} van gemeente {gemeente} is geen evaluatiegeval "
            "van een van uw gemeenten.",
            "terug": request.url_for("werkplek_verbruik").path,
            "terug_tekst": "Terug naar het verbruik",
        },
        status_code=404,
    )


@router.post(
    "/rapportages/verbruik/evaluatie/{gemeente}/{toewijzing_nummer}",
    response_class=HTMLResponse,
    dependencies=[Depends(vereist_csrf)],
    name="werkplek_contacttijd",
)
def contacttijd(
    request: Request,
    gemeente: Annotated[str, Path(pattern=r"^[0-9]{4}$")],
    toewijzing_nummer: Annotated[int, Path(ge=1, le=99_999_999)],
    medewerker: Ingelogd,
    direct_minuten: Veld = "",
    indirect_minuten: Veld = "",
) -> Response:
    """Record the client's reported contact time of a drawn case; errors beside the fields."""
    services = diensten(request)
    if gemeente not in eigen_gemeenten(services, medewerker):
        return _niet_gevonden(request, gemeente, toewijzing_nummer)
    formulier = Formulier({"direct": direct_minuten, "indirect": indirect_minuten})
    direct = formulier.geheel("direct", "de directe contacttijd", minimaal=0, maximaal=MAX_MINUTEN)
    indirect = formulier.geheel(
        "indirect", "de indirecte contacttijd", minimaal=0, maximaal=MAX_MINUTEN
    )
    if direct is None or indirect is None:
        return _pagina(
            request,
            medewerker,
            fouten={(gemeente, toewijzing_nummer): formulier},
            status_code=422,
        )
    try:
        with transactie(services).begin() as session:
            leg_contacttijd_vast(
                session,
                gemeente=gemeente,
                nummer=toewijzing_nummer,
                direct=direct,
                indirect=indirect,
                door=medewerker.gebruikersnaam,
                now=services.clock.now(),
            )
    except NietGekozen:
        return _niet_gevonden(request, gemeente, toewijzing_nummer)
    pad = request.url_for("werkplek_verbruik").path
    return RedirectResponse(f"{pad}?vastgelegd={toewijzing_nummer}#evaluatie", 303)
