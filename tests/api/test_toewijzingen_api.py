"""Gemeente-initiated toewijzingen over HTTP: the stored state and the exact JW301 sent."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree
from sqlalchemy import func, select

from app.persistence.models import Bericht, Nummerreeks, Outbox, Toewijzing, ToewijzingVersie
from app.toewijzingen.repository import change_toewijzing
from tests.api.berichten import AGB, BSN
from tests.api.flow import client_bekend, rows, stored_toewijzing, toewijzing

ONBEKEND = "999900031"
"""A client without stored Contactgegevens."""

NIEUW = {
    "gemeente": "0153",
    "aanbieder": AGB,
    "bsn": BSN,
    "product": {"categorie": "54", "code": "54001"},
    "ingangsdatum": "2026-12-01",
    "einddatum": "2027-11-30",
    "omvang": {"volume": 4680, "eenheid": "01", "frequentie": "6"},
    "besloten_door": "j.devries",
}
"""Seed 002 version B: the gemeente's own toegang grants 4,680 minutes over 12 months."""
SPECIFIEK_TOTAAL = {"categorie": "54", "code": "54001", "omvang": (600, "01", "6")}
"""A toewijzing with a total for its whole period (Frequentie 6): its end may be open."""


@pytest.fixture
def bekend(app, client):
    """A client with contacts and a current weekly toewijzing 7 (sent before after a VOT)."""
    client_bekend(app)
    toewijzing(app, 7, date(2026, 1, 1), date(2027, 6, 30))
    with app.state.services.sessionmaker.begin() as session:
        row = session.scalar(select(Toewijzing).where(Toewijzing.nummer == 7))
        change_toewijzing(
            session, row, toegewezen_at=row.toegewezen_at, referentie_aanbieder="VOT-2026-1"
        )
    return client


def jw301(app, bericht_id: int) -> dict[int, dict[str, str]]:
    """The ToegewezenProducten of a stored JW301 by number: leaf paths to their text."""
    [bericht] = rows(app, Bericht, Bericht.id == bericht_id, Bericht.type == "JW301")
    assert [row.bericht_id for row in rows(app, Outbox)][-1] == bericht_id
    producten = {}
    for product in etree.fromstring(bericht.xml).iter("{*}ToegewezenProduct"):
        leaves = {
            "/".join(etree.QName(e).localname for e in _path(leaf, product)): leaf.text
            for leaf in product.iter()
            if len(leaf) == 0
        }
        producten[int(leaves["ToewijzingNummer"])] = leaves
    return producten


def _path(leaf, top):
    path = []
    while leaf is not top:
        path.insert(0, leaf)
        leaf = leaf.getparent()
    return path


def stand(app) -> tuple:
    """Everything a refused call must leave as it was."""
    with app.state.services.sessionmaker() as session:
        return (
            session.execute(
                select(
                    Toewijzing.nummer,
                    Toewijzing.versie,
                    Toewijzing.einddatum_date,
                    Toewijzing.reden_wijziging,
                ).order_by(Toewijzing.nummer)
            ).all(),
            session.scalar(select(func.count()).select_from(ToewijzingVersie)),
            session.scalar(select(func.count()).select_from(Bericht)),
            session.execute(select(Nummerreeks.reeks, Nummerreeks.laatste)).all(),
        )


