"""RFC 9457 problem documents: one renderer for every refusal."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from app.api.meldingen import melding
from app.problem import Problem

PROBLEM_JSON = "application/problem+json"


def problem(status: int, type_: str, title: str, detail: str, **extensions: Any) -> JSONResponse:
    """A problem+json response."""
    content = {"type": type_, "title": title, "status": status, "detail": detail, **extensions}
    return JSONResponse(content, status_code=status, media_type=PROBLEM_JSON)


def refusal_response(refusal: Problem) -> JSONResponse:
    """The problem+json response for a refused request or body."""
    return problem(
        refusal.status_code, refusal.type, refusal.title, refusal.detail, **refusal.extensions()
    )


def validation_problem(errors: list[dict]) -> JSONResponse:
    """422 for a request body or query that fails its schema; input values are never echoed."""
    return problem(
        422,
        "/problems/invalid-request",
        "Ongeldig verzoek",
        f"{len(errors)} veld(en) ongeldig",
        errors=[
            {"location": ".".join(str(part) for part in error["loc"]), "message": melding(error)}
            for error in errors
        ],
    )
