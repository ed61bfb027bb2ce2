"""Jobs over kombu: Redis in production, an embedded SQLite broker by default.

A message carries only the job's kind and id (and the request id, for the logs); the
job's state is in the database, which is why a lost or doubled message is harmless.
"""

import threading
from pathlib import Path
from typing import Any

import structlog
from kombu.connection import Connection
from kombu.entity import Exchange, Queue
from kombu.messaging import Producer

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.tasks import TaskQueue

JOBS = Queue("cvimprover.jobs", Exchange("cvimprover", type="direct"), routing_key="jobs")
RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}


def connect(broker_url: str, *, visibility_timeout: int = 3600) -> Connection:
    options: dict[str, Any] = {}
    if broker_url.startswith("sqla+sqlite:///"):
        Path(broker_url.removeprefix("sqla+sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    if broker_url.startswith(("redis://", "rediss://")):
        # Redis redelivers an unacknowledged message after the visibility timeout: it
        # must exceed the longest job.
        options["visibility_timeout"] = visibility_timeout
    # (The SQL transport hands its options to create_engine, which knows none of these.)
    return Connection(broker_url, transport_options=options, connect_timeout=3)


class KombuTaskQueue(TaskQueue):
    """Publishes with one producer per thread (the API serves requests on threads)."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._local = threading.local()

    def enqueue(self, kind: str, job_id: int) -> None:
        body = {"kind": kind, "job_id": job_id}
        request_id = structlog.contextvars.get_contextvars().get("request_id")
        if request_id:
            body["request_id"] = request_id
        try:
            producer = self._producer()
            # Straight to the queue through the anonymous exchange (its routing key is the
            # queue's name): no binding is looked up, so none can be missing. A Redis that
            # restarted without its data has lost the bindings, and kombu drops a message
            # to an exchange that no queue is bound to without an error.
            producer.publish(
                body,
                exchange="",
                routing_key=JOBS.name,
                serializer="json",
                delivery_mode="persistent",
                retry=True,
                retry_policy=RETRY_POLICY,
            )
        except Exception as error:  # each transport raises its own driver's errors
            self._local.__dict__.clear()  # reconnect on the next call
            raise DependencyUnavailable(f"the job queue is unreachable: {error}") from error

    def _producer(self) -> Producer:
        producer: Producer | None = getattr(self._local, "producer", None)
        if producer is None:
            connection = self._connection.clone()
            connection.ensure_connection(max_retries=1, timeout=3)
            producer = self._local.producer = Producer(connection)
        return producer
