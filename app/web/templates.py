"""The werkplek's Jinja2 environment and `render`, which every page answers with.

`render` adds `medewerker` (the signed-in person or None) and `csrf_token` (for the hidden
field of every form) to the template's context.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from starlette.responses import HTMLResponse

from app.web.bsn import gemaskeerd
from app.web.statisch import ROUTE_NAME, URL_PREFIX, assets_gebouwd


@pass_context
def statisch(context: Mapping[str, Any], path: str) -> str:
    """The path of a static file (no host: right behind any proxy, http or https)."""
    request = context.get("request")
    if request is None:  # a template rendered outside a request (tests, e-mails)
        return f"{URL_PREFIX}/{path}"
    return request.url_for(ROUTE_NAME, path=path).path


templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["gemaskeerd"] = gemaskeerd
# basis.html links the NL Design System styles only when scripts/assets built them.
templates.env.globals["assets_gebouwd"] = assets_gebouwd
templates.env.globals["statisch"] = statisch


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """A page from a template, with the signed-in person and the CSRF token in its context."""
    full: dict[str, Any] = {
        "medewerker": getattr(request.state, "medewerker", None),
        "csrf_token": getattr(request.state, "csrf_token", None) or "",
    }
    full.update(context or {})
    return templates.TemplateResponse(
        request, template, full, status_code=status_code, headers=headers
    )
