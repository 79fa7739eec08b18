"""The dispatcher: POSTs each owed outbox message to the broker, at least once, with backoff.

State lives in the `outbox` row, so a restart loses nothing. A message is leased (its
`volgende_poging_at` pushed past the attempt) in a short transaction before the HTTP call and
the outcome recorded in another after it: no lock or transaction is held while the network
is slow, a concurrent dispatcher skips a leased message, and one whose dispatcher died is due
again once the lease runs out. The broker may see a message twice after such a crash; the
`X-Bericht-Id` header lets it tell.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import httpx
from sqlalchemy.orm import Session, sessionmaker

from app import logs
from app.clock import Clock
from app.outbox import repository
from app.outbox.repository import DOOD, Zending

if TYPE_CHECKING:
    from app.config import Settings

log = logs.logger("bezorging")

CONTENT_TYPE = "application/xml"
BERICHT_ID_HEADER = "X-Bericht-Id"
"""Our id of the message: the same on every attempt, so a broker can drop a repeat."""

_TIMEOUT_PHASES = 4
"""httpx applies its timeout per phase (pool, connect, write, read): the bound of one attempt."""
_LEASE_MARGIN = timedelta(seconds=30)
_UITKOMST = {repository.WACHTEND: "opnieuw", DOOD: "dood"}
"""A failed attempt in the log: tried again later, given up, or (None) overtaken by an ack."""


@dataclass(frozen=True, slots=True)
class Backoff:
    """Exponential backoff: `base` after the first failure, doubling, never above `cap`."""

    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=1)

    @classmethod
    def of(cls, settings: Settings) -> Backoff:
        """The backoff the settings ask for."""
        return cls(
            base=timedelta(seconds=settings.bezorg_backoff_base_seconds),
            cap=timedelta(seconds=settings.bezorg_backoff_max_seconds),
        )

    def delay(self, pogingen: int, jitter: float) -> timedelta:
        """The wait after `pogingen` failed attempts (1 or more), scaled by `jitter`."""
        return min(self.cap, self.base * 2 ** max(pogingen - 1, 0)) * jitter


def equal_jitter(rng: random.Random | None = None) -> Callable[[], float]:
    """A factor in [0.5, 1): spreads retries of many messages, never shortens one by half."""
    source = rng or random.Random()
    return lambda: 0.5 + source.random() / 2


@dataclass(frozen=True, slots=True)
class Uitkomst:
    """One attempt's outcome: delivered, or why not (an HTTP status or exception class)."""

    ok: bool
    fout: str | None = None
    http_status: int | None = None
    retry_after: timedelta | None = None


@dataclass(slots=True)
class Ronde:
    """What one dispatch round did."""

    bezorgd: int = 0
    mislukt: int = 0
    dood: int = 0

    @property
    def pogingen(self) -> int:
        """Attempts made in the round."""
        return self.bezorgd + self.mislukt + self.dood


def make_client(timeout: float) -> httpx.Client:
    """The HTTP client for the broker: the timeout per phase, no redirects followed."""
    return httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False)


