"""gunicorn's settings, from cvimprover's own (HOST, PORT, WEB_*; see the README).

Used by `cvimprover serve` and by a plain `gunicorn -c python:cvimprover.gunicorn_conf`
(or `gunicorn -c gunicorn.conf.py` in a checkout): both run the same server.

The app is not preloaded: each worker imports `cvimprover.wsgi` after the fork and
builds its own engine, broker connection and clients, never shared across processes.
"""

import os
from typing import Any

from cvimprover.adapters.observability.prometheus_telemetry import (
    mark_process_dead,
    prepare_multiprocess,
)
from cvimprover.config import Settings

_settings = Settings()


def default_workers() -> int:
    """One worker per CPU this process may run on (at least two: one restarting never
    leaves the port unanswered); each serves WEB_THREADS requests at a time."""
    return max(2, len(os.sched_getaffinity(0)))


wsgi_app = "cvimprover.wsgi:app"
bind = f"{_settings.host}:{_settings.port}"
worker_class = "gthread"
workers = _settings.web_concurrency or default_workers()
threads = _settings.web_threads
timeout = _settings.web_timeout_seconds
graceful_timeout = _settings.web_graceful_timeout_seconds
keepalive = _settings.web_keepalive_seconds
if _settings.web_worker_connections is not None:  # else gunicorn's default, 1000
    worker_connections = _settings.web_worker_connections
# Off by default (WEB_MAX_REQUESTS=0): a worker takes seconds to start, so replacing it
# is only worth it against a leak, and then rarely.
max_requests = _settings.web_max_requests
max_requests_jitter = _settings.web_max_requests_jitter
preload_app = False
accesslog = None  # the app logs one JSON line per request, with its request id
control_socket_disable = True  # gunicorn's default socket path is shared by every server
_SHARED_MEMORY = "/dev/shm"  # noqa: S108 (heartbeat files: memory, not a slow disk)
if os.path.isdir(_SHARED_MEMORY):
    worker_tmp_dir = _SHARED_MEMORY


def on_starting(server: Any) -> None:
    """In the master, before any worker: the metrics directory, emptied of the last run."""
    if _settings.metrics_enabled:
        prepare_multiprocess(_settings.resolved_metrics_dir)


def child_exit(server: Any, worker: Any) -> None:
    """A worker died or was replaced: its live gauges go; its counts stay in the sums."""
    mark_process_dead(worker.pid)
