"""The real app under uvicorn on a free port, for browser tests, and messages posted into it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
import uvicorn
from fastapi import FastAPI

from app.access.toegang import Rol
from tests.keys import bearer, sleutel

XML = {"Content-Type": "application/xml"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    """A started app: its object (for `app.state.services`) and the address it answers on."""

    app: FastAPI
    url: str
    _keys: dict[Rol, str] = field(default_factory=dict)

    def sleutel(self, rol: Rol = Rol.BROKER, **scope) -> str:
        """An API key of the role in this server's database (one per role when unscoped)."""
        if scope:
            return sleutel(self.app, rol, **scope)
        if rol not in self._keys:
            served = self.app.state.services.settings.gemeenten
            gemeenten = served if rol in (Rol.GEMEENTE, Rol.BEHEERDER) else ()
            self._keys[rol] = sleutel(self.app, rol, gemeenten=gemeenten)
        return self._keys[rol]

    def post_bericht(self, xml: bytes | str) -> httpx.Response:
        """POST an iJw message to /berichten as the broker, over HTTP; the retour must be 200."""
        content = xml.encode() if isinstance(xml, str) else xml
        response = httpx.post(
            f"{self.url}/berichten",
            content=content,
            headers=XML | bearer(self.sleutel(Rol.BROKER)),
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return response

    def api(self, rol: Rol = Rol.GEMEENTE) -> httpx.Client:
        """An HTTP client on the JSON API with a key of the role (close it, or use `with`)."""
        return httpx.Client(base_url=self.url, headers=bearer(self.sleutel(rol)), timeout=30)


@contextmanager
def serve(app: FastAPI, port: int | None = None) -> Iterator[LiveServer]:
    """Run the app under uvicorn in a background thread until the block ends."""
    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the app did not start (see the log above)")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the app did not start within 30 s")
        time.sleep(0.02)
    try:
        yield LiveServer(app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(15)
