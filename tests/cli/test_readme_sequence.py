"""The README's first steps, in its order: keys, the example request, a worker's grant, a start.

The service runs in-process on the test database; keys and example messages come from the
`ijw` command, as a person at a terminal gets them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from app.clock import SystemClock
from app.config import Settings
from app.main import create_app
from tests.cli.ijw import ijw

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jw315-verzoek-om-toewijzing.xml"
XML = {"Content-Type": "application/xml"}
CLIENTGEGEVENS = {
    "gemeente": "0153",
    "bsn": "999900018",
    "geboortedatum": "2014-06-09",
    "geslacht": "2",
    "naam": {"achternaam": "Jansen"},
    "contacten": [
        {
            "soort": "01",
            "adres": {
                "huisnummer": 12,
                "postcode": "7511AB",
                "straatnaam": "Oude Markt",
                "plaatsnaam": "Enschede",
                "landcode": "NL",
            },
        }
    ],
    "vastgelegd_door": "j.devries",
}


@pytest.fixture
def service(database_url):
    # The real clock: example messages are dated today, as they would be.
    app = create_app(Settings(database_url=database_url, gemeenten=("0153",)), clock=SystemClock())
    with TestClient(app) as client:
        yield client


def _key(tmp_path, database_url, *args) -> dict[str, str]:
    done = ijw("keys", "create", *args, cwd=tmp_path, gemeenten="0153", database_url=database_url)
    assert done.returncode == 0, done.stderr
    return {"Authorization": f"Bearer {done.stdout.strip()}"}


def _accepted(response, retour: str) -> None:
    """A retourbericht with only a header: the message was accepted."""
    assert response.status_code == 200, response.text
    root = etree.fromstring(response.content)
    assert etree.QName(root).localname == "Bericht" and retour in root.nsmap
    assert [etree.QName(child).localname for child in root] == ["Header"], response.text


def _voorbeeld(tmp_path, database_url, *args) -> bytes:
    done = ijw("voorbeeld", *args, cwd=tmp_path, gemeenten="0153", database_url=database_url)
    assert done.returncode == 0, done.stderr
    return done.stdout.encode()


def test_the_readme_sequence_works_in_its_order(service, database_url, tmp_path):
    broker = _key(tmp_path, database_url, "--role", "broker", "--naam", "mijn broker")
    worker = _key(tmp_path, database_url, "--role", "gemeente", "--gemeente", "0153")
    aanbieder = _key(tmp_path, database_url, "--role", "aanbieder", "--agb", "87654321")

    sent = service.post("/berichten", content=EXAMPLE.read_bytes(), headers=broker | XML)
    _accepted(sent, "jw316")

    # No rule of the bundled Twente set grants these products: both wait for a worker.
    werkvoorraad = service.get("/werkvoorraad", params={"gemeente": "0153"}, headers=worker)
    assert werkvoorraad.status_code == 200
    verzoeken = werkvoorraad.json()["items"]
    assert [v["status"] for v in verzoeken] == ["in_onderzoek", "in_onderzoek"]
    assert service.get("/werkvoorraad", headers=broker).status_code == 403

    first = verzoeken[0]["id"]
    grant = {"besloten_door": "j.devries"}
    refused = service.post(f"/verzoeken/{first}/toekenning", json=grant, headers=worker)
    assert refused.status_code == 409
    assert refused.json()["type"] == "/problems/clientgegevens-ontbreken"
    assert service.put("/clientgegevens", json=CLIENTGEGEVENS, headers=worker).status_code == 200
    granted = service.post(f"/verzoeken/{first}/toekenning", json=grant, headers=worker)
    assert granted.status_code == 201, granted.text

    outbox = service.get("/outbox", headers=broker).json()["items"]
    assert [m["type"] for m in outbox] == ["JW319", "JW319", "JW301"]
    toewijzingen = service.post(
        "/api/v1/toewijzingen/zoeken",
        json={"bsn": "999900018", "gemeente": "0153"},
        headers=aanbieder,
    )
    assert toewijzingen.status_code == 200, toewijzingen.text
    [toewijzing] = toewijzingen.json()
    nummer = str(toewijzing["toewijzing_nummer"])
    assert nummer == "1"  # the README's `ijw voorbeeld jw305 --toewijzing 1` on a fresh install

    start = _voorbeeld(tmp_path, database_url, "jw305", "--toewijzing", nummer)
    _accepted(service.post("/berichten", content=start, headers=broker | XML), "jw306")
    stop = _voorbeeld(tmp_path, database_url, "jw307", "--toewijzing", nummer)
    _accepted(service.post("/berichten", content=stop, headers=broker | XML), "jw308")


def test_voorbeeld_refuses_a_toewijzing_that_does_not_exist(database_url, tmp_path):
    done = ijw(
        "voorbeeld",
        "jw305",
        "--toewijzing",
        "42",
        cwd=tmp_path,
        gemeenten="0153",
        database_url=database_url,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines()[-1].startswith("ijw: no toewijzing 42 in this database")
