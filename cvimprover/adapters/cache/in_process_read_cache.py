"""The read cache of one process: bounded in bytes, least recently used users go first."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from cvimprover.ports.read_cache import ChangeListener, ReadCache, Scope

ENTRY_OVERHEAD = 200
"""Bytes counted for each entry besides its value: keys, tuples, dict slots."""


@dataclass
class _UserEntries:
    generation: int
    values: dict[str, tuple[object, float, int, Scope]] = field(default_factory=dict)
    size: int = 0


class InProcessReadCache(ReadCache, ChangeListener):
    """Starts off: nothing is cached until a change feed says it is connected."""

    def __init__(
        self,
        *,
        max_bytes: int,
        ttl_seconds: float,
        max_entries_per_user: int = 64,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_bytes = max_bytes
        self._ttl = ttl_seconds
        self._max_entries_per_user = max_entries_per_user
        self._now = monotonic
        self._lock = threading.Lock()
        self._users: OrderedDict[int, _UserEntries] = OrderedDict()
        self._size = 0
        self._epoch = 0
        """Moves on with every change; a user seen for the first time starts at it."""
        self._on = False

    @property
    def enabled(self) -> bool:
        return self._on and self._max_bytes > 0

    def generation(self, user_id: int) -> int | None:
        with self._lock:
            if not self.enabled:
                return None
            entries = self._users.get(user_id)
            return entries.generation if entries else self._epoch

    def get(self, user_id: int, key: str) -> object | None:
        with self._lock:
            entries = self._users.get(user_id)
            if entries is None or not self._on:
                return None
            found = entries.values.get(key)
            if found is None:
                return None
            value, expires, _, _ = found
            if expires <= self._now():
                self._drop(entries, key)
                return None
            self._users.move_to_end(user_id)
            return value

    def put(
        self,
        user_id: int,
        key: str,
        value: object,
        *,
        generation: int,
        size: int,
        scope: Scope = "answers",
    ) -> None:
        size += ENTRY_OVERHEAD
        with self._lock:
            if not self.enabled or size > self._max_bytes // 4:
                return
            entries = self._users.get(user_id)
            if entries is None:
                if generation != self._epoch:
                    return  # the user changed (or everything did) since the read began
                entries = self._users[user_id] = _UserEntries(generation)
            elif entries.generation != generation:
                return
            if key in entries.values:
                self._drop(entries, key)
            elif len(entries.values) >= self._max_entries_per_user:
                self._drop(entries, next(iter(entries.values)))
            entries.values[key] = (value, self._now() + self._ttl, size, scope)
            entries.size += size
            self._size += size
            self._users.move_to_end(user_id)
            while self._size > self._max_bytes:
                _, evicted = self._users.popitem(last=False)
                self._size -= evicted.size

    def feed_connected(self) -> None:
        with self._lock:
            self._forget_all()
            self._on = True

    def feed_lost(self) -> None:
        with self._lock:
            self._on = False
            self._forget_all()

    def user_changed(self, user_id: int) -> None:
        self._renew(user_id, keep=None)

    def data_changed(self, user_id: int) -> None:
        self._renew(user_id, keep="session")

    def _renew(self, user_id: int, keep: Scope | None) -> None:
        """A new generation for the user, so that reads begun before the change cannot
        put what they read; only the values of scope `keep` survive it."""
        with self._lock:
            self._epoch += 1
            entries = self._users.get(user_id)
            if entries is None:
                return
            renewed = _UserEntries(self._epoch)
            for key, found in entries.values.items():
                if found[3] == keep:
                    renewed.values[key] = found
                    renewed.size += found[2]
            self._size += renewed.size - entries.size
            self._users[user_id] = renewed

    def everything_changed(self) -> None:
        with self._lock:
            self._forget_all()

    def _forget_all(self) -> None:
        self._epoch += 1
        self._users.clear()
        self._size = 0

    def _drop(self, entries: _UserEntries, key: str) -> None:
        _, _, size, _ = entries.values.pop(key)
        entries.size -= size
        self._size -= size
