from typing import Protocol


class FailureThrottle(Protocol):
    """Counts failures per key within a moving window.

    `retry_after` answers how many seconds remain before one of the keys may try again,
    or None when none of them is over its limit.
    """

    def retry_after(self, keys: list[str]) -> int | None: ...

    def record_failure(self, keys: list[str]) -> None: ...

    def clear(self, key: str) -> None: ...
