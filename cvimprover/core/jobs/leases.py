"""Leases: how long a job belongs to whoever has it, so that a dead worker's job is soon
taken over, and a live worker's never."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LeaseTerms:
    """What every job shares, whatever its kind.

    - `running`: how long a running job belongs to its worker unless renewed; the worker's
      heartbeat renews it while the job runs, so it lapses soon after the worker dies;
    - `queued`: how long a queued job waits for its message before the sweeper queues it
      again (a broker that was down when the job was accepted, a message lost in a
      broker's restart);
    - `longest_run`: a job still running after this long is no longer renewed, so that a
      worker stuck in a job (not dead) loses it to another.
    """

    running: timedelta = timedelta(seconds=30)
    queued: timedelta = timedelta(minutes=1)
    longest_run: timedelta = timedelta(minutes=30)

    def __post_init__(self) -> None:
        if self.running <= timedelta(0) or self.queued <= timedelta(0):
            raise ValueError("leases must last some time")
        if self.longest_run < self.running:
            raise ValueError("a job must be allowed to run for at least one lease")


@dataclass(frozen=True)
class Lease:
    """A job a worker holds: its kind and id, and the attempt the worker started, which a
    renewal must still find (a job finished, or taken again by another worker, is not
    this worker's any more)."""

    kind: str
    job_id: int
    attempt: int
    since: datetime


@dataclass
class HeldLeases:
    """The jobs this worker process holds, for its heartbeat to renew. Safe across
    threads: the heartbeat reads it while the job loop runs a job."""

    terms: LeaseTerms = field(default_factory=LeaseTerms)
    _held: set[Lease] = field(default_factory=set, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def expiry(self, now: datetime) -> datetime:
        """When a job taken or renewed now lapses, unless renewed again."""
        return now + self.terms.running

    @contextmanager
    def holding(self, lease: Lease) -> Iterator[None]:
        """Held for the block: from the committed claim to the recorded outcome."""
        with self._lock:
            self._held.add(lease)
        try:
            yield
        finally:
            self.release(lease)

    def held(self) -> list[Lease]:
        with self._lock:
            return sorted(self._held, key=lambda lease: (lease.kind, lease.job_id))

    def holds(self, lease: Lease) -> bool:
        with self._lock:
            return lease in self._held

    def release(self, lease: Lease) -> None:
        with self._lock:
            self._held.discard(lease)
