"""Security headers on every werkplek and API documentation response."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.statisch import URL_PREFIX

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
BESCHERMD = ("/werkplek", "/docs")
"""Path prefixes whose answers carry the headers: the browser-facing part of the service."""


def beschermd(path: str) -> bool:
    """Whether a request path is one of the browser-facing ones."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in BESCHERMD)


class Beveiligingsheaders:
    """ASGI middleware adding the headers, and the caching rule, to browser-facing answers.

    Pages carry personal data and are never stored (no-store); static files may be cached but
    are revalidated (no-cache), so a new release's stylesheet is seen at once.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the answer's start on protected paths."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        if not beschermd(path):
            await self.app(scope, receive, send)
            return
        statisch = path.startswith(URL_PREFIX + "/")

        async def send_met_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                headers["Cache-Control"] = "no-cache" if statisch else "no-store"
            await send(message)

        await self.app(scope, receive, send_met_headers)
