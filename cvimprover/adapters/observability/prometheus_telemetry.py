"""Prometheus figures, summed over every process of a server.

Under gunicorn (several worker processes) and beside `cvimprover serve`'s job workers,
each process writes its figures to files in PROMETHEUS_MULTIPROC_DIR and a scrape adds
them up. prometheus-client decides between that and in-memory figures when it is first
imported, so it is imported here only on first use: by then the server has set the
directory (gunicorn_conf.py does it before forking).
"""

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

from cvimprover.ports.telemetry import MetricsExposition, Telemetry

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Counter, Histogram

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
PREFIX = "cvimprover"
_SLOW_BUCKETS = (0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600)
log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class _Instruments:
    registry: "CollectorRegistry"
    requests: "Counter"
    request_seconds: "Histogram"
    jobs: "Counter"
    job_seconds: "Histogram"
    ai_calls: "Counter"
    ai_seconds: "Histogram"
    ai_tokens: "Counter"
    ai_failovers: "Counter"
    webhooks: "Counter"


@functools.cache
def _instruments() -> _Instruments:
    """One set per process: prometheus-client refuses a second metric of the same name."""
    from prometheus_client import CollectorRegistry, Counter, Histogram

    registry = CollectorRegistry(auto_describe=True)

    def counter(name: str, doc: str, labels: list[str]) -> Counter:
        return Counter(f"{PREFIX}_{name}", doc, labels, registry=registry)

    def histogram(name: str, doc: str, labels: list[str], **options: Any) -> Histogram:
        return Histogram(f"{PREFIX}_{name}", doc, labels, registry=registry, **options)

    return _Instruments(
        registry=registry,
        requests=counter("http_requests", "HTTP requests answered.", ["method", "route", "status"]),
        request_seconds=histogram(
            "http_request_duration_seconds", "Time to answer.", ["method", "route", "status"]
        ),
        jobs=counter("jobs", "Jobs handled by workers.", ["kind", "outcome"]),
        job_seconds=histogram(
            "job_duration_seconds", "Time to handle a job.", ["kind", "outcome"],
            buckets=_SLOW_BUCKETS,
        ),
        ai_calls=counter("ai_calls", "Calls to AI vendors.", ["vendor", "outcome"]),
        ai_seconds=histogram(
            "ai_call_duration_seconds", "Time of one AI vendor call, its retries included.",
            ["vendor", "outcome"], buckets=_SLOW_BUCKETS,
        ),
        ai_tokens=counter("ai_tokens", "Tokens AI vendors billed.", ["vendor", "direction"]),
        ai_failovers=counter(
            "ai_failovers", "Times a vendor failed and the next one was tried.", ["vendor"]
        ),
        webhooks=counter(
            "webhook_events", "Payment webhooks received.", ["provider", "type", "outcome"]
        ),
    )  # fmt: skip


@contextlib.contextmanager
def _recording(what: str) -> Iterator[_Instruments]:
    try:
        yield _instruments()
    except Exception as error:  # a figure is never worth a failed request or job
        log.warning("figure not recorded", metric=what, error=str(error))


class PrometheusTelemetry(Telemetry):
    def __init__(self) -> None:
        self._request_series: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        """The count and the latency of each (method, route, status) seen: looking a
        labelled series up again on every request costs more than counting in it."""

    def request_handled(self, method: str, route: str, status: int, seconds: float) -> None:
        with _recording("http_requests") as metrics:
            series = self._request_series.get((method, route, status))
            if series is None:
                labels = (method, route, str(status))
                series = (
                    metrics.requests.labels(*labels),
                    metrics.request_seconds.labels(*labels),
                )
                self._request_series[(method, route, status)] = series
            count, latency = series
            count.inc()
            latency.observe(seconds)

    def job_handled(self, kind: str, outcome: str, seconds: float) -> None:
        with _recording("jobs") as metrics:
            metrics.jobs.labels(kind, outcome).inc()
            metrics.job_seconds.labels(kind, outcome).observe(seconds)

    def ai_called(
        self, vendor: str, outcome: str, seconds: float, input_tokens: int, output_tokens: int
    ) -> None:
        with _recording("ai_calls") as metrics:
            metrics.ai_calls.labels(vendor, outcome).inc()
            metrics.ai_seconds.labels(vendor, outcome).observe(seconds)
            metrics.ai_tokens.labels(vendor, "input").inc(max(0, input_tokens))
            metrics.ai_tokens.labels(vendor, "output").inc(max(0, output_tokens))

    def ai_failed_over(self, vendor: str) -> None:
        with _recording("ai_failovers") as metrics:
            metrics.ai_failovers.labels(vendor).inc()

    def webhook_received(self, provider: str, event_type: str, outcome: str) -> None:
        with _recording("webhook_events") as metrics:
            metrics.webhooks.labels(provider, event_type, outcome).inc()


