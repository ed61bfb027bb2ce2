from typing import Protocol


class TaskQueue(Protocol):
    """Hands a job to the workers by kind and id; the job's state lives in the database.

    Raises `DependencyUnavailable` when the broker cannot be reached: the job's row stays,
    and the sweeper hands it out again later.
    """

    def enqueue(self, kind: str, job_id: int) -> None: ...
