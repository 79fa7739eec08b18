"""The werkplek's Verbruik page: the report's figures, filters, chart, CSV and contact time."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import update

from app.declaraties.evaluatie import steekproef
from app.persistence.models import EvaluatieCasus, Toewijzing
from tests.api.berichten import BSN
from tests.api.flow import post, toewijzing
from tests.declaraties.berichten import Regel, declaratie
from tests.web.ingelogd import TOKEN, als

D = date
DAG = D(2026, 11, 16)
OKT = (D(2026, 10, 1), D(2026, 10, 31))
ANDER_BSN = "999900031"


def _tekst(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def gedeclareerd(app, client):
    """3001 under its grant, 3002 over it; 5001/5002 drawn for the evaluation (seed 2)."""
    toewijzing(app, 3001, D(2026, 10, 1), D(2026, 11, 30), omvang=(3, "04", "2"))
    toewijzing(app, 3002, D(2026, 10, 1), D(2026, 11, 30), omvang=(60, "01", "6"), code="45A49")
    post(client, declaratie("D1", DAG, "DN1", OKT, Regel("R1", 3001, *OKT, 10)))
    over = Regel("R2", 3002, *OKT, 60, eenheid="01", tarief=100, code="45A49")
    post(client, declaratie("D2", DAG, "DN2", OKT, over))
    services = app.state.services
    with services.sessionmaker.begin() as session:
        # Lowered after it was declared in full (a later JW301 with a smaller Omvang).
        session.execute(update(Toewijzing).where(Toewijzing.nummer == 3002).values(volume=30))
    for nummer in (5001, 5002):
        toewijzing(
            app,
            nummer,
            D(2025, 10, 1),
            D(2026, 9, 30),
            omvang=(4680, "01", "6"),
            categorie="54",
            code="54001",
            bsn=ANDER_BSN,
        )
    with services.sessionmaker.begin() as session:
        steekproef(
            session,
            gemeente="0153",
            producten=["54001"],
            aantal=5,
            seed=2,
            today=D(2026, 11, 20),
            now=services.clock.now(),
        )
    return client


def test_the_page_shows_the_apis_figures_and_audits_the_read(app, gedeclareerd):
    client = gedeclareerd
    api = client.get("/rapportages/verbruik").json()
    als(app)

    response = client.get("/werkplek/rapportages/verbruik")

    assert response.status_code == 200, response.text
    tekst = _tekst(response.text)
    for item in api["items"]:
        rij = re.search(
            rf"<tr[^>]*>\s*<th[^>]*>{item['toewijzing_nummer']}</th>.*?</tr>", response.text, re.S
        )
        assert rij is not None
        cellen = _tekst(rij.group())
        assert f"{item['toegekend_minuten']:,}".replace(",", ".") in cellen
        assert str(item["gedeclareerd_minuten"]) in cellen
    over = re.search(r"<th[^>]*>3002</th>.*?</tr>", response.text, re.S).group()
    assert "Overschreden" in over and "200,0%" in over
    onder = re.search(r"<th[^>]*>3001</th>.*?</tr>", response.text, re.S).group()
    assert "Overschreden" not in onder
    assert "Totalen per aanbieder" in tekst and "Totalen per product" in tekst
    assert BSN not in response.text and ANDER_BSN not in response.text
    assert 'href="/werkplek/rapportages/verbruik"' in response.text  # the menu entry
    assert "<svg" in response.text and "style=" not in response.text
    assert "<script" not in response.text
    [(actie, wat, gelezen)] = app.state.werkplek_gelezen
    assert actie == "GET /werkplek/rapportages/verbruik"
    assert gelezen == {(BSN, "0153"), (ANDER_BSN, "0153")}


def test_filters_narrow_the_report_and_refuse_in_dutch(app, gedeclareerd):
    client = gedeclareerd
    als(app)
    response = client.get("/werkplek/rapportages/verbruik", params={"product": "45A49"})
    assert re.search(r"<th[^>]*>3002</th>", response.text)
    assert not re.search(r"<th[^>]*>3001</th>", response.text)

    response = client.get(
        "/werkplek/rapportages/verbruik",
        params={"aanbieder": "12ab", "van": "2026-11-30", "tot": "2026-11-01"},
    )
    assert response.status_code == 422
    assert 'id="fout-aanbieder"' in response.text
    assert "De AGB-code van de aanbieder klopt niet: precies 8 cijfers." in response.text
    assert "De einddatum ligt voor de begindatum." in response.text
    assert 'aria-describedby="hint-aanbieder fout-aanbieder"' in response.text

    response = client.get("/werkplek/rapportages/verbruik", params={"gemeente": "0363"})
    assert response.status_code == 422
    assert "Kies een van uw gemeenten uit de lijst." in response.text


def test_another_gemeentes_worker_sees_none_of_it(app, gedeclareerd):
    client = gedeclareerd
    als(app, gemeenten=("0363",))
    response = client.get("/werkplek/rapportages/verbruik")
    assert response.status_code == 200
    assert not re.search(r"<th[^>]*>300[12]</th>", response.text)
    assert "nog geen evaluatiegevallen" in response.text
    response = client.post(
        "/werkplek/rapportages/verbruik/evaluatie/0153/5001",
        data={"csrf_token": TOKEN, "direct_minuten": "1", "indirect_minuten": "1"},
    )
    assert response.status_code == 404


def test_the_csv_is_the_apis_csv_and_audited(app, gedeclareerd):
    client = gedeclareerd
    api = client.get("/rapportages/verbruik.csv", params={"product": "45A48"}).text
    als(app)
    response = client.get("/werkplek/rapportages/verbruik.csv", params={"product": "45A48"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text == api
    assert [r["toewijzing_nummer"] for r in csv.DictReader(io.StringIO(response.text))] == ["3001"]
    assert app.state.werkplek_gelezen[-1][0] == "GET /werkplek/rapportages/verbruik.csv"
    refused = client.get("/werkplek/rapportages/verbruik.csv", params={"van": "morgen"})
    assert refused.status_code == 422
    assert "De begindatum is geen datum" in refused.text


def test_contact_time_is_recorded_through_the_evaluation_service(app, gedeclareerd):
    client = gedeclareerd
    als(app)
    page = client.get("/werkplek/rapportages/verbruik").text
    assert "Contacttijd vastleggen (toewijzing 5001)" in page
    assert "nog niet vastgelegd" in page

    fout = client.post(
        "/werkplek/rapportages/verbruik/evaluatie/0153/5001",
        data={"csrf_token": TOKEN, "direct_minuten": "veel", "indirect_minuten": ""},
    )
    assert fout.status_code == 422
    assert "De directe contacttijd is geen geheel getal: gebruik alleen cijfers." in fout.text
    assert "Vul de indirecte contacttijd in." in fout.text
    assert 'aria-describedby="fout-direct-0153-5001"' in fout.text
    assert 'value="veel"' in fout.text

    zonder_token = client.post(
        "/werkplek/rapportages/verbruik/evaluatie/0153/5001",
        data={"direct_minuten": "2400", "indirect_minuten": "600"},
    )
    assert zonder_token.status_code in (400, 403)

    response = client.post(
        "/werkplek/rapportages/verbruik/evaluatie/0153/5001",
        data={"csrf_token": TOKEN, "direct_minuten": "2400", "indirect_minuten": "600"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    with app.state.services.sessionmaker() as session:
        casus = session.query(EvaluatieCasus).filter_by(direct_minuten=2400).one()
        assert (casus.indirect_minuten, casus.vastgelegd_door) == (600, "j.devries")
    page = client.get(response.headers["location"]).text
    assert "Contacttijd van toewijzing 5001 vastgelegd." in page
    assert "2.400 + 600 = 3.000" in page
    api = client.get("/rapportages/verbruik", params={"product": "54001"}).json()
    assert {i["toewijzing_nummer"]: i["contact_direct_minuten"] for i in api["items"]} == {
        5001: 2400,
        5002: None,
    }

    niet_getrokken = client.post(
        "/werkplek/rapportages/verbruik/evaluatie/0153/3001",
        data={"csrf_token": TOKEN, "direct_minuten": "1", "indirect_minuten": "1"},
    )
    assert niet_getrokken.status_code == 404
    assert "geen evaluatiegeval" in niet_getrokken.text