class Dispatcher:
    """Sends due outbox messages to one broker URL and records each attempt."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        client: httpx.Client,
        clock: Clock,
        *,
        broker_url: str,
        max_pogingen: int = 8,
        timeout: float = 10.0,
        backoff: Backoff = Backoff(),
        jitter: Callable[[], float] | None = None,
        batch: int = 10,
        lock: AbstractContextManager | None = None,
    ) -> None:
        self.sessions = sessions
        self.client = client
        self.clock = clock
        self.broker_url = broker_url
        self.max_pogingen = max_pogingen
        self.backoff = backoff
        self.jitter = jitter or equal_jitter()
        self.batch = batch
        # A batch is sent one message after another: the lease covers them all.
        self.lease = batch * _TIMEOUT_PHASES * timedelta(seconds=timeout) + _LEASE_MARGIN
        # SQLite serialises writers; the server queues them on this lock rather than busy-wait.
        self.lock = lock if lock is not None else nullcontext()

    def dispatch_once(self) -> Ronde:
        """Send every message due now, batch by batch, until none is left."""
        ronde = Ronde()
        while zendingen := self._claim():
            for zending in zendingen:
                self._attempt(zending, ronde)
        return ronde

    def _claim(self) -> list[Zending]:
        now = self.clock.now()
        with self.lock, self.sessions.begin() as session:
            return repository.claim(session, now, now + self.lease, self.batch)

    def _attempt(self, zending: Zending, ronde: Ronde) -> None:
        started = time.monotonic()
        uitkomst = self.send(zending)
        duur_ms = round((time.monotonic() - started) * 1000)
        now = self.clock.now()
        status: str | None
        with self.lock, self.sessions.begin() as session:
            if uitkomst.ok:
                repository.delivered(session, zending, now)
                status, next_at = repository.BEZORGD, None
            else:
                next_at = self.next_attempt(zending.pogingen + 1, now, uitkomst.retry_after)
                status = repository.failed(
                    session,
                    zending,
                    fout=uitkomst.fout or "unknown",
                    now=now,
                    next_at=next_at,
                    max_pogingen=self.max_pogingen,
                )
        if status == repository.BEZORGD:
            ronde.bezorgd += 1
        elif status == DOOD:
            ronde.dood += 1
        else:
            ronde.mislukt += 1
        self._log(zending, uitkomst, status, next_at, duur_ms)

    def send(self, zending: Zending) -> Uitkomst:
        """POST the stored XML bytes; any 2xx is delivery, anything else a failed attempt."""
        try:
            response = self.client.post(
                self.broker_url,
                content=zending.xml,
                headers={"Content-Type": CONTENT_TYPE, BERICHT_ID_HEADER: str(zending.bericht_id)},
            )
        except Exception as error:
            # The class only: an exception's text may echo the request or the broker's reply.
            return Uitkomst(ok=False, fout=type(error).__name__)
        if response.is_success:
            return Uitkomst(ok=True, http_status=response.status_code)
        return Uitkomst(
            ok=False,
            fout=f"HTTP {response.status_code}",
            http_status=response.status_code,
            retry_after=_retry_after(response),
        )

    def next_attempt(
        self, pogingen: int, now: datetime, retry_after: timedelta | None = None
    ) -> datetime:
        """When to try again after `pogingen` failures; a broker's Retry-After may push it out."""
        delay = self.backoff.delay(pogingen, self.jitter())
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.backoff.cap))
        return now + delay

    def _log(
        self,
        zending: Zending,
        uitkomst: Uitkomst,
        status: str | None,
        next_at: datetime | None,
        duur_ms: int,
    ) -> None:
        """One line per attempt: ids, type, outcome; never content or a BSN."""
        extra = {
            "outbox_id": zending.outbox_id,
            "bericht_id": zending.bericht_id,
            "type": zending.type,
            "poging": zending.pogingen + 1,
            "uitkomst": "bezorgd"
            if uitkomst.ok
            else (_UITKOMST.get(status, "verouderd") if status is not None else "verouderd"),
            "http_status": uitkomst.http_status,
            "fout": uitkomst.fout,
            "duur_ms": duur_ms,
        }
        if uitkomst.ok:
            log.info("delivered", extra=extra)
        elif status == DOOD:
            log.error("dead-lettered", extra=extra)
        else:
            if next_at is not None and status is not None:
                extra["volgende_poging_at"] = next_at.isoformat()
            log.warning("delivery failed", extra=extra)


def _retry_after(response: httpx.Response) -> timedelta | None:
    """A Retry-After in seconds (the date form is rare from brokers and ignored)."""
    value = response.headers.get("Retry-After", "")
    return timedelta(seconds=int(value)) if value.isdigit() else None
