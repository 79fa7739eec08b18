"""The werkplek's Overzicht: figures per status, rule and month, for teamleiders only."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.persistence.models import Verzoek
from app.verzoeken.overzicht import Maand
from app.web.overzicht import grafiek
from tests.api.berichten import BSN, Aangevraagd, vot
from tests.api.flow import accepted, client_bekend, codes, post, rows
from tests.api.test_termijnen import REGIO_B
from tests.keys import aangemeld
from tests.web.ingelogd import als

JAAR = (date(2026, 12, 1), date(2027, 11, 30))


@pytest.fixture
def beide(settings, clock):
    """Enschede (Twente rules) and Amsterdam (region B), each with a known client."""
    app = create_app(settings.model_copy(update={"ruleset_dir": REGIO_B}), clock=clock)
    with TestClient(app) as test_client:
        aangemeld(test_client)
        client_bekend(app, gemeente="0153")
        client_bekend(app, gemeente="0363")
        yield test_client, app


def _verzoek(client, app, referentie: str, dagtekening: date, gemeente: str, bsn=BSN, **product):
    product = {"categorie": "54", "code": "54001", "omvang": (4680, "01", "6")} | product
    bericht = vot(
        f"VOT-{referentie}",
        dagtekening,
        Aangevraagd(referentie, *JAAR, **product),
        gemeente=gemeente,
        bsn=bsn,
    )
    response = post(client, bericht)
    assert accepted(response), codes(response)
    [verzoek] = rows(app, Verzoek, Verzoek.referentie_aanbieder == referentie)
    return verzoek


def _tekst(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_medewerker_is_refused_in_dutch(beide):
    client, app = beide
    als(app, rol="medewerker")

    response = client.get("/werkplek/overzicht")

    assert response.status_code == 403
    assert "Het overzicht is er voor teamleiders en beheerders." in response.text
    assert '<h1 class="utrecht-heading-1">Geen toegang</h1>' in response.text


def test_the_overview_counts_the_teamleiders_gemeenten(beide, clock):
    client, app = beide
    automatisch = _verzoek(client, app, "R-B1", date(2026, 11, 16), "0363")
    onderzoek = _verzoek(
        client, app, "R-B3", date(2026, 11, 16), "0363", code="54002", omvang=(8000, "01", "6")
    )
    bijna = _verzoek(
        client, app, "R-OUD", date(2026, 10, 1), "0363", bsn="999900031", omvang=(7000, "01", "6")
    )
    _verzoek(
        client,
        app,
        "R-TW",
        date(2026, 11, 16),
        "0153",
        bsn="999900043",
        categorie="45",
        code="45A48",
        omvang=(90, "01", "2"),
    )
    assert (automatisch.status, onderzoek.status, bijna.status) == (
        "toegekend",
        "in_onderzoek",
        "in_onderzoek",
    )
    clock.moment += timedelta(days=3)
    grant = client.post(
        f"/verzoeken/{onderzoek.id}/toekenning", json={"besloten_door": "j.devries"}
    )
    assert grant.status_code == 201, grant.text
    als(app, rol="teamleider", gemeenten=("0363",))

    response = client.get("/werkplek/overzicht")

    assert response.status_code == 200
    html = response.text
    tekst = _tekst(html)
    # Three requests of 0363 in November: two granted, one in onderzoek; Enschede's not counted.
    assert "nov 2026 0 1 0 2 0 3 1 2" in tekst
    assert "Totaal 0 1 0 2 0 3 1 2" in tekst
    assert "dec 2025 0 0 0 0 0 0 0 0" in tekst
    # The rule set decided three times: B1 granted one, B3 sent two to onderzoek.
    assert "nov 2026 B1 Toegekend 1" in tekst
    assert "nov 2026 B3 In onderzoek 2" in tekst
    assert "33,3% van de beslissingen van de regelset" in tekst
    # Median of 0 days (granted on arrival) and 3 days (granted after onderzoek).
    assert "1,5 dagen (over 2 verzoeken)" in tekst
    # The request dated 2026-10-01 must be answered by 2026-11-26: 3 days from the 23rd.
    assert "26-11-2026 nog 3 dagen R-OUD 54/54001 0363" in tekst
    assert "R-B3" not in tekst.split("Onderzoek bijna aan de 8 weken")[-1]
    assert "R-TW" not in tekst
    # One chart, drawn on the server, with a text alternative and no inline style or script.
    assert html.count("<svg") == 1
    assert 'role="img"' in html and 'aria-labelledby="grafiek-titel grafiek-uitleg"' in html
    assert "style=" not in html and "<script" not in html
    assert html.count("<h1") == 1


def test_a_beheerder_sees_the_overview_of_an_empty_gemeente(beide):
    client, app = beide
    als(app, rol="beheerder", gemeenten=("0164",))

    response = client.get("/werkplek/overzicht")

    assert response.status_code == 200
    tekst = _tekst(response.text)
    assert "nog geen automatische beslissingen" in tekst
    assert "nog geen verzoeken definitief beantwoord" in tekst
    assert "Geen verzoek in onderzoek nadert de 8 weken." in tekst


def test_the_chart_scales_its_bars_to_the_busiest_month():
    maanden = [
        Maand("2026-10", {}, automatisch_toegekend=3, automatisch_onderzoek=1),
        Maand("2026-11", {}, automatisch_toegekend=1, automatisch_onderzoek=7),
    ]

    drawn = grafiek(maanden)

    oktober, november = drawn.balken
    # 8 decisions fill the scale (ticks 0, 2, ..., 8): November's bar is full height.
    assert [waarde for _, waarde in drawn.ticks] == [0, 2, 4, 6, 8]
    full = drawn.basis - drawn.ticks[-1][0]
    assert november.toegekend_h + november.onderzoek_h == pytest.approx(full, abs=0.2)
    assert oktober.toegekend_h == pytest.approx(full * 3 / 8, abs=0.1)
    assert oktober.onderzoek_y + oktober.onderzoek_h == pytest.approx(oktober.toegekend_y, abs=0.1)
    assert november.titel == "nov 2026: 1 automatisch toegekend, 7 in onderzoek"
