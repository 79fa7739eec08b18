"""Every posted body's record names the key that posted it, refused ones included."""

from __future__ import annotations

from datetime import date

from app.access.toegang import Rol
from app.persistence.models import Ontvangst, Verzoek
from tests.api.berichten import Aangevraagd, vot
from tests.api.flow import XML, rows
from tests.keys import bearer
from tests.keys import sleutel_met_id as sleutel

BODY = vot("ONT-1", date(2026, 11, 16), Aangevraagd("R-ONT-1", date(2026, 12, 1)))


def test_an_accepted_message_records_its_key(client, app):
    key_id, key = sleutel(app, Rol.BROKER)
    answer = client.post("/berichten", content=BODY, headers=XML | bearer(key))
    assert answer.status_code == 200
    [record] = rows(app, Ontvangst)
    assert (record.http_status, record.key_id) == (200, key_id)


def test_another_aanbieders_message_is_refused_and_recorded_with_the_key(client, app):
    key_id, key = sleutel(app, Rol.AANBIEDER, agb="11112222")
    answer = client.post("/berichten", content=BODY, headers=XML | bearer(key))
    assert answer.status_code == 403
    assert answer.json()["type"] == "/problems/forbidden-afzender"
    [record] = rows(app, Ontvangst)
    assert (record.http_status, record.uitkomst, record.key_id) == (
        403,
        "forbidden-afzender",
        key_id,
    )
    assert record.body == BODY
    assert rows(app, Verzoek) == []


def test_an_oversized_body_records_its_key(client, app, settings):
    key_id, key = sleutel(app, Rol.BROKER)
    too_large = b"<x>" + b" " * settings.max_body_bytes + b"</x>"
    answer = client.post("/berichten", content=too_large, headers=XML | bearer(key))
    assert answer.status_code == 413
    [record] = rows(app, Ontvangst)
    assert (record.http_status, record.key_id) == (413, key_id)
