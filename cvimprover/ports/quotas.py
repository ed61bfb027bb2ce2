"""Usage counters for plan quotas."""

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol


class QuotaCounter(Protocol):
    """Counts uses per key in fixed windows, shared by every process that serves the API.

    A key names a user, a scope and a window; it is forgotten after `expires_at`.
    `take` is one atomic step: of any number of concurrent calls against a limit of N,
    exactly N succeed.
    """

    def take(self, key: str, limit: int, expires_at: datetime) -> int | None:
        """Counts one use unless `limit` uses are counted already; the count after it, or
        None when refused."""
        ...

    def give_back(self, key: str) -> None:
        """Uncounts one use, if the key still counts any."""
        ...

    def counts(self, keys: Sequence[str]) -> list[int]:
        """The uses counted under each key, in one read."""
        ...

    def reset(self, key: str) -> None:
        """Forgets every use counted under the key (an operator's reset)."""
        ...
