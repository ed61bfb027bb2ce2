from collections.abc import Mapping
from datetime import datetime
from typing import Protocol


class LeasedJobRepository(Protocol):
    """Jobs a worker holds under a lease: a row whose `next_attempt_at` is when its lease
    lapses, and whose `attempts` names the attempt that holds it."""

    def renew_leases(self, attempts: Mapping[int, int], until: datetime) -> set[int]:
        """Moves the lease of each job (id -> attempt) to `until`, if the job is still
        running that very attempt; returns the ids renewed. A job finished, taken again
        by another worker, queued again by the sweeper or gone is left as it is."""
        ...