def test_a_direct_toewijzing_gets_a_new_number_and_goes_out_with_the_current_ones(bekend, app):
    response = bekend.post("/toewijzingen", json=NIEUW)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body | {"bericht_id": None} == {
        "toewijzing_nummer": 8,
        "bericht_id": None,
        "versie": 1,
        "ingangsdatum": "2026-12-01",
        "einddatum": "2027-11-30",
        "reden_wijziging": None,
        "toegewezen_at": "2026-11-20T09:30:00Z",
        "besloten_door": "j.devries",
    }
    [versie] = rows(app, ToewijzingVersie, ToewijzingVersie.toewijzing_id == _id(app, 8))
    assert (versie.besloten_door, versie.bericht_id) == ("j.devries", body["bericht_id"])
    assert jw301(app, body["bericht_id"]) == {
        7: {
            "ToewijzingNummer": "7",
            "Product/Categorie": "45",
            "Product/Code": "45A48",
            "Toewijzingsdatum": "2026-11-20",
            "Toewijzingstijd": "10:30:00",
            "Ingangsdatum": "2026-01-01",
            "Einddatum": "2027-06-30",
            "Omvang/Volume": "90",
            "Omvang/Eenheid": "01",
            "Omvang/Frequentie": "2",
        },
        8: {
            "ToewijzingNummer": "8",
            "Product/Categorie": "54",
            "Product/Code": "54001",
            "Toewijzingsdatum": "2026-11-20",
            "Toewijzingstijd": "10:30:00",
            "Ingangsdatum": "2026-12-01",
            "Einddatum": "2027-11-30",
            "Omvang/Volume": "4680",
            "Omvang/Eenheid": "01",
            "Omvang/Frequentie": "6",
        },
    }


def _id(app, nummer: int) -> int:
    return stored_toewijzing(app, nummer).id


def test_shortened_into_the_past_it_is_still_sent_with_its_reden(bekend, app):
    toewijzing(app, 9, date(2026, 3, 1), None, **SPECIFIEK_TOTAAL)

    response = bekend.post(
        "/toewijzingen/0153/9/wijziging",
        json={"einddatum": "2026-10-31", "reden_wijziging": "05", "besloten_door": "a.bakker"},
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["toewijzing_nummer"], body["versie"], body["einddatum"]) == (9, 2, "2026-10-31")
    row = stored_toewijzing(app, 9)
    assert (row.einddatum_date, row.reden_wijziging) == (date(2026, 10, 31), "05")
    versies = rows(app, ToewijzingVersie, ToewijzingVersie.toewijzing_id == row.id)
    assert [(v.versie, v.besloten_door, v.bericht_id) for v in versies] == [
        (1, None, None),
        (2, "a.bakker", body["bericht_id"]),
    ]
    producten = jw301(app, body["bericht_id"])
    assert sorted(producten) == [7, 9]
    assert producten[9]["Einddatum"] == "2026-10-31"
    assert producten[9]["RedenWijziging"] == "05"
    assert "RedenWijziging" not in producten[7]
    assert not any("ReferentieAanbieder" in product for product in producten.values())


def test_lengthened_to_an_open_end_where_the_frequency_allows_it(bekend, app):
    toewijzing(app, 9, date(2026, 3, 1), date(2026, 12, 31), **SPECIFIEK_TOTAAL)

    response = bekend.post(
        "/toewijzingen/0153/9/wijziging",
        json={"einddatum": None, "reden_wijziging": "04", "besloten_door": "a.bakker"},
    )

    assert response.status_code == 201, response.text
    producten = jw301(app, response.json()["bericht_id"])
    assert "Einddatum" not in producten[9]
    assert producten[9]["RedenWijziging"] == "04"
    assert stored_toewijzing(app, 9).einddatum_date is None


def test_deletion_ends_on_the_ingangsdatum_with_13_and_leaves_later_sends(bekend, app):
    response = bekend.post("/toewijzingen/0153/7/verwijdering", json={"besloten_door": "a.bakker"})

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["einddatum"], body["reden_wijziging"]) == ("2026-01-01", "13")
    [product] = jw301(app, body["bericht_id"]).values()
    assert (product["ToewijzingNummer"], product["Einddatum"], product["RedenWijziging"]) == (
        "7",
        "2026-01-01",
        "13",
    )
    assert "ReferentieAanbieder" not in product
    later = bekend.post("/toewijzingen", json=NIEUW).json()
    assert sorted(jw301(app, later["bericht_id"])) == [later["toewijzing_nummer"]]


