"""Start the real OpenID Connect provider (tests/oidc/provider.mjs) and sign in through it."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

HIER = Path(__file__).parent
CLIENT_ID = "ijw-werkplek"
CLIENT_SECRET = "een-lang-testgeheim-van-de-werkplek-0123456789"


@dataclass(frozen=True)
class Provider:
    """A running provider: its issuer URL and the one redirect URI it accepts."""

    issuer: str
    redirect_uri: str


def vrije_poort() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _beschikbaar() -> str | None:
    """Why the provider cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (HIER / "node_modules" / "oidc-provider").is_dir():
        return "oidc-provider is not installed: run `npm ci --prefix tests/oidc`"
    return None


@contextmanager
def provider(redirect_uri: str) -> Iterator[Provider]:
    """Run the provider for one redirect URI until the block ends."""
    reden = _beschikbaar()
    if reden is not None:
        if os.environ.get("IJW_OIDC_TESTS") == "verplicht":
            pytest.fail(f"OpenID Connect tests must run here, but {reden}")
        pytest.skip(reden)
    poort = vrije_poort()
    proces = subprocess.Popen(
        ["node", str(HIER / "provider.mjs"), str(poort), CLIENT_ID, CLIENT_SECRET, redirect_uri],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        issuer = f"http://127.0.0.1:{poort}"
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except httpx.TransportError:
                if proces.poll() is not None or time.monotonic() > deadline:
                    output = proces.stdout.read() if proces.stdout else ""
                    pytest.fail(f"the OpenID Connect provider did not start:\n{output}")
                time.sleep(0.1)
        yield Provider(issuer=issuer, redirect_uri=redirect_uri)
    finally:
        proces.terminate()
        proces.wait(timeout=10)


def aanmelden(autorisatie_url: str, redirect_uri: str, login: str) -> dict[str, str]:
    """Sign in as `login` through the provider's own pages and consent; the callback's query."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        url = autorisatie_url
        for _ in range(20):
            if url.startswith(redirect_uri):
                return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
            response = browser.get(url)
            if response.is_redirect:
                url = urljoin(url, response.headers["location"])
                continue
            form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
            assert form, f"no form on the provider's page {url}: {response.text[:300]}"
            prompt = re.search(r'name="prompt" value="(\w+)"', response.text)
            assert prompt, response.text[:300]
            velden = {"prompt": prompt.group(1)}
            if prompt.group(1) == "login":
                velden |= {"login": login, "password": "wat-dan-ook"}
            response = browser.post(urljoin(url, form.group(1)), data=velden)
            assert response.is_redirect, response.text[:300]
            url = urljoin(url, response.headers["location"])
    raise AssertionError("the provider never sent the browser back")