class PrometheusExposition(MetricsExposition):
    """Every process's figures (from the files when multiprocess), plus gauges read at
    scrape time, such as the depth of the job queue. A gauge that cannot be read (its
    broker is down) is left out of that scrape rather than failing it."""

    content_type = "text/plain; version=0.0.4; charset=utf-8"

    def __init__(self, gauges: Mapping[str, Callable[[], float]]) -> None:
        self._gauges = gauges

    def render(self) -> bytes:
        from prometheus_client import generate_latest

        return generate_latest(scrape_registry(self._gauges))


def scrape_registry(gauges: Mapping[str, Callable[[], float]] | None = None) -> "CollectorRegistry":
    from prometheus_client import CollectorRegistry
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get(MULTIPROC_ENV):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_ThisProcess())
    if gauges:
        registry.register(_ScrapeTimeGauges(gauges))
    return registry


class _ThisProcess:
    def collect(self) -> Iterator[Any]:
        yield from _instruments().registry.collect()


class _ScrapeTimeGauges:
    def __init__(self, gauges: Mapping[str, Callable[[], float]]) -> None:
        self._gauges = gauges

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        for name, read in self._gauges.items():
            try:
                value = read()
            except Exception as error:  # a scrape must not fail for one gauge
                log.warning("gauge unreadable", gauge=name, error=str(error))
                continue
            doc = f"{name.replace('_', ' ').capitalize()}, read at scrape time."
            yield GaugeMetricFamily(f"{PREFIX}_{name}", doc, value=value)


def ensure_multiprocess_dir() -> None:
    """A process told to write its figures to a directory (PROMETHEUS_MULTIPROC_DIR in
    its environment) makes sure it exists; it never empties it (others write there)."""
    path = os.environ.get(MULTIPROC_ENV)
    if path:
        Path(path).mkdir(parents=True, exist_ok=True)


def serve_metrics(port: int, host: str = "0.0.0.0") -> None:  # noqa: S104 (a container's port)
    """Serves /metrics on its own port, in a thread: for a worker in a container of its own."""
    from prometheus_client import start_http_server

    start_http_server(port, addr=host, registry=scrape_registry())


def reset_metrics_dir(path: Path) -> None:
    """Empties the directory of a previous run's files (a restarted server's figures
    start from zero; stale files of dead processes would be added up forever)."""
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):  # only prometheus-client's own files, whatever the path
        stale.unlink(missing_ok=True)


def mark_process_dead(pid: int) -> None:
    """Drops a dead worker's live gauges; its counters stay in the sums."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)  # type: ignore[no-untyped-call]


def prepare_multiprocess(path: Path) -> None:
    """Points this process and its children at `path`, emptied once per server start
    (`cvimprover serve` does it before starting its job workers; gunicorn's start hook
    then finds it done)."""
    if os.environ.get(_PREPARED_ENV) != str(path):
        reset_metrics_dir(path)
    os.environ[MULTIPROC_ENV] = str(path)
    os.environ[_PREPARED_ENV] = str(path)


_PREPARED_ENV = "CVIMPROVER_METRICS_DIR_PREPARED"
