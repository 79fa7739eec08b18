"""Overlap with a toewijzing for the same product (TR302): onderzoek or a refusal, never a 500.

A JW301 carries every current toewijzing of the client at the aanbieder (OP087), so a grant
that overlaps one of them for the same product would give a JW301 that breaks TR302.
"""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from lxml import etree
from sqlalchemy import func, select

from app.config import Settings
from app.main import create_app
from app.persistence.models import Bericht, Ontvangst, Toewijzing, Verzoek
from tests.api.berichten import (
    AGB,
    BSN,
    Aangevraagd,
    Regie,
    TeWijzigen,
    start,
    stop,
    vot,
    vow,
)
from tests.api.flow import accepted, client_bekend, post, rows, stored_toewijzing, toewijzing
from tests.api.test_termijnen import REGIO_B
from tests.conftest import SERVED
from tests.keys import aangemeld

GEMEENTE = "0363"
"""Served and in no rule set: with `zonder_regelset = toekennen` the engine grants."""
DAG = date(2026, 11, 16)
DEC, JAN, MEI = date(2026, 12, 1), date(2027, 1, 1), date(2027, 5, 31)


@pytest.fixture
def settings(database_url):
    return Settings(database_url=database_url, gemeenten=SERVED, zonder_regelset="toekennen")


def _vot(client, identificatie: str, *producten: Aangevraagd):
    return post(client, vot(identificatie, DAG, *producten, gemeente=GEMEENTE))


def _verzoek(app, referentie: str) -> Verzoek:
    [row] = rows(app, Verzoek, Verzoek.referentie_aanbieder == referentie)
    return row


def _nummers(app) -> list[int]:
    return [row.nummer for row in rows(app, Toewijzing)]


def _producten(xml: bytes) -> list[tuple[str, str, str | None]]:
    """(ToewijzingNummer, Ingangsdatum, Einddatum) of each ToegewezenProduct of a JW301."""
    root = etree.fromstring(xml)
    return [
        (
            p.findtext("{*}ToewijzingNummer"),
            p.findtext("{*}Ingangsdatum"),
            p.findtext("{*}Einddatum"),
        )
        for p in root.iter("{*}ToegewezenProduct")
    ]


def _ontvangst(app) -> list[tuple[int, str]]:
    return [(row.http_status, row.uitkomst) for row in rows(app, Ontvangst)]


@pytest.fixture
def toegewezen(app, client) -> int:
    """A granted toewijzing 45A48 from December to May; its number."""
    client_bekend(app, gemeente=GEMEENTE)
    assert accepted(_vot(client, "V-1", Aangevraagd("R-1", DEC, MEI)))
    assert _verzoek(app, "R-1").status == "toegekend"
    [nummer] = _nummers(app)
    return nummer


def test_an_overlapping_request_goes_in_onderzoek_naming_the_toewijzing(app, client, toegewezen):
    response = _vot(client, "V-2", Aangevraagd("R-2", JAN, MEI))

    assert accepted(response)
    verzoek = _verzoek(app, "R-2")
    assert verzoek.status == "in_onderzoek"
    assert _nummers(app) == [toegewezen]
    detail = client.get(f"/verzoeken/{verzoek.id}").json()
    [beslissing] = detail["beslissingen"]
    assert (beslissing["regel"], beslissing["uitkomst"]) == ("TR302", "onderzoek")
    assert any(f"ToewijzingNummer {toegewezen}" in reden for reden in beslissing["redenen"])
    assert any("stapeling" in reden for reden in beslissing["redenen"])
    [antwoord] = detail["antwoorden"]
    assert antwoord["type"] == "JW319"
    [jw319] = rows(app, Bericht, Bericht.type == "JW319")
    assert b"<jw319:VerzoekAntwoord>2</jw319:VerzoekAntwoord>" in jw319.xml
    assert _ontvangst(app) == [(200, "geaccepteerd"), (200, "geaccepteerd")]


