"""GET /audit: an administrator sees the reads of its gemeenten' clients and by its keys."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.access.toegang import Rol
from tests.audit.reads import (
    BSN_0153,
    BSN_0164,
    BSNS,
    clienten_in_twee_gemeenten,
    expected_hash,
    log,
    toegekend,
)
from tests.conftest import NOW
from tests.keys import bearer
from tests.keys import sleutel_met_id as sleutel

ZONDER_OVERLEG = "999900043"
"""A client no vooroverleg names: a list filtered on it reads nobody."""


@pytest.fixture
def lezingen(client, app):
    """Reads by workers of 0153 and of 0164 and by a broker; the keys and entry ids by name."""
    verzoeken = clienten_in_twee_gemeenten(client, app)
    toegekend(client, app, verzoeken)
    keys = {
        "w0153": sleutel(app, Rol.GEMEENTE, gemeenten=["0153"]),
        "w0164": sleutel(app, Rol.GEMEENTE, gemeenten=["0164"]),
        "broker": sleutel(app, Rol.BROKER),
        "b0153": sleutel(app, Rol.BEHEERDER, gemeenten=["0153"]),
        "b0164": sleutel(app, Rol.BEHEERDER, gemeenten=["0164"]),
        "b_beide": sleutel(app, Rol.BEHEERDER, gemeenten=["0153", "0164"]),
    }
    reads = {
        "w0153_vooroverleg": ("w0153", "/vooroverleggen", {}),
        "w0164_vooroverleg": ("w0164", "/vooroverleggen", {}),
        "broker_outbox": ("broker", "/outbox", {}),
        "w0153_niemand": ("w0153", "/vooroverleggen", {"bsn": ZONDER_OVERLEG}),
        "broker_niemand": ("broker", "/outbox", {"after": 1000}),
        "w0164_verzoek": ("w0164", f"/verzoeken/{verzoeken['0164']}", {}),
    }
    ids = {}
    for name, (holder, path, params) in reads.items():
        assert client.get(path, params=params, headers=bearer(keys[holder][1])).status_code == 200
        ids[name] = log(app)[-1][0].id
    return keys, ids


def _audit(client, key: str, **params):
    response = client.get("/audit", params=params, headers=bearer(key))
    assert response.status_code == 200, response.text
    return response.json()


def _names(page, ids) -> list[str]:
    names = {entry_id: name for name, entry_id in ids.items()}
    return [names.get(item["id"], item["actie"]) for item in page["items"]]


def test_an_administrator_sees_reads_of_its_clients_and_by_its_keys(client, app, lezingen):
    keys, ids = lezingen
    page = _audit(client, keys["b0153"][1])
    assert _names(page, ids) == ["w0153_niemand", "broker_outbox", "w0153_vooroverleg"]
    assert page["next"] is None
    for item in page["items"]:
        assert {client["gemeente"] for client in item["clienten"]} <= {"0153"}
    assert _names(_audit(client, keys["b0164"][1]), ids) == [
        "w0164_verzoek",
        "broker_outbox",
        "w0164_vooroverleg",
    ]


def test_an_item_names_the_key_and_the_clients_by_hash_only(client, app, lezingen):
    keys, ids = lezingen
    page = _audit(client, keys["b0153"][1])
    outbox = next(item for item in page["items"] if item["id"] == ids["broker_outbox"])
    key_id, key = keys["broker"]
    assert outbox == {
        "id": ids["broker_outbox"],
        "at": "2026-11-20T09:30:00+00:00",
        "key_id": key_id,
        "key_prefix": key[:12],
        "key_naam": "broker",
        "gebruiker_id": None,
        "gebruikersnaam": None,
        "rol": "broker",
        "actie": "GET /outbox",
        "wat": outbox["wat"],
        # The broker read clients of 0153 and 0164; a 0153 administrator sees only its own.
        "clienten": [{"bsn_hash": expected_hash(app, BSN_0153), "gemeente": "0153"}],
    }
    assert outbox["wat"].startswith("outbox ")
    both = _audit(client, keys["b_beide"][1])
    outbox = next(item for item in both["items"] if item["id"] == ids["broker_outbox"])
    assert outbox["clienten"] == [
        {"bsn_hash": expected_hash(app, BSN_0153), "gemeente": "0153"},
        {"bsn_hash": expected_hash(app, BSN_0164), "gemeente": "0164"},
    ]


def test_a_gemeente_filter_narrows_entries_and_clients(client, app, lezingen):
    keys, ids = lezingen
    page = _audit(client, keys["b_beide"][1], gemeente="0153")
    assert _names(page, ids) == _names(_audit(client, keys["b0153"][1]), ids)
    assert {c["gemeente"] for item in page["items"] for c in item["clienten"]} == {"0153"}


def test_a_gemeente_outside_the_scope_is_forbidden(client, lezingen):
    keys, _ = lezingen
    response = client.get("/audit", params={"gemeente": "0164"}, headers=bearer(keys["b0153"][1]))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/forbidden-scope"


def test_the_bsn_filter_finds_exactly_the_reads_of_that_client(client, app, lezingen):
    keys, ids = lezingen
    admin_id, admin = keys["b_beide"]
    page = _audit(client, admin, bsn=BSN_0164)
    assert _names(page, ids) == ["w0164_verzoek", "broker_outbox", "w0164_vooroverleg"]
    assert BSN_0164 not in str(page)
    # The query is itself a read of that client, recorded per gemeente it searched.
    entry, clienten = log(app)[-1]
    assert (entry.key_id, entry.rol, entry.actie) == (admin_id, "beheerder", "GET /audit")
    assert entry.wat == "audit of one client: 3 entries"
    assert clienten == {
        (expected_hash(app, BSN_0164), "0153"),
        (expected_hash(app, BSN_0164), "0164"),
    }
    again = _audit(client, admin, bsn=BSN_0164)
    assert _names(again, ids) == [
        "GET /audit",
        "w0164_verzoek",
        "broker_outbox",
        "w0164_vooroverleg",
    ]


def test_the_bsn_filter_stays_within_the_scope(client, app, lezingen):
    keys, ids = lezingen
    assert _audit(client, keys["b0153"][1], bsn=BSN_0164)["items"] == []
    assert _names(_audit(client, keys["b0153"][1], bsn=BSN_0153), ids) == [
        "broker_outbox",
        "w0153_vooroverleg",
    ]
    # The searches were made as 0153 by a key of 0153: nothing a 0164 administrator sees.
    searches = [
        item for item in _audit(client, keys["b0164"][1])["items"] if item["actie"] == "GET /audit"
    ]
    assert searches == []


def test_an_invalid_bsn_is_refused_without_echoing_it(client, lezingen):
    keys, _ = lezingen
    response = client.get("/audit", params={"bsn": "999900019"}, headers=bearer(keys["b0153"][1]))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "999900019" not in response.text
    assert response.json()["errors"][0]["location"] == "query.bsn"


def test_key_and_role_filters(client, lezingen):
    keys, ids = lezingen
    admin = keys["b_beide"][1]
    assert _names(_audit(client, admin, key_id=keys["w0164"][0]), ids) == [
        "w0164_verzoek",
        "w0164_vooroverleg",
    ]
    assert _names(_audit(client, admin, rol="broker"), ids) == ["broker_outbox"]
    assert client.get("/audit", params={"rol": "koning"}, headers=bearer(admin)).status_code == 422


def test_pages_follow_the_cursor_newest_first(client, app):
    key_id, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0363"])
    for _ in range(5):
        client.get("/werkvoorraad", headers=bearer(key))
    admin = sleutel(app, Rol.BEHEERDER, gemeenten=["0363"])[1]
    made = [entry.id for entry, _ in log(app)]
    seen, after = [], None
    for expected in (made[4:2:-1], made[2:0:-1], made[:1]):
        page = _audit(client, admin, limit=2, **({} if after is None else {"after": after}))
        assert [item["id"] for item in page["items"]] == expected
        seen.extend(page["items"])
        after = page["next"]
    assert after is None
    assert {item["key_id"] for item in seen} == {key_id}
    exact = _audit(client, admin, limit=2, after=made[2])
    assert ([item["id"] for item in exact["items"]], exact["next"]) == ([made[1], made[0]], None)
    for refused in ({"limit": 0}, {"limit": 501}, {"after": 2**63}, {"key_id": 2**63}):
        assert client.get("/audit", params=refused, headers=bearer(admin)).status_code == 422


def test_van_and_tot_bound_the_moments_as_aware_utc(client, app, clock):
    _, key = sleutel(app, Rol.GEMEENTE, gemeenten=["0363"])
    made = []
    for hours in (0, 1, 2):
        clock.moment = NOW + timedelta(hours=hours)
        client.get("/werkvoorraad", headers=bearer(key))
        made.append(log(app)[-1][0].id)
    admin = sleutel(app, Rol.BEHEERDER, gemeenten=["0363"])[1]
    # NOW is 09:30 UTC, 10:30 in Amsterdam: van is inclusive, tot exclusive.
    page = _audit(client, admin, van="2026-11-20T11:30:00+01:00")
    assert [item["id"] for item in page["items"]] == [made[2], made[1]]
    assert [item["at"] for item in page["items"]] == [
        "2026-11-20T11:30:00+00:00",
        "2026-11-20T10:30:00+00:00",
    ]
    page = _audit(client, admin, van="2026-11-20T10:30:00Z", tot="2026-11-20T12:30:00+01:00")
    assert [item["id"] for item in page["items"]] == [made[1]]
    for naive in ("2026-11-20T10:30:00", "2026-11-20"):
        response = client.get("/audit", params={"van": naive}, headers=bearer(admin))
        assert response.status_code == 422, naive


def test_no_response_carries_a_bsn(client, app, lezingen):
    keys, _ = lezingen
    for bsn in (None, *BSNS):
        page = client.get(
            "/audit", params={} if bsn is None else {"bsn": bsn}, headers=bearer(keys["b_beide"][1])
        )
        assert not [known for known in BSNS if known in page.text]


@pytest.mark.parametrize("rol", [Rol.GEMEENTE, Rol.BROKER, Rol.OPERATOR, Rol.AANBIEDER])
def test_other_roles_are_forbidden(client, app, rol):
    scope = {
        Rol.GEMEENTE: {"gemeenten": ["0153"]},
        Rol.AANBIEDER: {"agb": "87654321"},
    }.get(rol, {})
    _, key = sleutel(app, rol, **scope)
    response = client.get("/audit", headers=bearer(key))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/forbidden-role"


def test_without_a_key_the_log_is_closed(client):
    response = client.get("/audit", auth=None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["type"] == "/problems/unauthorized"


def test_openapi_documents_the_audit_query(client):
    operation = client.get("/openapi.json").json()["paths"]["/audit"]["get"]
    assert operation["tags"] == ["audit"]
    assert operation["summary"]
    assert "keyed BSN hashes" in operation["description"]
    assert {"200", "401", "403", "422"} <= set(operation["responses"])
    for status in ("401", "403", "422"):
        assert "application/problem+json" in operation["responses"][status]["content"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {
        "bsn",
        "key_id",
        "gebruiker_id",
        "rol",
        "van",
        "tot",
        "gemeente",
        "after",
        "limit",
    }
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    [example] = schemas["AuditPage"]["examples"]
    assert example["items"][0]["clienten"][0]["gemeente"] == "0153"


def _zoek(client, key: str, **body):
    response = client.post("/audit/zoeken", json=body, headers=bearer(key))
    assert response.status_code == 200, response.text
    return response.json()


def test_the_search_with_the_bsn_in_the_body_finds_what_the_query_found(
    client, app, lezingen, caplog
):
    keys, ids = lezingen
    admin_id, admin = keys["b_beide"]
    with caplog.at_level("WARNING"):
        page = _zoek(client, admin, bsn=BSN_0164)
    assert not [record for record in caplog.records if record.levelname == "WARNING"]
    assert _names(page, ids) == ["w0164_verzoek", "broker_outbox", "w0164_vooroverleg"]
    assert BSN_0164 not in str(page)
    entry, clienten = log(app)[-1]
    assert (entry.key_id, entry.rol, entry.actie) == (admin_id, "beheerder", "POST /audit/zoeken")
    assert entry.wat == "audit of one client: 3 entries"
    assert clienten == {
        (expected_hash(app, BSN_0164), "0153"),
        (expected_hash(app, BSN_0164), "0164"),
    }
    # Paging works as in the query form (a search without a BSN records nothing).
    alles = [item["id"] for item in _zoek(client, admin)["items"]]
    first = _zoek(client, admin, limit=2)
    assert [item["id"] for item in first["items"]] == alles[:2] and first["next"] == alles[1]
    rest = _zoek(client, admin, limit=2, after=first["next"])
    assert [item["id"] for item in rest["items"]] == alles[2:4]
    with caplog.at_level("WARNING"):
        _audit(client, admin, bsn=BSN_0164)
    [warning] = [record for record in caplog.records if record.levelname == "WARNING"]
    assert "POST /audit/zoeken" in warning.getMessage()
    assert BSN_0164 not in caplog.text


def test_the_search_stays_within_the_scope_and_refuses_bad_filters(client, lezingen):
    keys, _ = lezingen
    admin = keys["b0153"][1]
    assert _zoek(client, admin, bsn=BSN_0164)["items"] == []
    outside = client.post("/audit/zoeken", json={"gemeente": "0164"}, headers=bearer(admin))
    assert (outside.status_code, outside.json()["type"]) == (403, "/problems/forbidden-scope")
    unserved = client.post("/audit/zoeken", json={"gemeente": "0999"}, headers=bearer(admin))
    assert (unserved.status_code, unserved.json()["type"]) == (404, "/problems/gemeente-not-served")
    invalid = client.post("/audit/zoeken", json={"bsn": "999900019"}, headers=bearer(admin))
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["location"] == "body.bsn"
    assert "999900019" not in invalid.text
    naive = client.post("/audit/zoeken", json={"van": "2026-11-20T00:00:00"}, headers=bearer(admin))
    assert naive.status_code == 422
    assert client.post("/audit/zoeken", json={}, auth=None).status_code == 401


def test_openapi_marks_the_bsn_query_deprecated(client):
    paths = client.get("/openapi.json").json()["paths"]
    [bsn] = [p for p in paths["/audit"]["get"]["parameters"] if p["name"] == "bsn"]
    assert bsn["deprecated"] is True
    zoeken = paths["/audit/zoeken"]["post"]
    assert {"200", "401", "403", "404", "422"} <= set(zoeken["responses"])
