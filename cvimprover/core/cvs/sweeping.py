"""What the sweepers of improvement jobs and PDF renders share."""

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

from cvimprover.core.cvs.model import QUEUE_LEASE, JobStatus
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.tasks import TaskQueue


class QueuedWork(Protocol):
    id: int | None
    status: JobStatus
    next_attempt_at: datetime


def requeue_due(due: Iterable[QueuedWork], tasks: TaskQueue, task: str, now: datetime) -> int:
    """Queues each due row again, until the broker refuses; returns how many it queued.

    A running row past its lease lost its worker: it starts over, as queued. The caller
    commits the rows it read.
    """
    queued = 0
    for row in due:
        assert row.id is not None
        try:
            tasks.enqueue(task, row.id)
        except DependencyUnavailable:
            break
        row.status, row.next_attempt_at = JobStatus.QUEUED, now + QUEUE_LEASE
        queued += 1
    return queued