WIJZIGING = {"einddatum": "2026-12-31", "reden_wijziging": "05", "besloten_door": "a.bakker"}
WEG = {"besloten_door": "a.bakker"}


@pytest.mark.parametrize(
    ("path", "body", "status", "type_"),
    [
        ("/toewijzingen", NIEUW | {"gemeente": "0344"}, 404, "gemeente-not-served"),
        ("/toewijzingen/0344/7/wijziging", WIJZIGING, 404, "gemeente-not-served"),
        ("/toewijzingen/0153/99/wijziging", WIJZIGING, 404, "toewijzing-unknown"),
        ("/toewijzingen/0164/7/verwijdering", WEG, 404, "toewijzing-unknown"),
        ("/toewijzingen/0153/8/wijziging", WIJZIGING, 409, "toewijzing-deleted"),
        ("/toewijzingen/0153/8/verwijdering", WEG, 409, "toewijzing-deleted"),
        (
            "/toewijzingen",
            NIEUW | {"einddatum": "2026-11-30"},
            422,
            "einddatum-before-ingangsdatum",
        ),
        (
            "/toewijzingen/0153/7/wijziging",
            WIJZIGING | {"einddatum": "2025-12-31"},
            409,
            "einddatum-before-ingangsdatum",
        ),
        *(
            (
                "/toewijzingen/0153/7/wijziging",
                WIJZIGING | {"reden_wijziging": reden},
                422,
                "invalid-request",
            )
            for reden in ("01", "12", "13")
        ),
        (
            "/toewijzingen/0153/7/wijziging",
            WIJZIGING | {"einddatum": "2027-06-30"},
            409,
            "nothing-changed",
        ),
        ("/toewijzingen", NIEUW | {"bsn": ONBEKEND}, 409, "clientgegevens-ontbreken"),
        ("/toewijzingen/0153/9/verwijdering", WEG, 409, "clientgegevens-ontbreken"),
        (
            "/toewijzingen/0153/7/wijziging",
            WIJZIGING | {"reden_wijziging": "15"},
            422,
            "invalid-request",
        ),
        ("/toewijzingen", NIEUW | {"bsn": "999900019"}, 422, "invalid-request"),
    ],
)
def test_bad_input_is_a_specific_problem_and_changes_nothing(
    bekend, app, path, body, status, type_
):
    _refusal_setup(app, bekend)
    before = stand(app)

    response = bekend.post(path, json=body)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == f"/problems/{type_}"
    assert "999900019" not in response.text
    assert stand(app) == before


WEKELIJKS = {"volume": 90, "eenheid": "01", "frequentie": "2"}


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        # The stored weekly toewijzing is what an open end would break: a conflict.
        ("/toewijzingen/0153/7/wijziging", WIJZIGING | {"einddatum": None}, 409),
        ("/toewijzingen", NIEUW | {"omvang": WEKELIJKS, "einddatum": None}, 422),
    ],
)
def test_a_jw301_that_breaks_a_rule_is_refused_with_its_codes_and_rolled_back(
    bekend, app, path, body, status
):
    before = stand(app)

    response = bekend.post(path, json=body)

    assert response.status_code == status, response.text
    problem = response.json()
    assert problem["type"] == "/problems/toewijzing-invalid"
    assert [error["code"] for error in problem["errors"]] == ["CD076"]
    assert stand(app) == before


def _refusal_setup(app, client) -> None:
    """Toewijzing 8 deleted, and 9 of a client without Contactgegevens."""
    toewijzing(app, 8, date(2026, 2, 1), date(2026, 12, 31), **SPECIFIEK_TOTAAL)
    assert client.post("/toewijzingen/0153/8/verwijdering", json=WEG).status_code == 201
    toewijzing(app, 9, date(2026, 1, 1), None, bsn=ONBEKEND, **SPECIFIEK_TOTAAL)
