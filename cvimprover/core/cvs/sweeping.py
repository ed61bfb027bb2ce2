from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from cvimprover.core.cvs.model import JobStatus
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.tasks import TaskQueue


class QueuedWork(Protocol):
    id: int | None
    status: JobStatus
    next_attempt_at: datetime


def requeue_due(
    due: Iterable[QueuedWork], tasks: TaskQueue, task: str, queued_until: datetime
) -> int:
    """Queues each due row again, until the broker refuses; returns how many it queued.

    A running row past its lease lost its worker: it starts over, as queued, and waits
    for its message until `queued_until`. The caller commits the rows it read.
    """
    queued = 0
    for row in due:
        assert row.id is not None
        try:
            tasks.enqueue(task, row.id)
        except DependencyUnavailable:
            break
        row.status, row.next_attempt_at = JobStatus.QUEUED, queued_until
        queued += 1
    return queued
