"""The relying party against a real OpenID Connect provider: the checks a sign-in relies on."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from app.oidc.client import OidcClient, OidcFout
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, Provider, aanmelden, provider

REDIRECT = "http://127.0.0.1:9/werkplek/oidc/terug"


@pytest.fixture(scope="module")
def idp() -> Iterator[Provider]:
    with provider(REDIRECT) as running:
        yield running


def client(idp: Provider, now: float | None = None) -> OidcClient:
    return OidcClient(
        idp.issuer,
        CLIENT_ID,
        CLIENT_SECRET,
        scopes="openid profile groups",
        groepen_claim="groups",
        timeout=5,
        now=(lambda: now) if now is not None else time.time,
    )


def test_the_authorization_request_carries_state_nonce_and_an_s256_challenge(idp):
    aanvraag = client(idp).aanvraag(REDIRECT)
    query = parse_qs(urlsplit(aanvraag.url).query)
    assert aanvraag.url.startswith(f"{idp.issuer}/auth?")
    assert query["state"] == [aanvraag.state]
    assert query["nonce"] == [aanvraag.nonce]
    assert query["code_challenge_method"] == ["S256"]
    assert query["code_challenge"][0] != aanvraag.code_verifier
    assert query["redirect_uri"] == [REDIRECT]
    assert "openid" in query["scope"][0].split()


def test_a_sign_in_yields_the_person_and_groups(idp):
    rp = client(idp)
    aanvraag = rp.aanvraag(REDIRECT)
    terug = aanmelden(aanvraag.url, REDIRECT, "teamleider")
    assert terug["state"] == aanvraag.state
    identiteit = rp.inwisselen(terug["code"], REDIRECT, aanvraag)
    assert identiteit.subject == "teamleider"
    assert identiteit.groepen == ("ijw-teamleiders-0153", "iets-anders")


def test_a_code_is_refused_without_the_right_pkce_verifier(idp):
    rp = client(idp)
    aanvraag = rp.aanvraag(REDIRECT)
    terug = aanmelden(aanvraag.url, REDIRECT, "consulent")
    ander = rp.aanvraag(REDIRECT)
    with pytest.raises(OidcFout, match="weigerde"):
        rp.inwisselen(terug["code"], REDIRECT, ander)


def _id_token(idp: Provider) -> tuple[str, str]:
    """A real ID token of the provider, fetched by hand, with the nonce it was asked with."""
    rp = client(idp)
    aanvraag = rp.aanvraag(REDIRECT)
    terug = aanmelden(aanvraag.url, REDIRECT, "consulent")
    response = httpx.post(
        f"{idp.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": terug["code"],
            "redirect_uri": REDIRECT,
            "code_verifier": aanvraag.code_verifier,
        },
        auth=(CLIENT_ID, CLIENT_SECRET),
    )
    response.raise_for_status()
    return response.json()["id_token"], aanvraag.nonce


def test_a_genuine_id_token_passes(idp):
    token, nonce = _id_token(idp)
    assert client(idp).controleer(token, nonce).subject == "consulent"


def test_a_tampered_id_token_is_refused(idp):
    token, nonce = _id_token(idp)
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["groups"] = ["ijw-teamleiders-0153"]
    vervalst = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(OidcFout, match="handtekening"):
        client(idp).controleer(f"{header}.{vervalst}.{signature}", nonce)


def test_an_expired_id_token_is_refused(idp):
    token, nonce = _id_token(idp)
    later = time.time() + 24 * 3600
    with pytest.raises(OidcFout, match="niet geldig"):
        client(idp, now=later).controleer(token, nonce)


def test_an_id_token_with_another_nonce_is_refused(idp):
    token, _ = _id_token(idp)
    with pytest.raises(OidcFout, match="niet geldig"):
        client(idp).controleer(token, "een-andere-nonce")


def test_an_id_token_for_another_client_is_refused(idp):
    token, nonce = _id_token(idp)
    ander = OidcClient(
        idp.issuer, "een-andere-app", "x", scopes="openid", groepen_claim="groups", timeout=5
    )
    with pytest.raises(OidcFout, match="andere applicatie"):
        ander.controleer(token, nonce)


def test_an_unreachable_provider_is_said_plainly():
    rp = OidcClient(
        "http://127.0.0.1:9",
        CLIENT_ID,
        CLIENT_SECRET,
        scopes="openid",
        groepen_claim="g",
        timeout=1,
    )
    assert rp.bereikbaar() is False
    with pytest.raises(OidcFout, match="niet bereikbaar"):
        rp.aanvraag(REDIRECT)
