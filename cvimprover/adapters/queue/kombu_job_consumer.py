"""The worker's loop: take one job at a time, run its handler, acknowledge it, and
now and then run the sweepers that queue again what is due."""

import time
from collections.abc import Callable, Mapping
from typing import Any

import structlog
from kombu.connection import Connection
from kombu.message import Message
from kombu.mixins import ConsumerMixin

from cvimprover.adapters.queue.kombu_task_queue import JOBS

log = structlog.get_logger(__name__)

Handler = Callable[[int], None]
Sweeper = Callable[[], int]


class KombuJobConsumer(ConsumerMixin):
    """Acknowledges a job once its handler has returned, whatever the outcome: the
    handler has committed the job's new state (done, failed, or due again later), and
    a handler that crashed left the job due, for a sweeper to hand out again."""

    def __init__(
        self,
        connection: Connection,
        handlers: Mapping[str, Handler],
        sweepers: list[Sweeper],
        *,
        sweep_every: float,
    ) -> None:
        self.connection = connection
        self._handlers = handlers
        self._sweepers = sweepers
        self._sweep_every = sweep_every
        self._last_sweep = 0.0

    def get_consumers(self, consumer_class: Any, channel: Any) -> list[Any]:
        return [
            consumer_class(
                queues=[JOBS], callbacks=[self.handle], accept=["json"], prefetch_count=1
            )
        ]

    def handle(self, body: Any, message: Message) -> None:
        kind, job_id = (
            (body.get("kind"), body.get("job_id")) if isinstance(body, dict) else (None, None)
        )
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            request_id=body.get("request_id") if isinstance(body, dict) else None,
            job_kind=kind,
            job_id=job_id,
        )
        handler = self._handlers.get(kind) if isinstance(kind, str) else None
        if handler is None or not isinstance(job_id, int):
            log.error("unknown job dropped", body=str(body)[:200])
        else:
            started = time.perf_counter()
            try:
                handler(job_id)
                log.info("job done", duration_ms=round((time.perf_counter() - started) * 1000, 1))
            except Exception:
                log.exception("job crashed; it stays due for the sweeper")
        message.ack()
        structlog.contextvars.clear_contextvars()

    def on_iteration(self) -> None:
        if time.monotonic() - self._last_sweep >= self._sweep_every:
            self._last_sweep = time.monotonic()
            self.sweep()

    def sweep(self) -> int:
        queued = 0
        for sweeper in self._sweepers:
            try:
                queued += sweeper()
            except Exception:
                log.exception("sweeper failed")
        if queued:
            log.info("due jobs queued again", count=queued)
        return queued
