"""Prometheus metrics of one app instance (its own registry, so tests can build many)."""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from app.deadlines.policy import Soort

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
        self.signalen_overdue = Gauge(
            "ijw_signalen_overdue",
            "Overdue signals by kind, counted at scrape time (as the last scan left them).",
            ["soort"],
            registry=self.registry,
        )

    def set_overdue(self, counts: Mapping[str, int] | None) -> None:
        """Set the overdue gauges, every kind included; None (not counted) removes them all."""
        if counts is None:
            self.signalen_overdue.clear()
            return
        for soort in sorted(set(Soort) | set(counts)):
            self.signalen_overdue.labels(soort).set(counts.get(soort, 0))

    def observe(
        self, berichttype: str, uitkomst: str, retourcodes: tuple[str, ...], seconds: float
    ) -> None:
        """Count one answered message."""
        self.berichten.labels(berichttype, uitkomst).inc()
        for code in retourcodes:
            self.afwijzingen.labels(code).inc()
        self.verwerking.labels(berichttype).observe(seconds)

    def exposition(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
