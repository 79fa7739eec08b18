"""An app with scenario rule sets: Twente's and region B's codes and gemeenten filled in.

Served: 0153 Enschede (Twente), 0363 Amsterdam (region B) and 0344 Utrecht (no rule set).
The clock stands at 2026-11-20 09:30 UTC (10:30 in the Netherlands).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.keys import aangemeld

RULESETS = Path(__file__).parent / "rulesets"
TWENTE, REGIO_B, ZONDER = "0153", "0363", "0344"
SERVED = (TWENTE, REGIO_B, ZONDER)


@pytest.fixture
def zonder_regelset() -> str:
    """Outcome for a served gemeente in no rule set; override with parametrize."""
    return "onderzoek"


@pytest.fixture
def settings(database_url, zonder_regelset):
    return Settings(
        database_url=database_url,
        gemeenten=SERVED,
        ruleset_dir=RULESETS,
        zonder_regelset=zonder_regelset,
    )


@pytest.fixture
def app(settings, clock):
    return create_app(settings, clock=clock)


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        aangemeld(test_client)
        yield test_client
