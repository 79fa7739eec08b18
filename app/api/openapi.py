"""OpenAPI documentation the routers share: problem+json answers and the tags they use."""

from __future__ import annotations

from typing import Any

from app.api.problems import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "An RFC 9457 problem document; some problem types add members.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "The problem type, `/problems/<slug>`"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong; never names a BSN"},
        "errors": {
            "type": "array",
            "description": "The fields, lines or rules that failed",
            "items": {
                "type": "object",
                "required": ["message"],
                "properties": {
                    "code": {"type": "string", "description": "The rule of the standard"},
                    "location": {"type": "string"},
                    "line": {"type": ["integer", "null"]},
                    "message": {"type": "string"},
                },
            },
        },
        "more_errors": {
            "type": "integer",
            "minimum": 0,
            "description": "`schema-invalid`: errors found beyond the first 100 listed",
        },
    },
    "additionalProperties": True,
}
"""Inline in every answer: FastAPI files a response model under the route's own media type."""


def problem_example(status: int, slug: str, title: str, detail: str, **members: Any) -> dict:
    """A problem document as the service writes it."""
    return {"type": f"/problems/{slug}", "title": title, "status": status, "detail": detail} | (
        members
    )


def problem_response(description: str, *examples: dict, named: bool = False) -> dict:
    """A documented problem+json answer; several examples (or all, `named`) by problem type."""
    content: dict[str, Any] = {"schema": PROBLEM_SCHEMA}
    if len(examples) == 1 and not named:
        content["example"] = examples[0]
    else:
        content["examples"] = {
            example["type"].rsplit("/", 1)[-1]: {"summary": example["title"], "value": example}
            for example in examples
        }
    return {"description": description, "content": {PROBLEM_JSON: content}}


UNAUTHORIZED = problem_example(
    401,
    "unauthorized",
    "API-sleutel ontbreekt of is ongeldig",
    "de API-sleutel is onbekend of ingetrokken",
)
FORBIDDEN_ROLE = problem_example(
    403,
    "forbidden-role",
    "Niet toegestaan voor deze rol",
    "een sleutel met rol broker kan dit endpoint niet gebruiken; nodig: gemeente",
)
FORBIDDEN_SCOPE = problem_example(
    403,
    "forbidden-scope",
    "Buiten het bereik van deze sleutel",
    "deze sleutel is niet gebonden aan gemeente 0164",
)
INVALID_REQUEST = problem_example(
    422,
    "invalid-request",
    "Ongeldig verzoek",
    "1 veld(en) ongeldig",
    errors=[{"location": "query.limit", "message": "moet kleiner dan of gelijk aan 500 zijn"}],
)
NOT_SERVED = problem_example(
    404,
    "gemeente-not-served",
    "Gemeente wordt hier niet bediend",
    "gemeente 0518 wordt door deze installatie niet bediend",
)
TOEWIJZING_OVERLAP = problem_example(
    409,
    "toewijzing-overlap",
    "Overlapt een toewijzing voor hetzelfde product",
    "TR302: de nieuwe toewijzing (2027-01-01 t/m 2027-05-31) overlapt ToewijzingNummer 4"
    " (2026-12-01 t/m 2027-05-31) voor hetzelfde product. Kort eerst de bestaande toewijzing"
    " in, kies een andere periode, of wijs het verzoek af (reden 6, stapeling); er is niets"
    " opgeslagen",
    code="TR302",
    toewijzing_nummers=[4],
)


NIET_BEDIEND: dict[int | str, dict[str, Any]] = {
    404: problem_response("A gemeente this deployment does not serve", NOT_SERVED)
}
"""The answer to a gemeente, in the path, query or body, that is not served here."""


def key_refusals(*forbidden: dict) -> dict[int | str, dict]:
    """401 without a valid key; 403 for a key of another role (or the refusals given)."""
    return {
        401: problem_response("No API key, or an unknown or revoked one", UNAUTHORIZED),
        403: problem_response(
            "A key of a role this endpoint does not serve, or outside the key's scope",
            *(forbidden or (FORBIDDEN_ROLE,)),
        ),
    }


GEMEENTEWERKER = key_refusals(FORBIDDEN_ROLE, FORBIDDEN_SCOPE)
"""The refusals of an endpoint for gemeente workers, bound to their gemeenten."""
OPERATOR = key_refusals(
    problem_example(
        403,
        "forbidden-role",
        "Niet toegestaan voor deze rol",
        "een sleutel met rol gemeente kan dit endpoint niet gebruiken; nodig: operator",
    )
)
"""The refusals of an endpoint for operators."""


UNREADABLE_BODY: dict[int | str, dict] = {
    400: problem_response(
        "A body that is not UTF-8 text",
        problem_example(400, "bad-request", "Ongeldig verzoek", "de body is niet te lezen"),
    )
}
"""The answer to a JSON body that cannot be decoded, before any of the service's own code."""


def invalid(description: str = "The query or body fails its schema", *examples: dict) -> dict:
    """The documented 422 of an endpoint with a query, path or body."""
    return {422: problem_response(description, *(examples or (INVALID_REQUEST,)))}
