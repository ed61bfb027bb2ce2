import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.throttle import FailureThrottle

UNAVAILABLE = "The login throttle's store is unavailable; try again in a few seconds."


class LimitsFailureThrottle(FailureThrottle):
    """Moving-window failure counts in `limits` storage (`memory://` or `redis://...`).

    Memory storage counts per process; production points it at Redis so that every
    API process shares the counts. While Redis is down, logins wait (DependencyUnavailable)
    rather than go uncounted: a throttle that lets failures through unseen is none.
    """

    def __init__(self, storage_url: str, limits: dict[str, str]) -> None:
        """`limits` maps a key's kind (its first two colon-separated parts) to a limit such as
        "5/5 minutes"; keys of other kinds are not limited."""
        storage = storage_from_string(
            storage_url, wrap_exceptions=True, socket_timeout=5, socket_connect_timeout=5
        )
        self._limiter = MovingWindowRateLimiter(storage)
        self._items: dict[str, RateLimitItem] = {
            kind: parse(limit) for kind, limit in limits.items()
        }

    def retry_after(self, keys: list[str]) -> int | None:
        with _store_unavailable_as_domain_error():
            waits = [
                self._wait(item, key)
                for key in keys
                if (item := self._item(key)) and not self._limiter.test(item, key)
            ]
        return max(waits) if waits else None

    def record_failure(self, keys: list[str]) -> None:
        with _store_unavailable_as_domain_error():
            for key in keys:
                if item := self._item(key):
                    self._limiter.hit(item, key)

    def clear(self, key: str) -> None:
        with _store_unavailable_as_domain_error():
            if item := self._item(key):
                self._limiter.clear(item, key)

    def _item(self, key: str) -> RateLimitItem | None:
        kind = ":".join(key.split(":", 2)[:2])  # the rest is user input and may hold colons
        return self._items.get(kind)

    def _wait(self, item: RateLimitItem, key: str) -> int:
        reset_at, _remaining = self._limiter.get_window_stats(item, key)
        return max(1, math.ceil(reset_at - time.time()))


@contextmanager
def _store_unavailable_as_domain_error() -> Iterator[None]:
    try:
        yield
    except StorageError as error:
        raise DependencyUnavailable(UNAVAILABLE) from error.storage_error
