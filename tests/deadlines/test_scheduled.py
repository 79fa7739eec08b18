"""The deadline scan inside `ijw serve`: one round marks what is overdue; 0 seconds runs none."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.config import Settings
from app.deadlines.repository import open_signaal, status_van
from app.deadlines.scheduled import periodic_scan, scan_once
from app.main import create_app
from app.persistence.models import Signaal


def test_one_round_marks_a_signal_past_its_due_date_overdue(app, client):
    services = app.state.services
    with services.sessionmaker.begin() as session:
        open_signaal(
            session,
            "start_zorg",
            "toewijzing",
            1,
            gemeente="0153",
            aanbieder="87654321",
            due=date(2026, 11, 18),
            now=services.clock.now(),
        )
    scan_once(services)
    with services.sessionmaker() as session:
        status = status_van(Signaal.status, Signaal.due_date)
        assert session.scalars(select(status)).all() == ["overdue"]


def test_no_loop_when_the_interval_is_zero(database_url, clock):
    settings = Settings(database_url=database_url, gemeenten=("0153",), scan_interval_seconds=0)
    app = create_app(settings, clock=clock)
    with TestClient(app):
        assert periodic_scan(app.state.services) is None
