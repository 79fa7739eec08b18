"""The API documentation: Swagger UI from our own static files, started by a static script."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web.templates import templates

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI over the service's OpenAPI document, without inline script or style."""
    app = request.app
    return templates.TemplateResponse(
        request,
        "docs.html",
        {
            "titel": app.title,
            "openapi_url": request.scope.get("root_path", "") + (app.openapi_url or ""),
        },
    )
