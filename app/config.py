"""Typed settings from the environment (prefix IJW_); nonsense stops start-up."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.decisions.beslissing import Uitkomst
from app.decisions.ruleset import load_rule_sets
from app.declaraties.tarieven import load_tarieven
from app.ijw.gemeenten import load_gemeenten
from app.ijw.parser import DEFAULT_MAX_BYTES

DEFAULT_DATABASE_URL = "sqlite:///var/ijw.db"
"""Relative to the working directory at start: resolved once to an absolute path."""
SQLITE_PREFIX = "sqlite:///"
_GEMEENTECODE = re.compile(r"^[0-9]{4}$")


class OidcGroep(BaseModel):
    """What one identity-provider group grants in the werkplek."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rol: Literal["medewerker", "teamleider", "beheerder"]
    gemeenten: tuple[str, ...] = Field(min_length=1)

    @field_validator("gemeenten")
    @classmethod
    def _cbs_codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        for code in codes:
            if not _GEMEENTECODE.match(code):
                raise ValueError(f"{code!r} is not a 4-digit CBS gemeentecode")
        return codes


class Settings(BaseSettings):
    """Everything an operator sets for one deployment."""

    model_config = SettingsConfigDict(
        env_prefix="IJW_", env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL; the default is an SQLite file under ./var, migrated on start;"
        " a relative SQLite path is made absolute against the working directory.",
    )
    gemeenten: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="CBS codes of the gemeenten this deployment serves, comma-separated."
    )
    max_body_bytes: int = Field(
        DEFAULT_MAX_BYTES, gt=0, le=DEFAULT_MAX_BYTES, description="Largest accepted body."
    )
    productcodes_file: Path | None = Field(
        None, description="CSV product code list (categorie,code); enables check S329."
    )
    tarieven_file: Path | None = Field(
        None, description="CSV contract tariffs (categorie,code,eenheid,tarief); enables 0611."
    )
    ruleset_dir: Path | None = Field(
        None, description="Folder of regional rule sets (*.toml); default: the bundled ones."
    )
    zonder_regelset: Uitkomst = Field(
        Uitkomst.ONDERZOEK,
        description="Outcome for a request to a served gemeente that is in no rule set.",
    )
    start_signaal_werkdagen: int = Field(
        5,
        ge=1,
        le=250,
        description="Working days after a toewijzing's Ingangsdatum without a JW305: a signal.",
    )
    scan_interval_seconds: int = Field(
        900,
        ge=0,
        le=86_400,
        description="Seconds between deadline scans in `ijw serve`; 0: only `ijw deadlines scan`.",
    )
    broker_url: str | None = Field(
        None,
        description="http(s) URL the outbox is POSTed to; unset: brokers fetch GET /outbox.",
    )
    # IJW_BEZORG_*: the outbox dispatcher's settings (bezorging: delivery to the broker).
    bezorg_max_pogingen: int = Field(
        8,
        ge=1,
        le=100,
        description="Attempts to send an outbox message before it is dead-lettered.",
    )
    bezorg_interval_seconds: int = Field(
        5,
        ge=0,
        le=3600,
        description="Seconds between dispatch rounds in `ijw serve`; 0: `ijw outbox dispatch`.",
    )
    bezorg_timeout_seconds: float = Field(
        10, gt=0, le=300, description="Timeout of each connect, write and read to the broker."
    )
    bezorg_backoff_base_seconds: float = Field(
        30, gt=0, le=86_400, description="Wait after a first failed delivery; doubles per failure."
    )
    bezorg_backoff_max_seconds: float = Field(
        3600, gt=0, le=7 * 86_400, description="Longest wait between two delivery attempts."
    )
    werkplek_sessie_minuten: int = Field(
        30,
        ge=1,
        le=24 * 60,
        description="Minutes a werkplek session stays valid without a request; then the person "
        "signs in again.",
    )
    key_cache_seconds: int = Field(
        30,
        ge=0,
        le=3600,
        description="Seconds a valid API key is remembered; a revoked key works at most this long.",
    )
    audit_secret: SecretStr | None = Field(
        None,
        description="Key of the BSN hashes in the audit log (32+ characters); unset: one is"
        " generated and kept in the database, beside the hashes it protects.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    port: int = Field(8000, ge=1, le=65535, description="TCP port of `ijw serve` without --port.")
    log_format: Literal["auto", "json", "text"] = Field(
        "auto", description="Log lines as JSON, as text, or text only when stderr is a terminal."
    )
    threads: int = Field(
        8, ge=1, le=64, description="Worker threads (and database connections) per process."
    )
    werkdag_goede_vrijdag: bool = Field(
        True, description="Goede Vrijdag is a holiday when counting working days for deadlines."
    )
    werkdag_bevrijdingsdag: Literal["altijd", "lustrum", "nooit"] = Field(
        "lustrum",
        description="5 May is a holiday every year, in lustrum years (2025, 2030, ...) or never.",
    )
    werkdag_ontvangstdag_telt: bool = Field(
        False, description="The day of receipt counts as working day 1 instead of day 0."
    )
    oidc_issuer: str | None = Field(
        None, description="Issuer URL of the gemeente's OpenID Connect provider: enables sign-in."
    )
    oidc_client_id: str | None = Field(None, description="Our client id at that provider.")
    oidc_client_secret: SecretStr | None = Field(
        None, description="Our client secret at that provider."
    )
    oidc_scopes: str = Field(
        "openid profile groups", description="Scopes asked for; must include openid."
    )
    oidc_groepen_claim: str = Field(
        "groups", description="ID-token claim that lists the person's groups or roles."
    )
    oidc_groepen: dict[str, OidcGroep] = Field(
        default_factory=dict,
        description='JSON: group -> {"rol": ..., "gemeenten": [...]}; unmapped groups grant'
        " nothing; with several groups the highest role and all their gemeenten count.",
    )
    oidc_timeout_seconds: float = Field(
        10.0, gt=0, le=60, description="Timeout of each call to the identity provider."
    )
    werkplek_lokale_accounts: bool = Field(
        True,
        description="Werkplek accounts with a password of ours (`ijw gebruikers`) may sign in.",
    )

    brp_url: str | None = Field(
        None,
        description="Base URL of the BRP Personen Bevragen API v2 (its /personen is POSTed to);"
        " unset: client data only through PUT /clientgegevens.",
    )
    brp_api_key_header: str = Field(
        "X-API-Key", min_length=1, max_length=100, description="Header the BRP API key goes in."
    )
    brp_api_key: SecretStr | None = Field(None, description="API key of the BRP gateway.")
    brp_token_url: str | None = Field(
        None, description="OAuth2 token URL (client credentials) of the BRP gateway."
    )
    brp_client_id: str | None = Field(None, description="OAuth2 client id at the BRP gateway.")
    brp_client_secret: SecretStr | None = Field(
        None, description="OAuth2 client secret at the BRP gateway."
    )
    brp_scope: str | None = Field(
        None, description="OAuth2 scope to ask for, if the gateway needs one."
    )
    brp_client_cert: Path | None = Field(
        None, description="PEM client certificate for mutual TLS with the BRP gateway."
    )
    brp_client_key: Path | None = Field(
        None, description="PEM private key of the client certificate (mutual TLS)."
    )
    brp_timeout_seconds: float = Field(
        5, gt=0, le=60, description="Timeout of each connect and read to the BRP."
    )
    brp_retry_interval_seconds: int = Field(
        60,
        ge=0,
        le=3600,
        description="Seconds between rounds that retry waiting clients at the BRP in `ijw serve`.",
    )
    brp_backoff_base_seconds: float = Field(
        60, gt=0, le=86_400, description="Wait after a first failed BRP call; doubles per failure."
    )
    brp_backoff_max_seconds: float = Field(
        3600, gt=0, le=7 * 86_400, description="Longest wait between two BRP calls for a client."
    )

    @model_validator(mode="after")
    def _brp_credentials_complete(self) -> Settings:
        if self.brp_token_url and not (self.brp_client_id and self.brp_client_secret):
            raise ValueError("IJW_BRP_TOKEN_URL needs IJW_BRP_CLIENT_ID and IJW_BRP_CLIENT_SECRET")
        if (self.brp_client_cert is None) != (self.brp_client_key is None):
            raise ValueError("IJW_BRP_CLIENT_CERT and IJW_BRP_CLIENT_KEY go together")
        return self

    @model_validator(mode="after")
    def _backoff_cap_not_below_base(self) -> Settings:
        if self.bezorg_backoff_max_seconds < self.bezorg_backoff_base_seconds:
            raise ValueError(
                "IJW_BEZORG_BACKOFF_MAX_SECONDS must be at least IJW_BEZORG_BACKOFF_BASE_SECONDS"
            )
        return self

    @model_validator(mode="after")
    def _oidc_complete(self) -> Settings:
        if self.oidc_issuer and not (self.oidc_client_id and self.oidc_client_secret):
            raise ValueError(
                "IJW_OIDC_ISSUER needs IJW_OIDC_CLIENT_ID and IJW_OIDC_CLIENT_SECRET as well"
            )
        if self.oidc_issuer and "openid" not in self.oidc_scopes.split():
            raise ValueError("IJW_OIDC_SCOPES must include openid")
        if not self.werkplek_lokale_accounts and not self.oidc_issuer:
            raise ValueError(
                "IJW_WERKPLEK_LOKALE_ACCOUNTS=false needs IJW_OIDC_ISSUER: nobody could sign in"
            )
        return self

    @field_validator("oidc_issuer")
    @classmethod
    def _issuer_url(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        parsed = urlsplit(url.strip())
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError("use the issuer's https:// URL")
        return url.strip().rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ValueError("use an sqlite:/// or postgresql+psycopg:// URL")
        return _absolute_sqlite(url)

    @field_validator("broker_url", "brp_url", "brp_token_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is None or not url.strip():
            return None
        parsed = urlsplit(url.strip())
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError("use an http:// or https:// URL with a host")
        return url.strip()

    @field_validator("audit_secret", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("audit_secret")
    @classmethod
    def _long_secret(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None and len(secret.get_secret_value()) < 32:
            # 10^8 valid BSNs are hashed in minutes: only a long secret keeps them unguessable.
            raise ValueError("use at least 32 random characters, e.g. `openssl rand -hex 32`")
        return secret

    @field_validator("gemeenten", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(code.strip() for code in value.split(",") if code.strip())
        return value

    @field_validator("gemeenten")
    @classmethod
    def _cbs_codes(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        if not codes:
            raise ValueError("name the CBS codes this deployment serves, e.g. IJW_GEMEENTEN=0153")
        lijst = load_gemeenten()
        for code in codes:
            if not _GEMEENTECODE.match(code):
                raise ValueError(f"{code!r} is not a 4-digit CBS gemeentecode")
            if not lijst.bekend(code):
                raise ValueError(f"{code} is not in the CBS gemeente list")
        return codes

    @field_validator("productcodes_file", "tarieven_file")
    @classmethod
    def _readable_file(cls, path: Path | None) -> Path | None:
        if path is not None and not path.is_file():
            raise ValueError(f"{path} is not a readable file")
        return path

    @field_validator("tarieven_file")
    @classmethod
    def _valid_tarieven(cls, path: Path | None) -> Path | None:
        if path is not None:
            load_tarieven(path)  # a ValueError names file and line
        return path

    @field_validator("ruleset_dir")
    @classmethod
    def _valid_rule_sets(cls, folder: Path | None) -> Path | None:
        if folder is not None:
            if not folder.is_dir():
                raise ValueError(f"{folder} is not a folder")
            load_rule_sets(folder)  # a RuleSetError (a ValueError) names file and key
        return folder

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def sqlite_path(self) -> Path | None:
        """The database file of an SQLite URL (None for other databases or in-memory)."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and self.database_url != prefix + ":memory:":
            return Path(self.database_url[len(prefix) :])
        return None


def _absolute_sqlite(url: str) -> str:
    """An SQLite URL with an absolute path, so every command and worker opens the same file."""
    if not url.startswith(SQLITE_PREFIX):
        return url
    path, _, query = url[len(SQLITE_PREFIX) :].partition("?")
    if not path or path == ":memory:" or Path(path).is_absolute():
        return url
    return SQLITE_PREFIX + str(Path(path).resolve()) + (f"?{query}" if query else "")


class SettingsError(Exception):
    """The environment holds settings the service cannot run with."""


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning validation errors into one readable message."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        lines = [
            f"IJW_{'_'.join(str(part) for part in problem['loc']).upper()}: {problem['msg']}"
            if problem["loc"]
            else problem["msg"].removeprefix("Value error, ")  # names its variables itself
            for problem in error.errors()
        ]
        raise SettingsError("invalid settings:\n  " + "\n  ".join(lines)) from None
