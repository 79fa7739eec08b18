"""The delivery backoff is a setting: validated at start-up, used by the dispatcher in serve."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from app.config import Settings, SettingsError, load_settings
from app.main import create_app
from app.outbox.dispatcher import Backoff
from tests.conftest import NOW, SERVED
from tests.keys import aangemeld
from tests.outbox.test_end_to_end import Receiver, free_port, request_jw319, stored


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("IJW_BEZORG_BACKOFF_BASE_SECONDS", "IJW_BEZORG_BACKOFF_MAX_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IJW_GEMEENTEN", "0153")


def test_the_defaults_are_30_seconds_doubling_to_an_hour():
    backoff = Backoff.of(load_settings())
    assert (backoff.base, backoff.cap) == (timedelta(seconds=30), timedelta(hours=1))


def test_the_environment_sets_base_and_cap(monkeypatch):
    monkeypatch.setenv("IJW_BEZORG_BACKOFF_BASE_SECONDS", "0.25")
    monkeypatch.setenv("IJW_BEZORG_BACKOFF_MAX_SECONDS", "2")
    backoff = Backoff.of(load_settings())
    assert [backoff.delay(n, 1.0).total_seconds() for n in (1, 2, 3, 4, 5)] == [
        0.25,
        0.5,
        1.0,
        2.0,
        2.0,
    ]


@pytest.mark.parametrize(
    ("base", "cap", "named"),
    [
        ("0", "3600", "IJW_BEZORG_BACKOFF_BASE_SECONDS"),
        ("-1", "3600", "IJW_BEZORG_BACKOFF_BASE_SECONDS"),
        ("30", "0", "IJW_BEZORG_BACKOFF_MAX_SECONDS"),
        ("soon", "3600", "IJW_BEZORG_BACKOFF_BASE_SECONDS"),
        ("60", "30", "IJW_BEZORG_BACKOFF_MAX_SECONDS must be at least"),
    ],
)
def test_nonsense_stops_start_up_naming_the_variable(monkeypatch, base, cap, named):
    monkeypatch.setenv("IJW_BEZORG_BACKOFF_BASE_SECONDS", base)
    monkeypatch.setenv("IJW_BEZORG_BACKOFF_MAX_SECONDS", cap)
    with pytest.raises(SettingsError, match=named):
        load_settings()


class RunningClock:
    """The test's fixed moment, moving on with real time (backoff waits must pass)."""

    def __init__(self, start: datetime) -> None:
        self.start, self.started = start, time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.started)


def _wait_until(condition, seconds: float) -> float:
    began = time.monotonic()
    while not condition():
        assert time.monotonic() - began < seconds, "not within the time allowed"
        time.sleep(0.05)
    return time.monotonic() - began


def test_a_broker_down_then_up_gets_the_message_within_seconds(database_url):
    receiver = Receiver(free_port())  # nobody listens yet: the broker is down
    settings = Settings(
        database_url=database_url,
        gemeenten=SERVED,
        broker_url=receiver.url,
        bezorg_interval_seconds=1,
        bezorg_timeout_seconds=2,
        bezorg_backoff_base_seconds=0.2,
        bezorg_backoff_max_seconds=0.5,
    )
    app = create_app(settings, clock=RunningClock(NOW))
    try:
        with TestClient(app) as client:
            aangemeld(client)
            entry = request_jw319(client, app, "VOT-1", "R-1")
            _wait_until(lambda: stored(app, entry.id).pogingen >= 2, 10)
            down = stored(app, entry.id)
            assert (down.status, down.laatste_fout) == ("wachtend", "ConnectError")

            receiver.start()
            # the default backoff (30 s doubling) would keep it waiting far longer
            assert _wait_until(lambda: receiver.received, 5) < 3
            _wait_until(lambda: stored(app, entry.id).status == "bezorgd", 2)
            assert receiver.ids() == [entry.bericht_id]
    finally:
        receiver.stop()
