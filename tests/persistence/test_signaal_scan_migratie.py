"""Upgrading to a derived overdue shows every signal as before; a downgrade writes it out."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine, select, text

from app.clock import NL
from app.deadlines.repository import status_van
from app.persistence.database import make_engine
from app.persistence.models import Signaal
from tests.persistence.migreren import migreer

VOOR = "5d2e8f1a7c90"
"""The revision before the scan's watermark: scans wrote `overdue` into each signal."""

TODAY = datetime.now(NL).date()
SIGNALEN = {
    1: (TODAY - timedelta(days=30), "overdue"),  # marked by an earlier scan
    2: (TODAY - timedelta(days=20), "open"),  # opened past due after it: open until the next
    3: (TODAY + timedelta(days=10), "open"),
    4: (TODAY - timedelta(days=60), "met"),
    5: (TODAY + timedelta(days=5), "overdue"),  # marked by a what-if of an older version
}


def _vul(engine: Engine) -> None:
    with engine.begin() as connection:
        for subject, (due, status) in SIGNALEN.items():
            connection.execute(
                text(
                    "INSERT INTO signaal (soort, onderwerp, onderwerp_id, gemeente, aanbieder,"
                    " vanaf_date, due_date, status, te_laat, created_at, changed_at)"
                    " VALUES ('start_zorg', 'toewijzing', :id, '0153', '87654321', :vanaf,"
                    " :due, :status, false, :at, :at)"
                ),
                {
                    "id": subject,
                    "vanaf": TODAY - timedelta(days=90),
                    "due": due,
                    "status": status,
                    "at": "2026-09-01 10:00:00+00:00",
                },
            )


def _stored(engine: Engine) -> dict[int, str]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT onderwerp_id, status FROM signaal")).all())


def test_the_stored_overdue_signals_are_derived_from_the_watermark_after_the_upgrade(
    database_url,
):
    migreer(database_url, VOOR, omlaag=True)
    engine = make_engine(database_url)
    try:
        _vul(engine)
        migreer(database_url, "head")
        with engine.connect() as connection:
            tot = connection.execute(text("SELECT tot FROM signaal_scan")).scalar_one()
            status = status_van(Signaal.status, Signaal.due_date)
            shown = dict(connection.execute(select(Signaal.onderwerp_id, status)).all())
        stored = _stored(engine)
    finally:
        engine.dispose()
    # No open signal turns overdue: the next scan counts signal 2, as it would have marked it.
    assert date.fromisoformat(str(tot)) == TODAY - timedelta(days=20)
    assert shown == {1: "overdue", 2: "open", 3: "open", 4: "met", 5: "open"}
    assert stored == {1: "open", 2: "open", 3: "open", 4: "met", 5: "open"}


def test_a_downgrade_writes_out_the_overdue_the_watermark_implied(database_url):
    engine = make_engine(database_url)
    try:
        _vul(engine)
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO signaal_scan (id, tot, gescand_at) VALUES (1, :tot, :at)"),
                {"tot": TODAY, "at": "2026-11-20 10:00:00+00:00"},
            )
        migreer(database_url, VOOR, omlaag=True)
        try:
            stored = _stored(engine)
        finally:
            # The PostgreSQL schema outlives the test: leave it at head for the others.
            migreer(database_url, "head")
    finally:
        engine.dispose()
    assert stored == {1: "overdue", 2: "overdue", 3: "open", 4: "met", 5: "overdue"}
