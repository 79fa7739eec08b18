"""The whole chain over HTTP: JW315 → JW301 → JW305 → JW323 → JW325, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import etree

from app.access.toegang import Rol
from app.config import Settings
from app.persistence.models import DeclaratieRegel, Outbox, Toewijzing
from tests.api.berichten import Aangevraagd, Regie, start, vot
from tests.api.flow import accepted, client_bekend, post, rows
from tests.conftest import SERVED
from tests.declaraties.berichten import Regel, declaratie
from tests.keys import bearer, sleutel

GEMEENTE = "0363"
"""Served and in no rule set: with `zonder_regelset = toekennen` the engine grants."""
DEC = (date(2026, 12, 1), date(2026, 12, 31))


@pytest.fixture
def settings(database_url):
    return Settings(database_url=database_url, gemeenten=SERVED, zonder_regelset="toekennen")


def test_a_granted_and_started_toewijzing_is_declared_and_answered(app, client, clock):
    client_bekend(app, gemeente=GEMEENTE)
    # 90 minutes a week from 1 December: December touches 5 ISO weeks, so 450 minutes.
    aanvraag = Aangevraagd("R-1", DEC[0], date(2027, 5, 31), omvang=(90, "01", "2"))
    assert accepted(post(client, vot("V-1", date(2026, 11, 16), aanvraag, gemeente=GEMEENTE)))
    [toewijzing] = rows(app, Toewijzing)
    [jw301] = rows(app, Outbox, Outbox.type == "JW301")
    assert jw301.gemeente == GEMEENTE

    clock.moment = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)
    dag = date(2027, 1, 6)
    regie = Regie(toewijzing.nummer, DEC[0])
    assert accepted(post(client, start("S-1", dag, regie, gemeente=GEMEENTE)))

    # The aanbieder posts its own declaratie with its own key.
    key = sleutel(app, Rol.AANBIEDER, agb="87654321")
    goed = Regel("P1", toewijzing.nummer, *DEC, 420, eenheid="01", tarief=150)
    teveel = Regel("P2", toewijzing.nummer, *DEC, 60, eenheid="01", tarief=150)
    headers = {"Content-Type": "application/xml", **bearer(key)}
    first = declaratie("DEC-1", dag, "DN202612", DEC, goed, gemeente=GEMEENTE)
    assert client.post("/berichten", content=first, headers=headers).status_code == 200
    # A second debet line on the same toewijzing and month goes in a message of its own
    # (TR416); 420 + 60 minutes exceed the 450 December grants.
    body = declaratie("DEC-2", dag, "DN202612B", DEC, teveel, gemeente=GEMEENTE)
    response = client.post("/berichten", content=body, headers=headers)
    assert response.status_code == 200, response.text
    root = etree.fromstring(response.content)
    listed = [e.text for e in root.iter("{*}ReferentieNummer")]
    codes = [e.text for e in root.iter("{*}RetourCode")]
    assert listed == ["P2"]
    assert codes == ["0200", "9322", "0200", "0200"]
    [regel] = rows(app, DeclaratieRegel)
    assert (regel.referentie, regel.minuten, regel.bedrag) == ("P1", 420, 63000)
    jw325s = rows(app, Outbox, Outbox.type == "JW325")
    assert [(u.gemeente, u.aanbieder, u.bsn) for u in jw325s] == [(GEMEENTE, "87654321", None)] * 2


def test_another_aanbieders_key_cannot_post_a_declaratie(app, client):
    key = sleutel(app, Rol.AANBIEDER, agb="12345678")
    body = declaratie("DEC-1", date(2026, 11, 16), "N", DEC, Regel("P1", 1, *DEC, 1))
    response = client.post(
        "/berichten", content=body, headers={"Content-Type": "application/xml", **bearer(key)}
    )
    assert response.status_code == 403
    assert response.json()["type"] == "/problems/forbidden-afzender"
    assert rows(app, DeclaratieRegel) == []
