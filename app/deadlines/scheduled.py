"""The deadline scan inside `ijw serve`, every `scan_interval_seconds` (0: left to cron)."""

from __future__ import annotations

import asyncio

from anyio import to_thread

from app import logs
from app.clock import date_of
from app.deadlines.scan import scan
from app.services import Services

log = logs.logger("start")


def scan_once(services: Services) -> None:
    """One scan in a transaction of its own; logged when it changed anything."""
    now = services.clock.now()
    with services.sessionmaker.begin() as session:
        result = scan(session, date_of(now), now)
    if result.overdue or result.heropend:
        log.info("deadline scan", extra={"overdue": result.overdue, "heropend": result.heropend})


def periodic_scan(services: Services) -> asyncio.Task | None:
    """Run the deadline scan every `scan_interval_seconds` inside the server (0: none)."""
    seconds = services.settings.scan_interval_seconds
    if seconds <= 0:
        return None

    async def loop() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await to_thread.run_sync(scan_once, services)
            except Exception:
                # A failed scan is retried at the next interval; the server keeps serving.
                log.exception("deadline scan failed")
                services.metrics.interne_fouten.inc()

    return asyncio.get_running_loop().create_task(loop())
