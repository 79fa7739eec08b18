"""An app whose clock the deadline tests move, with the scenario rule sets.

Served: 0153 Enschede (Twente, region A), 0363 Amsterdam (region B) and 0344 Utrecht (no rule
set: every request goes to onderzoek). The clock starts at Friday 2026-11-20 09:30 UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from app.clock import FixedClock
from app.config import Settings
from app.main import create_app
from tests.decisions.scenarios.conftest import RULESETS, SERVED
from tests.keys import aangemeld

START = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def clock():
    """A clock the test moves by setting `.moment`."""
    return FixedClock(START)


@pytest.fixture
def settings(database_url):
    return Settings(
        database_url=database_url,
        gemeenten=SERVED,
        ruleset_dir=RULESETS,
        zonder_regelset="onderzoek",
    )


@pytest.fixture
def app(settings, clock):
    return create_app(settings, clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        aangemeld(test_client)
        yield test_client
