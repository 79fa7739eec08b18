"""The werkplek's Overzicht page for teamleiders and beheerders: requests in figures."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.clock import date_of
from app.verzoeken.overzicht import BIJNA_VERLOPEN, STATUSSEN, Maand, overzicht
from app.verzoeken.status import (
    AFGEWEZEN,
    IN_ONDERZOEK,
    ONTVANGEN,
    TOEGEKEND,
    WACHT_OP_CLIENTGEGEVENS,
)
from app.web.diensten import Ingelogd, diensten, eigen_gemeenten, transactie
from app.web.templates import render

router = APIRouter()

MAG_OVERZICHT = frozenset({"teamleider", "beheerder"})
"""The roles that see the overview; a medewerker's work is the werkvoorraad and signalen."""

STATUS_LABELS = {
    ONTVANGEN: "Ontvangen",
    IN_ONDERZOEK: "In onderzoek",
    WACHT_OP_CLIENTGEGEVENS: "Wacht op cliëntgegevens",
    TOEGEKEND: "Toegekend",
    AFGEWEZEN: "Afgewezen",
}
UITKOMST_LABELS = {"toekennen": "Toegekend", "onderzoek": "In onderzoek"}
MAANDNAMEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

# The chart's drawing area, in SVG user units.
_BREEDTE, _HOOGTE, _LINKS, _ONDER, _BOVEN = 720, 260, 48, 36, 12


@dataclass(frozen=True, slots=True)
class Balk:
    """One month's stacked bar: automatically granted below, sent to onderzoek above."""

    x: float
    breedte: float
    label: str
    toegekend_y: float
    toegekend_h: float
    onderzoek_y: float
    onderzoek_h: float
    titel: str


@dataclass(frozen=True, slots=True)
class Grafiek:
    """A server-drawn bar chart: bars, the y-axis ticks and the drawing's size."""

    breedte: int
    hoogte: int
    basis: float
    links: int
    balken: list[Balk]
    ticks: list[tuple[float, int]]


def maandlabel(maand: str) -> str:
    """`2026-11` as `nov 2026`."""
    jaar, nummer = maand.split("-")
    return f"{MAANDNAMEN[int(nummer) - 1]} {jaar}"


def _stap(hoogste: int) -> int:
    """A round tick step giving at most five ticks."""
    for stap in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if hoogste / stap <= 5:
            return stap
    return max(1, hoogste // 5)


def grafiek(maanden: list[Maand]) -> Grafiek:
    """The rule set's decisions per month as stacked bars, scaled to the busiest month."""
    hoogste = max((m.automatisch_toegekend + m.automatisch_onderzoek for m in maanden), default=0)
    stap = _stap(max(hoogste, 1))
    schaal_max = max(stap, -(-hoogste // stap) * stap)
    basis = _HOOGTE - _ONDER
    ruimte = basis - _BOVEN
    kolom = (_BREEDTE - _LINKS) / max(len(maanden), 1)
    balken = []
    for index, maand in enumerate(maanden):
        h_toe = ruimte * maand.automatisch_toegekend / schaal_max
        h_ond = ruimte * maand.automatisch_onderzoek / schaal_max
        label = maandlabel(maand.maand)
        balken.append(
            Balk(
                x=round(_LINKS + index * kolom + kolom * 0.15, 1),
                breedte=round(kolom * 0.7, 1),
                label=label,
                toegekend_y=round(basis - h_toe, 1),
                toegekend_h=round(h_toe, 1),
                onderzoek_y=round(basis - h_toe - h_ond, 1),
                onderzoek_h=round(h_ond, 1),
                titel=(
                    f"{label}: {maand.automatisch_toegekend} automatisch toegekend, "
                    f"{maand.automatisch_onderzoek} in onderzoek"
                ),
            )
        )
    ticks = [
        (round(basis - ruimte * waarde / schaal_max, 1), waarde)
        for waarde in range(0, schaal_max + 1, stap)
    ]
    return Grafiek(_BREEDTE, _HOOGTE, basis, _LINKS, balken, ticks)


@router.get("/overzicht", response_class=HTMLResponse, name="werkplek_overzicht")
def overzicht_pagina(request: Request, medewerker: Ingelogd) -> HTMLResponse:
    """Requests per status, rule and month; auto-grant rate; answer speed; onderzoek deadlines."""
    if medewerker.rol not in MAG_OVERZICHT:
        return render(
            request,
            "fout.html",
            {
                "titel": "Geen toegang",
                "uitleg": "Het overzicht is er voor teamleiders en beheerders. "
                "Vraag uw teamleider als u de cijfers nodig hebt.",
            },
            status_code=403,
        )
    services = diensten(request)
    today = date_of(services.clock.now())
    with transactie(services).begin() as session:
        cijfers = overzicht(session, eigen_gemeenten(services, medewerker), today)
    return render(
        request,
        "overzicht.html",
        {
            "o": cijfers,
            "today": today,
            "statussen": STATUSSEN,
            "status_labels": STATUS_LABELS,
            "uitkomst_labels": UITKOMST_LABELS,
            "maandlabel": maandlabel,
            "grafiek": grafiek(cijfers.maanden),
            "bijna_dagen": BIJNA_VERLOPEN.days,
        },
    )
