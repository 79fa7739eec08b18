"""The relying party: discovery, the authorization request with PKCE, the checked ID token."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import httpx
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, KeySetSerialization

_METADATA_SECONDS = 3600
_PEIL_SECONDS = 30
_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")


class OidcFout(Exception):
    """The identity provider or its answer cannot be trusted; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class Aanvraag:
    """One authorization request: where the browser goes, and what the callback must match."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True, slots=True)
class Identiteit:
    """Who the identity provider says signed in, from a checked ID token."""

    subject: str
    naam: str
    groepen: tuple[str, ...]


class OidcClient:
    """Talks to one issuer as one confidential client."""

    def __init__(
        self,
        issuer: str,
        client_id: str,
        client_secret: str,
        *,
        scopes: str,
        groepen_claim: str,
        timeout: float,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self._client_id = client_id
        self._client_secret = client_secret
        self._scopes = scopes
        self._groepen_claim = groepen_claim
        self._timeout = timeout
        self._now = now
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None
        self._bereikbaar = False
        self._bereikbaar_at = 0.0

    def metadata(self) -> dict[str, Any]:
        """The issuer's discovery document, fetched at most once an hour."""
        with self._lock:
            if self._metadata is None or self._now() - self._metadata_at > _METADATA_SECONDS:
                document = self._get(f"{self.issuer}/.well-known/openid-configuration")
                if document.get("issuer", "").rstrip("/") != self.issuer:
                    raise OidcFout("de identity provider noemt een andere issuer")
                self._metadata, self._metadata_at, self._keys = document, self._now(), None
            return self._metadata

    def bereikbaar(self) -> bool:
        """Whether the issuer's discovery document answered; asked at most every 30 s."""
        with self._lock:
            if self._bereikbaar_at and self._now() - self._bereikbaar_at < _PEIL_SECONDS:
                return self._bereikbaar
        try:
            self._get(f"{self.issuer}/.well-known/openid-configuration")
            antwoordt = True
        except OidcFout:
            antwoordt = False
        with self._lock:
            self._bereikbaar, self._bereikbaar_at = antwoordt, self._now()
        return antwoordt

    def aanvraag(self, redirect_uri: str) -> Aanvraag:
        """A fresh authorization request with state, nonce and an S256 PKCE challenge."""
        state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        code_verifier = generate_token(64)
        with self._oauth(redirect_uri) as oauth:
            url, _ = oauth.create_authorization_url(
                self.metadata()["authorization_endpoint"],
                state=state,
                nonce=nonce,
                code_verifier=code_verifier,
            )
        return Aanvraag(url=url, state=state, nonce=nonce, code_verifier=code_verifier)

    def inwisselen(self, code: str, redirect_uri: str, aanvraag: Aanvraag) -> Identiteit:
        """Exchange the code (with the PKCE verifier) and check the ID token it returns."""
        with self._oauth(redirect_uri) as oauth:
            try:
                token = oauth.fetch_token(
                    self.metadata()["token_endpoint"],
                    code=code,
                    code_verifier=aanvraag.code_verifier,
                )
            except (httpx.HTTPError, OAuthError, ValueError) as fout:
                raise OidcFout("de identity provider weigerde de aanmeldcode") from fout
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise OidcFout("de identity provider gaf geen ID-token")
        return self.controleer(id_token, aanvraag.nonce)

    def controleer(self, id_token: str, nonce: str) -> Identiteit:
        """Check the ID token's signature (issuer's JWKS), issuer, audience, expiry and nonce."""
        try:
            decoded = jwt.decode(id_token, self._sleutels(id_token), algorithms=_ALGORITHMS)
        except (JoseError, ValueError) as fout:
            raise OidcFout("de handtekening van het ID-token klopt niet") from fout
        claims = decoded.claims
        registry = jwt.JWTClaimsRegistry(
            now=lambda: int(self._now()),
            leeway=60,
            iss={"essential": True, "value": self.metadata()["issuer"]},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(claims)
        except JoseError as fout:
            raise OidcFout(f"het ID-token is niet geldig ({fout.error})") from fout
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self._client_id not in audiences:
            raise OidcFout("het ID-token is voor een andere applicatie")
        if len(audiences) > 1 and claims.get("azp") != self._client_id:
            raise OidcFout("het ID-token is voor een andere applicatie")
        groepen = claims.get(self._groepen_claim) or []
        if isinstance(groepen, str):
            groepen = [groepen]
        naam = claims.get("preferred_username") or claims.get("name") or claims["sub"]
        return Identiteit(
            subject=str(claims["sub"]),
            naam=str(naam),
            groepen=tuple(str(groep) for groep in groepen),
        )

    def _sleutels(self, id_token: str) -> KeySet:
        """The issuer's signing keys; fetched again once for a key id not seen before."""
        try:
            kid = jws.extract_compact(id_token.encode("ascii")).headers().get("kid")
        except (JoseError, ValueError, UnicodeEncodeError) as fout:
            raise OidcFout("het ID-token is onleesbaar") from fout
        with self._lock:
            keys = self._keys
        if keys is None or (kid is not None and not _has_kid(keys, kid)):
            document = self._get(self.metadata()["jwks_uri"])
            try:
                keys = KeySet.import_key_set(cast(KeySetSerialization, document))
            except (JoseError, ValueError, KeyError) as fout:
                raise OidcFout("de sleutels van de identity provider zijn onleesbaar") from fout
            with self._lock:
                self._keys = keys
        return keys

    def _oauth(self, redirect_uri: str) -> OAuth2Client:
        return OAuth2Client(
            client_id=self._client_id,
            client_secret=self._client_secret,
            scope=self._scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",
            timeout=self._timeout,
        )

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = httpx.get(url, timeout=self._timeout)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as fout:
            raise OidcFout("de identity provider is niet bereikbaar") from fout
        if not isinstance(document, dict):
            raise OidcFout("de identity provider gaf een onleesbaar antwoord")
        return document


def _has_kid(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys.keys)
