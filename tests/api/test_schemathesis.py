"""Schemathesis against the started app: every operation, each with the key of its role.

Generated requests, valid and invalid, never get a server error, and every answer has a
documented status, content type and schema. Each operation runs on a fresh database holding
the documented examples (a request in onderzoek, a client, a toewijzing), so reads answer
with data. The run is bounded and deterministic.
"""

from __future__ import annotations

import copy

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.python import asgi

from app.access.toegang import Rol
from app.checks.intra.persoon import elfproef
from app.config import Settings
from app.main import create_app
from tests.api.berichten import AGB
from tests.conftest import SERVED
from tests.keys import rol_voor, sleutel

CONFIG = {
    "seed": 20261120,
    "generation": {
        "max-examples": 25,
        "deterministic": True,
        "mode": "all",
        "database": "none",
        # The test sends the key of the operation's role; generated keys would only be refused.
        "with-security-parameters": False,
    },
    "phases": {"stateful": {"enabled": False}},
    "checks": {"enabled": True},
    "operations": [
        # An iJw message is valid by its XSD and rules, which no JSON Schema can state: any
        # string fits the documented body, so "valid data" here proves nothing either way.
        {
            "include-path": "/berichten",
            "checks": {"positive_data_acceptance": {"enabled": False}},
        },
        # These build a JW301: the standard's rules on it that span fields (CD005 postcode and
        # land, CD076/CD077 Omvang, Budget and Einddatum, CS003) are documented 422 problem
        # types with their codes, beyond what JSON Schema can say.
        *(
            {
                "include-path": path,
                "include-method": "POST" if path != "/clientgegevens" else "PUT",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                    }
                },
            }
            for path in ("/toewijzingen", "/clientgegevens", "/verzoeken/{verzoek_id}/toekenning")
        ),
    ],
}

TEST_BSNS = [str(number) for number in range(999_900_006, 999_999_991) if elfproef(str(number))]
"""Every BSN of the test range that passes the 11-proef: the documented format `bsn`."""
schemathesis.openapi.format("bsn", st.sampled_from(TEST_BSNS))

# The document needs no database: the app that makes it is never started.
DOCUMENT = create_app(Settings(database_url="sqlite://", gemeenten=SERVED)).openapi()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=schemathesis.Config.from_dict(CONFIG))


def rol(method: str, path: str) -> Rol:
    """The role an operation serves: provider software for /api/v1, else as the tests use."""
    if path.startswith("/api/v1/"):
        return Rol.AANBIEDER
    return rol_voor(method, path)


def example(method: str, path: str, media_type: str = "application/json"):
    """The documented request body of an operation (a copy to change)."""
    media = DOCUMENT["paths"][path][method]["requestBody"]["content"][media_type]
    if "example" in media:
        return copy.deepcopy(media["example"])
    name = media["schema"]["$ref"].removeprefix("#/components/schemas/")
    return copy.deepcopy(DOCUMENT["components"]["schemas"][name]["examples"][0])


@pytest.fixture
def keys(app) -> dict[Rol, str]:
    """Start the app as schemathesis reaches it, then make a key per role."""
    with asgi.get_client(app):
        pass  # the lifespan runs on until the test's teardown
    served = app.state.services.settings.gemeenten
    return {
        Rol.BROKER: sleutel(app, Rol.BROKER),
        Rol.AANBIEDER: sleutel(app, Rol.AANBIEDER, agb=AGB),
        Rol.GEMEENTE: sleutel(app, Rol.GEMEENTE, gemeenten=served),
        Rol.OPERATOR: sleutel(app, Rol.OPERATOR),
        Rol.BEHEERDER: sleutel(app, Rol.BEHEERDER, gemeenten=served),
    }


@pytest.fixture
def voorbeelden(app, keys) -> None:
    """The documented examples stored: a JW315 in onderzoek, its client, a toewijzing."""
    gemeente = {"Authorization": f"Bearer {keys[Rol.GEMEENTE]}"}
    with asgi.get_client(app) as client:
        answers = [
            client.post(
                "/berichten",
                data=example("post", "/berichten", "application/xml").encode(),
                headers={
                    "Authorization": f"Bearer {keys[Rol.BROKER]}",
                    "Content-Type": "application/xml",
                },
            ),
            client.put("/clientgegevens", json=example("put", "/clientgegevens"), headers=gemeente),
            client.post("/toewijzingen", json=example("post", "/toewijzingen"), headers=gemeente),
        ]
    assert [answer.status_code for answer in answers] == [200, 200, 201]


@schema.parametrize()
# One app per operation, like a server: its state grows over the generated requests.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_requests_get_documented_answers_and_no_server_error(
    case, app, keys, voorbeelden
):
    key = keys[rol(case.method, case.path)]
    # Checks that send more requests (without the key, after a write) reach this app too.
    case.operation.schema.app = app
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {key}"})


# What schemathesis found: each was a 500 before.

GROOT = 2**63
"""One more than a 64-bit database id holds."""


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("post", f"/outbox/{GROOT}/ack", {}),
        ("post", f"/outbox/{GROOT}/retry", {}),
        ("get", "/outbox", {"after": GROOT}),
        ("get", f"/verzoeken/{GROOT}", {}),
        ("get", "/signalen", {"after": f"2026-11-27.{GROOT}"}),
        ("get", "/signalen.csv", {"after": f"2026-11-27.{GROOT}"}),
    ],
)
def test_an_id_beyond_the_database_range_is_refused_not_looked_up(client, method, path, params):
    response = client.request(method, path, params=params)

    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-request"


def test_a_negative_verzoek_id_beyond_the_database_range_is_refused(client):
    response = client.post(f"/verzoeken/{-GROOT - 1}/afwijzing", json={"besloten_door": "jan"})

    assert response.status_code == 422


def test_a_huisletter_without_huisnummer_is_refused_before_any_jw301_is_built(client):
    gegevens = example("put", "/clientgegevens")
    adres = gegevens["contacten"][0]["adres"]
    del adres["huisnummer"]
    adres["huisletter"] = "A"

    response = client.put("/clientgegevens", json=gegevens)

    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        "huisletter en huisnummer_toevoeging vragen om een huisnummer"
    )
    assert client.put("/clientgegevens", json=example("put", "/clientgegevens")).status_code == 200


def test_a_body_that_is_not_utf8_gets_the_documented_400(client):
    response = client.put(
        "/clientgegevens", content=b"\xff\xfe{", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert (
        response.json()
        == DOCUMENT["paths"]["/clientgegevens"]["put"]["responses"]["400"]["content"][
            "application/problem+json"
        ]["example"]
    )
