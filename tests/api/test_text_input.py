"""One rule for every text a client sends: XML 1.0 characters only; dates the terms can compute.

The cases come from the OpenAPI document, so every text field of every request body, path and
query of every endpoint is covered, including fields added later.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from urllib.parse import quote

import pytest

from app.access.toegang import Rol
from app.config import Settings
from app.main import create_app
from tests.api.berichten import AGB, BSN, GEMEENTE
from tests.keys import bearer, sleutel

BAD_CHARACTERS = {"nul": "\x00", "escape": "\x1b"}
VALID_PARAMETERS = {
    "verzoek_id": "1",
    "outbox_id": "1",
    "nummer": "1",
    "toewijzing_nummer": "1",
    "gemeente": GEMEENTE,
    "aanbieder": AGB,
    "bsn": BSN,
    "referentie_aanbieder": "REF-1",
}


@cache
def _openapi() -> dict:
    settings = Settings(database_url="sqlite:///:memory:", gemeenten=(GEMEENTE,))
    return create_app(settings).openapi()


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = _openapi()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def _leaves(schema: dict, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every scalar a request body can hold, with its path and schema."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            if option.get("type") != "null":
                yield from _leaves(option, path)
    elif schema.get("type") == "object":
        for name, member in schema.get("properties", {}).items():
            yield from _leaves(member, (*path, name))
    elif schema.get("type") == "array":
        yield from _leaves(schema["items"], (*path, 0))
    else:
        yield path, schema


def _is_text(schema: dict) -> bool:
    # Enumerations and formatted strings (dates) are no free text.
    return schema.get("type") == "string" and not {"enum", "const", "format"} & set(schema)


def _parameter_schema(parameter: dict) -> dict:
    schema = parameter["schema"]
    options = [o for o in schema.get("anyOf", [schema]) if o.get("type") != "null"]
    return _resolve(options[0])


def _operations() -> Iterator[tuple[str, str, dict]]:
    for path, operations in _openapi()["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


def _body_schema(operation: dict) -> dict | None:
    content = operation.get("requestBody", {}).get("content", {})
    return content.get("application/json", {}).get("schema")


def _cases(wanted) -> list:
    """(method, path, where, name) for every body leaf or parameter `wanted` picks."""
    cases = []
    for method, path, operation in _operations():
        for parameter in operation.get("parameters", []):
            if wanted(_parameter_schema(parameter)):
                where, name = parameter["in"], parameter["name"]
                cases.append(pytest.param(method, path, where, name, id=f"{method} {path} {name}"))
        if (schema := _body_schema(operation)) is not None:
            for leaf, leaf_schema in _leaves(schema):
                if wanted(leaf_schema):
                    name = ".".join(str(part) for part in leaf)
                    cases.append(
                        pytest.param(method, path, "body", leaf, id=f"{method} {path} {name}")
                    )
    return cases


def _example(schema: dict) -> dict:
    return copy.deepcopy(_resolve(schema)["examples"][0])


def _put(document, path: tuple, value) -> None:
    *parents, last = path
    for index, part in enumerate(parents):
        following = (*parents, last)[index + 1]
        if isinstance(document, list):
            while len(document) <= part:
                document.append({} if not isinstance(following, int) else [])
        elif part not in document or document[part] is None:
            document[part] = [] if isinstance(following, int) else {}
        document = document[part]
    if isinstance(document, list):
        while len(document) <= last:
            document.append(None)
    document[last] = value


def _request(client, app, method: str, path: str, where: str, name, value: str):
    """Send one request with `value` in the named place and valid values everywhere else."""
    operation = _openapi()["paths"][path][method.lower()]
    url, query = path, {}
    for parameter in operation.get("parameters", []):
        sent = value if parameter["name"] == name else VALID_PARAMETERS.get(parameter["name"])
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", quote(sent, safe=""))
        elif parameter["in"] == "query" and (parameter["name"] == name or parameter["required"]):
            query[parameter["name"]] = sent
    headers = {}
    if path.startswith("/api/v1"):
        headers = bearer(sleutel(app, Rol.AANBIEDER, agb=AGB))
    content = None
    if (schema := _body_schema(operation)) is not None:
        body = _example(schema)
        if where == "body":
            _put(body, name, value)
        # ensure_ascii: a lone surrogate travels as its JSON escape, as any client would send it
        content = json.dumps(body)
        headers["Content-Type"] = "application/json"
    return client.request(method, url, params=query, content=content, headers=headers)


def _location(where: str, name) -> str:
    return ".".join([where, *(str(part) for part in name)] if where == "body" else [where, name])


def _refused(response, where: str, name) -> dict:
    assert response.status_code == 422, response.text
    document = response.json()
    assert document["type"] == "/problems/invalid-request"
    [error] = [e for e in document["errors"] if e["location"] == _location(where, name)]
    return error


TEXT_CASES = _cases(_is_text)
COMPARED_ONLY = {"uiterlijk_voor", "due_voor"}
"""Filters only compared with stored dates: every date is meaningful there, none overflows."""
DATE_CASES = [
    case
    for case in _cases(lambda schema: schema.get("format") in ("date", "date-time"))
    if case.values[3] not in COMPARED_ONLY
]


def test_every_endpoint_with_text_input_is_covered():
    # Guards the generator: were the OpenAPI document to lose its fields, nothing would be tested.
    covered = {case.values[1] for case in TEXT_CASES}
    assert {
        "/clientgegevens",
        "/verwijzingen",
        "/vooroverleggen",
        "/verzoeken/{verzoek_id}/toekenning",
        "/verzoeken/{verzoek_id}/afwijzing",
        "/toewijzingen",
        "/toewijzingen/{gemeente}/{nummer}/wijziging",
        "/toewijzingen/{gemeente}/{nummer}/verwijdering",
        "/toewijzingen/{gemeente}/{nummer}/contactmoment",
        "/api/v1/verzoeken/{referentie_aanbieder}",
        "/api/v1/toewijzingen",
        "/api/v1/toewijzingen/zoeken",
        "/signalen",
        "/audit",
        "/audit/zoeken",
        "/outbox",
        "/werkvoorraad",
    } <= covered
    assert len(TEXT_CASES) > 60


@pytest.mark.parametrize(("method", "path", "where", "name"), TEXT_CASES)
def test_nul_and_control_characters_are_refused_naming_the_field(
    client, app, method, path, where, name
):
    for label, character in BAD_CHARACTERS.items():
        response = _request(client, app, method, path, where, name, f"Jan{character}sen")
        error = _refused(response, where, name)
        assert f"U+{ord(character):04X}" in error["message"], label
        assert "Jan" not in response.text  # the value is never echoed


@pytest.mark.parametrize(
    "character", ["\ud800", "\ufffe", "\x7f\x08"], ids=["lone-surrogate", "fffe", "backspace"]
)
def test_other_characters_xml_cannot_carry_are_refused(client, app, character):
    path = "/verzoeken/{verzoek_id}/afwijzing"
    error = _refused(
        _request(client, app, "POST", path, "body", ("toelichting",), f"a{character}b"),
        "body",
        ("toelichting",),
    )
    assert "alleen XML 1.0-tekens" in error["message"]


def test_a_nul_in_a_path_is_refused_before_any_lookup(client, app):
    key = bearer(sleutel(app, Rol.AANBIEDER, agb=AGB))
    response = client.get("/api/v1/verzoeken/a%00b", headers=key)
    assert _refused(response, "path", "referentie_aanbieder")["message"].startswith(
        "teken U+0000 op positie 2"
    )


@pytest.mark.parametrize(("method", "path", "where", "name"), DATE_CASES)
def test_dates_outside_the_computable_range_are_refused(client, app, method, path, where, name):
    operation = _openapi()["paths"][path][method.lower()]
    schema = (
        _parameter_schema(next(p for p in operation["parameters"] if p["name"] == name))
        if where != "body"
        else dict(_leaves(_body_schema(operation)))[name]
    )
    for value in ("0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"):
        sent = value + "T00:00:00+01:00" if schema["format"] == "date-time" else value
        _refused(_request(client, app, method, path, where, name, sent), where, name)


def test_the_first_and_last_moments_of_the_range_are_fine(client):
    for van in ("1900-01-01T00:00:00+00:00", "2999-12-31T00:00:00+00:00"):
        assert client.get("/audit", params={"van": van}).status_code == 200


@pytest.mark.parametrize("path", ["/signalen", "/signalen.csv"])
@pytest.mark.parametrize("due_voor", ["0001-01-01", "9999-12-31"])
def test_a_filter_compared_only_takes_any_date(client, path, due_voor):
    response = client.get(path, params={"due_voor": due_voor, "zichtbaar": "false"})
    assert response.status_code == 200, response.text


def test_tab_and_newline_are_xml_characters_and_pass(client, app):
    path = "/toewijzingen/{gemeente}/{nummer}/verwijdering"
    response = _request(client, app, "POST", path, "body", ("besloten_door",), "j.\tde\nvries")
    assert response.status_code == 404, response.text  # past validation: no such toewijzing
