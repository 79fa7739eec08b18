"""The BRP retry loop inside `ijw serve`: waiting clients are asked again with backoff."""

from __future__ import annotations

import asyncio

from anyio import to_thread

from app import logs
from app.services import Services

log = logs.logger("brp")


def herhaal_once(services: Services) -> int:
    """One round: ask the BRP again for each client whose next try is due; JW301s sent."""
    brp = services.brp
    if brp is None:
        return 0
    now = services.clock.now()
    with services.unit_of_work().begin() as session:
        due = brp.te_herhalen(session, now)
    sent = 0
    for gemeente, bsn in due:
        # One transaction per client: a failure leaves the others' JW301s sent.
        with services.unit_of_work().begin() as session:
            opvraging = brp.haal_op(
                session, gemeente, bsn, waarom="herhaalde bevraging", herhaling=True
            )
            if opvraging.gevonden:
                sent += len(services.verzoeken.geef_vrij(session, gemeente, bsn, now))
    if due:
        log.info("BRP retry round", extra={"gevraagd": len(due), "verzonden": sent})
    return sent


def periodic_brp(services: Services) -> asyncio.Task | None:
    """Retry the BRP every `brp_retry_interval_seconds` (None: no BRP, or 0 seconds)."""
    seconds = services.settings.brp_retry_interval_seconds
    if services.brp is None or seconds <= 0:
        return None

    async def loop() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await to_thread.run_sync(herhaal_once, services)
            except Exception:
                # The next round carries on; the clients stay due.
                log.exception("BRP retry round failed")
                services.metrics.interne_fouten.inc()

    return asyncio.get_running_loop().create_task(loop())
