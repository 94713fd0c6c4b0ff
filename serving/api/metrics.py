"""Prometheus metrics, one registry per app (several apps in one process must not clash)."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


class Metrics:
    """The server's instruments; ``render()`` is the body of GET /metrics."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "parley_http_requests",
            "HTTP requests by route template, method and status.",
            ("route", "method", "status"),
            registry=r,
        )
        self.latency = Histogram(
            "parley_http_request_duration_seconds",
            "Time from request start to the end of the response, by route template.",
            ("route", "method"),
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.batch_size = Histogram(
            "parley_batch_size",
            "Statements scored per forward pass (after micro-batching).",
            buckets=BATCH_BUCKETS,
            registry=r,
        )
        self.batch_requests = Histogram(
            "parley_batch_requests",
            "Requests coalesced into one forward pass.",
            buckets=BATCH_BUCKETS,
            registry=r,
        )
        self.queue_depth = Gauge(
            "parley_queue_depth",
            "Statements accepted and not yet answered (waiting or in the forward pass).",
            registry=r,
        )
        self.rejected = Counter(
            "parley_overload_rejections",
            "Requests answered 503 because the queue was full.",
            registry=r,
        )
        self.model_info = Gauge(
            "parley_model_loaded",
            "1 for the model version being served (by name, version, alias).",
            ("name", "version", "alias"),
            registry=r,
        )
        self.model_version = Gauge(
            "parley_model_version",
            "The registry version number being served (0 when not from the registry).",
            registry=r,
        )
        self.reloads = Counter(
            "parley_model_reloads",
            "Model load attempts by outcome (loaded, failed).",
            ("outcome",),
            registry=r,
        )

    def set_model(self, name: str | None, version: str | None, alias: str | None) -> None:
        self.model_info.clear()
        self.model_info.labels(name or "", version or "", alias or "").set(1)
        self.model_version.set(int(version) if version and version.isdigit() else 0)

    def render(self) -> bytes:
        return generate_latest(self.registry)
