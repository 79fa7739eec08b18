"""The OpenAPI document: every operation documented, secured, with refusals and real examples.

The rules run over `app.openapi()`, so an endpoint added without examples or error answers
fails here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import jsonschema_rs  # comes with schemathesis
import pytest
import schemathesis

from app.checks.intra.persoon import elfproef
from app.config import Settings
from app.main import create_app
from tests.conftest import SERVED

OPEN = {("get", "/health/live")}
"""Operations that need no key."""
PROBLEM_JSON = "application/problem+json"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def document() -> dict:
    # Building the document touches no database: the app is never started.
    app = create_app(Settings(database_url="sqlite://", gemeenten=SERVED))
    return app.openapi()


def operations(document: dict) -> Iterator[tuple[str, str, dict]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield method, path, operation


def label(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = document["components"]["schemas"][name]
    return schema


def examples_of(document: dict, media: dict) -> list:
    """The example values a media type shows: its own, else its schema's (or its items')."""
    if "example" in media:
        return [media["example"]]
    if "examples" in media:
        return [example["value"] for example in media["examples"].values()]
    schema = resolve(document, media.get("schema", {}))
    if schema.get("examples"):
        return list(schema["examples"])
    items = resolve(document, schema.get("items", {})) if schema.get("type") == "array" else {}
    return [[example] for example in items.get("examples", [])]


def _nullable(document: dict, schema: dict) -> bool:
    schema = resolve(document, schema)
    options = [schema, *schema.get("anyOf", [])]
    return any(
        option.get("type") == "null" or "null" in (option.get("type") or []) for option in options
    )


def with_nulls(document: dict, schema: dict, value):
    """The example as written: FastAPI serves the document without null members."""
    schema = resolve(document, schema)
    if isinstance(value, list):
        return [with_nulls(document, schema.get("items", {}), item) for item in value]
    if not isinstance(value, dict):
        return value
    for option in schema.get("anyOf", []):
        if resolve(document, option).get("type") == "object":
            schema = resolve(document, option)
    properties = schema.get("properties", {})
    full = {key: with_nulls(document, properties.get(key, {}), v) for key, v in value.items()}
    for key in schema.get("required", []):
        if key not in full and _nullable(document, properties.get(key, {})):
            full[key] = None
    return full


def validator(document: dict, schema: dict) -> jsonschema_rs.Validator:
    """A validator for a schema of the document, its `#/components/...` references resolved."""
    rooted = {"components": document.get("components", {}), **schema}
    return jsonschema_rs.Draft202012Validator(rooted)


def media_types(operation: dict) -> Iterator[tuple[str, str, dict]]:
    """Every (where, media type, media object) of a request body and the responses."""
    for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
        yield "request body", media_type, media
    for status, response in operation["responses"].items():
        for media_type, media in response.get("content", {}).items():
            yield f"response {status}", media_type, media


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    schemathesis.openapi.from_dict(json.loads(json.dumps(document))).validate()


def test_component_names_are_plain_model_names(document):
    # FastAPI qualifies a name with its module when two models share it: rename one instead.
    assert [name for name in document["components"]["schemas"] if "__" in name] == []


def test_every_operation_has_a_summary_a_description_and_declared_tags(document):
    declared = {tag["name"] for tag in document.get("tags", [])}
    undescribed = [tag["name"] for tag in document.get("tags", []) if not tag.get("description")]
    missing = [
        label(method, path)
        for method, path, operation in operations(document)
        if not operation.get("summary")
        or not operation.get("description")
        or not operation.get("tags")
        or not set(operation["tags"]) <= declared
    ]
    assert (missing, undescribed) == ([], [])


def test_every_success_answer_has_a_schema(document):
    missing = []
    for method, path, operation in operations(document):
        successes = {s: r for s, r in operation["responses"].items() if s.startswith("2")}
        if not successes:
            missing.append(f"{label(method, path)}: no 2xx answer")
        for status, response in successes.items():
            content = response.get("content", {})
            if not content or not all(media.get("schema") for media in content.values()):
                missing.append(f"{label(method, path)} {status}")
    assert missing == []


def test_every_protected_operation_lists_the_api_key_and_its_refusals(document):
    scheme = document["components"]["securitySchemes"]["ApiKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    wrong = []
    for method, path, operation in operations(document):
        if (method, path) in OPEN:
            if operation.get("security") or {"401", "403"} & set(operation["responses"]):
                wrong.append(f"{label(method, path)} needs no key")
            continue
        if operation.get("security") != [{"ApiKey": []}]:
            wrong.append(f"{label(method, path)}: security")
        for status in ("401", "403"):
            if status not in operation["responses"]:
                wrong.append(f"{label(method, path)}: no {status}")
    assert wrong == []


def json_body(operation: dict) -> bool:
    return "application/json" in operation.get("requestBody", {}).get("content", {})


def test_every_refusal_is_a_problem_document(document):
    wrong = []
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            content = response.get("content", {})
            schema = content.get(PROBLEM_JSON, {}).get("schema", {})
            if list(content) != [PROBLEM_JSON] or not {"type", "title", "status"} <= set(
                schema.get("required", [])
            ):
                wrong.append(f"{label(method, path)} {status}")
    assert wrong == []


def test_operations_with_input_document_its_refusal(document):
    missing = [
        label(method, path)
        for method, path, operation in operations(document)
        if (operation.get("parameters") or "requestBody" in operation)
        and "422" not in operation["responses"]
        or json_body(operation)
        and "400" not in operation["responses"]
    ]
    assert missing == []


def test_every_body_and_answer_has_an_example_that_fits_its_schema(document):
    missing, misfits = [], []
    for method, path, operation in operations(document):
        for where, media_type, media in media_types(operation):
            name = f"{label(method, path)} {where} {media_type}"
            examples = examples_of(document, media)
            if not examples:
                missing.append(name)
            schema = media.get("schema", {})
            check = validator(document, schema)
            misfits += [
                name
                for example in examples
                if not check.is_valid(with_nulls(document, schema, example))
            ]
    assert (missing, misfits) == ([], [])


def _bsns(value) -> Iterator[str]:
    if isinstance(value, str):  # an XML example
        yield from re.findall(r"Bsn>([0-9]{9})<", value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key == "bsn" and isinstance(item, str):
                yield item
            else:
                yield from _bsns(item)
    elif isinstance(value, list):
        for item in value:
            yield from _bsns(item)


def test_examples_use_test_bsns_only(document):
    found = set(_bsns(document))
    assert found, "no example shows a BSN"
    wrong = [bsn for bsn in found if not ("999900006" <= bsn <= "999999990" and elfproef(bsn))]
    assert wrong == []


ENGELS = re.compile(
    r"\b(the|not|already|unknown|invalid|missing|allowed|was|cannot|this|another|are)\b"
)
"""Words that give away an English explanation; the API explains itself in Dutch."""


def _problem_examples(document):
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            media = response.get("content", {}).get(PROBLEM_JSON, {})
            examples = [media["example"]] if "example" in media else []
            examples += [named["value"] for named in media.get("examples", {}).values()]
            for example in examples:
                yield f"{label(method, path)} {status}", example


PARSER_DETAILS = {"/problems/not-well-formed", "/problems/forbidden-construct"}
"""Details that quote the XML parser, shared with `ijw validate`."""


def test_every_documented_problem_explains_itself_in_dutch(document):
    english = [
        (where, example["type"], text)
        for where, example in _problem_examples(document)
        for text in (
            example["title"],
            *(() if example["type"] in PARSER_DETAILS else (example["detail"],)),
        )
        if ENGELS.search(text)
    ]
    assert english == []


def test_a_problem_type_has_one_title(document):
    titles: dict[str, set[str]] = {}
    for _, example in _problem_examples(document):
        titles.setdefault(example["type"], set()).add(example["title"])
    assert {type_: found for type_, found in titles.items() if len(found) > 1} == {}