def test_a_request_after_the_toewijzing_ends_is_granted_beside_it(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", date(2027, 6, 1), date(2027, 8, 31)))

    assert _verzoek(app, "R-2").status == "toegekend"
    laatste = rows(app, Bericht, Bericht.type == "JW301")[-1]
    assert [nummer for nummer, *_ in _producten(laatste.xml)] == [str(n) for n in _nummers(app)]
    assert len(_nummers(app)) == 2


def test_another_product_in_the_same_period_is_granted(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", JAN, MEI, categorie="54", code="54001"))
    assert _verzoek(app, "R-2").status == "toegekend"


def test_a_worker_grant_that_overlaps_is_refused_naming_tr302(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", JAN, MEI))
    verzoek = _verzoek(app, "R-2")
    berichten = len(rows(app, Bericht))

    response = client.post(
        f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "j.devries"}
    )

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/problems/toewijzing-overlap"
    assert (problem["code"], problem["toewijzing_nummers"]) == ("TR302", [toegewezen])
    assert "stapeling" in problem["detail"]
    assert _verzoek(app, "R-2").status == "in_onderzoek"
    assert (_nummers(app), len(rows(app, Bericht))) == ([toegewezen], berichten)


def test_after_shortening_the_old_toewijzing_the_worker_grant_goes_through(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", JAN, MEI))
    verzoek = _verzoek(app, "R-2")
    ingekort = client.post(
        f"/toewijzingen/{GEMEENTE}/{toegewezen}/wijziging",
        json={"einddatum": "2026-12-31", "reden_wijziging": "05", "besloten_door": "j.devries"},
    )
    assert ingekort.status_code == 201, ingekort.text

    response = client.post(
        f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "j.devries"}
    )

    assert response.status_code == 201, response.text
    jw301 = rows(app, Bericht, Bericht.id == response.json()["bericht_id"])[0]
    assert sorted(_producten(jw301.xml)) == sorted(
        [
            (str(toegewezen), "2026-12-01", "2026-12-31"),
            (str(max(_nummers(app))), "2027-01-01", "2027-05-31"),
        ]
    )


def test_a_worker_grant_with_changed_dates_that_overlap_is_refused(app, client, toegewezen):
    _vot(client, "V-3", Aangevraagd("R-3", JAN, MEI))
    verzoek = _verzoek(app, "R-3")
    response = client.post(
        f"/verzoeken/{verzoek.id}/toekenning",
        json={"besloten_door": "j.devries", "ingangsdatum": "2027-03-01"},
    )
    assert response.status_code == 409
    assert response.json()["toewijzing_nummers"] == [toegewezen]


def test_rejecting_an_overlapping_request_for_stapeling_is_allowed(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", JAN, MEI))
    verzoek = _verzoek(app, "R-2")
    response = client.post(
        f"/verzoeken/{verzoek.id}/afwijzing", json={"besloten_door": "j.devries", "reden": "6"}
    )
    assert response.status_code == 201, response.text
    assert _verzoek(app, "R-2").status == "afgewezen"


def test_a_direct_toewijzing_that_overlaps_is_refused(app, client, toegewezen):
    response = client.post(
        "/toewijzingen",
        json={
            "gemeente": GEMEENTE,
            "aanbieder": AGB,
            "bsn": BSN,
            "product": {"categorie": "45", "code": "45A48"},
            "ingangsdatum": "2027-02-01",
            "einddatum": "2027-03-31",
            "omvang": {"volume": 60, "eenheid": "01", "frequentie": "2"},
            "besloten_door": "j.devries",
        },
    )
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/toewijzing-overlap"
    assert _nummers(app) == [toegewezen]


def test_lengthening_a_toewijzing_into_another_is_refused(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", date(2027, 6, 1), date(2027, 8, 31)))
    berichten = len(rows(app, Bericht))

    response = client.post(
        f"/toewijzingen/{GEMEENTE}/{toegewezen}/wijziging",
        json={"einddatum": "2027-06-30", "reden_wijziging": "04", "besloten_door": "j.devries"},
    )

    assert response.status_code == 409
    assert response.json()["code"] == "TR302"
    assert stored_toewijzing(app, toegewezen).einddatum_date == MEI
    assert len(rows(app, Bericht)) == berichten


def test_a_vow_lengthening_into_another_toewijzing_goes_in_onderzoek(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", date(2027, 6, 1), date(2027, 8, 31)))
    [eerste, tweede] = _nummers(app)
    wijziging = vow(
        "W-1",
        DAG,
        "VOW-1",
        ongewijzigd=(tweede,),
        te_wijzigen=(TeWijzigen(eerste, DEC, date(2027, 7, 31), omvang=(90, "01", "2")),),
        gemeente=GEMEENTE,
    )

    assert accepted(post(client, wijziging))

    verzoek = _verzoek(app, "VOW-1")
    assert verzoek.status == "in_onderzoek"
    assert stored_toewijzing(app, eerste).einddatum_date == MEI
    [beslissing] = client.get(f"/verzoeken/{verzoek.id}").json()["beslissingen"]
    assert beslissing["regel"] == "TR302"
    assert any(f"ToewijzingNummer {tweede}" in reden for reden in beslissing["redenen"])
    refused = client.post(f"/verzoeken/{verzoek.id}/toekenning", json={"besloten_door": "x"})
    assert (refused.status_code, refused.json()["code"]) == (409, "TR302")


def test_a_stop_whose_shortening_would_overlap_is_answered_and_shortens_nothing(
    settings, clock, capsys
):
    """Region B ends a toewijzing on its stop; here that JW301 would carry an overlap."""
    app = create_app(settings.model_copy(update={"ruleset_dir": REGIO_B}), clock=clock)
    with TestClient(app) as client:
        aangemeld(client)
        client_bekend(app, gemeente=GEMEENTE)
        # 7 ended before today, so it was never carried beside 8: both could be granted.
        toewijzing(app, 7, date(2026, 1, 1), date(2026, 6, 30), gemeente=GEMEENTE)
        toewijzing(app, 8, date(2026, 5, 1), date(2027, 4, 30), gemeente=GEMEENTE)
        begin = date(2026, 1, 5)
        assert accepted(post(client, start("S-1", DAG, Regie(7, begin), gemeente=GEMEENTE)))
        einde = Regie(7, begin, reden="02", einddatum=date(2026, 6, 15))

        response = post(client, stop("S-2", DAG, einde, gemeente=GEMEENTE))

        assert accepted(response)
        assert stored_toewijzing(app, 7).einddatum_date == date(2026, 6, 30)
        assert rows(app, Bericht, Bericht.type == "JW301") == []
        assert _ontvangst(app)[-1] == (200, "geaccepteerd")
    assert "its JW301 would break TR302" in capsys.readouterr().err


def test_every_request_has_its_ontvangst_row(app, client, toegewezen):
    _vot(client, "V-2", Aangevraagd("R-2", JAN, MEI))
    with app.state.services.sessionmaker() as session:
        assert session.scalar(select(func.count()).select_from(Ontvangst)) == 2
