"""Prometheus metrics of one app instance (its own registry, so tests can build many).

Under `ijw serve --workers N` every worker counts in files of its own in
PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode, chosen when the library is
imported), and a scrape answered by any worker adds up the files of all of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from app.deadlines.policy import Soort

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
"""Where the workers of one `ijw serve` keep their counts (set by serve before they start)."""

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """Messages by type and outcome, rejects by retourcode, processing time, overdue signals."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.berichten = Counter(
            "ijw_berichten",
            "Posted messages by message type and outcome.",
            ["berichttype", "uitkomst"],
            registry=self.registry,
        )
        self.afwijzingen = Counter(
            "ijw_afwijzingen",
            "Rejected messages by retourcode (one count per code per message).",
            ["retourcode"],
            registry=self.registry,
        )
        self.verwerking = Histogram(
            "ijw_verwerking_seconds",
            "Time to answer a posted message, by message type.",
            ["berichttype"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.interne_fouten = Counter(
            "ijw_interne_fouten",
            "Messages that failed on our side (including built messages failing their XSD).",
            registry=self.registry,
        )
        self.toegang_geweigerd = Counter(
            "ijw_toegang_geweigerd",
            "Requests refused for their API key: unauthorized, forbidden-role, forbidden-scope.",
            ["reden"],
            registry=self.registry,
        )
        self.brp_bevragingen = Counter(
            "ijw_brp_bevragingen",
            "Calls to the BRP by outcome: gevonden, leeg (client not known there), fout.",
            ["uitkomst"],
            registry=self.registry,
        )
        self.brp_latency = Histogram(
            "ijw_brp_seconds",
            "Time a BRP call took, answered or not.",
            buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
            registry=self.registry,
        )
        self.brp_fouten = Counter(
            "ijw_brp_fouten",
            "Failed BRP calls by kind: timeout, verbinding, http_5xx, niet_geauthenticeerd, ...",
            ["soort"],
            registry=self.registry,
        )
        self.multiproc_dir = os.environ.get(MULTIPROC_DIR) or None

    def observe(
        self, berichttype: str, uitkomst: str, retourcodes: tuple[str, ...], seconds: float
    ) -> None:
        """Count one answered message."""
        self.berichten.labels(berichttype, uitkomst).inc()
        for code in retourcodes:
            self.afwijzingen.labels(code).inc()
        self.verwerking.labels(berichttype).observe(seconds)

    def exposition(self, overdue: Mapping[str, int] | None) -> bytes:
        """The text exposition format, with the overdue counts (None: not counted, left out)."""
        registry = CollectorRegistry()
        if self.multiproc_dir is None:
            registry.register(_Registered(self.registry))
        else:
            multiprocess.MultiProcessCollector(registry, path=self.multiproc_dir)
        if overdue is not None:
            registry.register(_Overdue(overdue))
        return generate_latest(registry)

    def close(self) -> None:
        """On a worker's exit: its live gauges leave the shared folder; its counts stay."""
        if self.multiproc_dir is not None:
            multiprocess.mark_process_dead(os.getpid(), self.multiproc_dir)


class _Registered(Collector):
    """The metrics of this process's own registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterable[Metric]:
        return self.registry.collect()


class _Overdue(Collector):
    """Overdue signals by kind: a count the database holds, read at scrape time, not kept."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(
            "ijw_signalen_overdue",
            "Overdue signals by kind, counted at scrape time (as the last scan left them).",
            labels=["soort"],
        )
        for soort in sorted(set(Soort) | set(self.counts)):
            family.add_metric([soort], self.counts.get(soort, 0))
        yield family
