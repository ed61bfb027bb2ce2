"""The worker's heartbeat: a thread of its own renews the leases of the jobs the worker
runs, since the job loop is busy running them."""

import threading
from collections.abc import Callable
from types import TracebackType
from typing import Self

import structlog

log = structlog.get_logger(__name__)


class Heartbeat:
    """Calls `renew` every `interval` seconds, from entering the block to leaving it. A
    renewal that fails (the database away a moment) is logged, and the next beat tries
    again: a lease outlives one missed renewal."""

    def __init__(self, renew: Callable[[], int], interval: float) -> None:
        self._renew = renew
        self._interval = interval
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stopped.set()
        self._thread.join(timeout=self._interval + 5)

    def _beat(self) -> None:
        while not self._stopped.wait(self._interval):
            try:
                self._renew()
            except Exception:
                log.exception("lease renewal failed; the next beat tries again")
