"""The methods a path serves, for the `Allow` header of a 405 (RFC 9110 §15.5.6)."""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.requests import Request

_METHODS = ("get", "put", "post", "delete", "patch")


def allowed(request: Request) -> str:
    """Every method the API document names for the request's path."""
    methods = {
        method.upper()
        for pattern, operations in _paths(request.app)
        if pattern.fullmatch(request.url.path)
        for method in operations
    }
    return ", ".join(sorted(methods))


def _paths(app: FastAPI) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """Each documented path as a pattern, with its methods; made once per app."""
    paths = getattr(app.state, "allow_paths", None)
    if paths is None:
        paths = app.state.allow_paths = _compile(app.openapi()["paths"])
    return paths


def _compile(documented: dict) -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    return tuple(
        (
            re.compile(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))),
            tuple(method for method in operations if method in _METHODS),
        )
        for path, operations in documented.items()
    )
