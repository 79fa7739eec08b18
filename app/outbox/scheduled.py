"""The dispatch loop inside `ijw serve`, when a broker URL is configured."""

from __future__ import annotations

import asyncio
from contextlib import AbstractContextManager
from typing import Protocol

from anyio import to_thread
from sqlalchemy.orm import Session, sessionmaker

from app import logs
from app.clock import Clock
from app.config import Settings
from app.metrics import Metrics

log = logs.logger("bezorging")


class DispatchServices(Protocol):
    """What the loop takes from the app's services."""

    @property
    def settings(self) -> Settings: ...  # noqa: D102
    @property
    def sessionmaker(self) -> sessionmaker[Session]: ...  # noqa: D102
    @property
    def clock(self) -> Clock: ...  # noqa: D102
    @property
    def metrics(self) -> Metrics: ...  # noqa: D102
    @property
    def transaction_lock(self) -> AbstractContextManager: ...  # noqa: D102


def periodic_dispatch(services: DispatchServices) -> asyncio.Task | None:
    """Dispatch the outbox every `bezorg_interval_seconds` (None: no broker URL, or 0 seconds)."""
    settings = services.settings
    seconds = settings.bezorg_interval_seconds
    if settings.broker_url is None or seconds <= 0:
        return None
    from app.outbox.dispatcher import Backoff, Dispatcher, make_client

    client = make_client(settings.bezorg_timeout_seconds)
    dispatcher = Dispatcher(
        services.sessionmaker,
        client,
        services.clock,
        broker_url=settings.broker_url,
        max_pogingen=settings.bezorg_max_pogingen,
        timeout=settings.bezorg_timeout_seconds,
        backoff=Backoff.of(settings),
        lock=services.transaction_lock,
    )

    async def loop() -> None:
        try:
            while True:
                await asyncio.sleep(seconds)
                try:
                    await to_thread.run_sync(dispatcher.dispatch_once)
                except Exception:
                    # Leased messages become due again; the next round carries on.
                    log.exception("dispatch round failed")
                    services.metrics.interne_fouten.inc()
        finally:
            client.close()

    return asyncio.get_running_loop().create_task(loop())
