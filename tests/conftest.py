"""Shared fixtures: databases, a fixed clock, settings and a running app."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from app.clock import FixedClock
from app.config import Settings
from app.gebruikers import service as gebruikers
from app.main import create_app
from tests import database
from tests.keys import aangemeld

SERVED = ("0153", "0164", "0363")
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def pytest_report_header(config) -> str:
    """Which databases this run covers, and why PostgreSQL is left out when it is."""
    base = database.postgres_base_url()
    if base is None:
        return f"ijw databases: sqlite only ({database.PG_ENV} is not set)"
    shown = make_url(base).render_as_string(hide_password=True)
    return f"ijw databases: sqlite, postgresql ({shown})"


@pytest.fixture(autouse=True)
def _no_dotenv(monkeypatch):
    """A developer's .env must not reach the tests' settings (subprocesses run elsewhere)."""
    monkeypatch.setitem(Settings.model_config, "env_file", None)


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    """Argon2id at its lowest cost: the same code paths in milliseconds instead of a second."""
    monkeypatch.setattr(
        gebruikers, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    return database.migrated_sqlite(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_url():
    base = database.postgres_base_url()
    if base is None:
        pytest.skip(f"{database.PG_ENV} is not set")
    schema = f"ijw_test_{os.getpid()}"
    url = database.postgres_schema(base, schema)
    yield url
    database.drop_schema(base, schema)


@pytest.fixture(params=database.databases())
def database_url(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        return database.sqlite_copy(sqlite_template, tmp_path)
    url = request.getfixturevalue("postgres_url")
    database.truncate(url)
    return url


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def settings(database_url):
    return Settings(database_url=database_url, gemeenten=SERVED)


@pytest.fixture
def app(settings, clock):
    return create_app(settings, clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        aangemeld(test_client)
        yield test_client
