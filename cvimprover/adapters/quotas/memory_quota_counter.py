"""Quota counters in this process's memory: the embedded default (one API process)."""

import threading
from collections.abc import Sequence
from datetime import UTC, datetime

from cvimprover.ports.quotas import QuotaCounter


class InMemoryQuotaCounter(QuotaCounter):
    """Counts under one lock; expired windows are dropped as new ones start. Several
    processes each count on their own: use Redis when more than one serves the API."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, tuple[int, datetime]] = {}

    def take(self, key: str, limit: int, expires_at: datetime) -> int | None:
        with self._lock:
            used = self._live(key)
            if used >= limit:
                return None
            if used == 0:
                self._forget_expired()
            self._counts[key] = (used + 1, expires_at)
            return used + 1

    def give_back(self, key: str) -> None:
        with self._lock:
            used = self._live(key)
            if used > 0:
                self._counts[key] = (used - 1, self._counts[key][1])

    def counts(self, keys: Sequence[str]) -> list[int]:
        with self._lock:
            return [self._live(key) for key in keys]

    def reset(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)

    def _live(self, key: str) -> int:
        used, expires_at = self._counts.get(key, (0, datetime.max.replace(tzinfo=UTC)))
        return used if expires_at > datetime.now(UTC) else 0

    def _forget_expired(self) -> None:
        now = datetime.now(UTC)
        for key in [key for key, (_, end) in self._counts.items() if end <= now]:
            del self._counts[key]
