import contextlib
from dataclasses import dataclass

from cvimprover.core.admin.model import JobRef
from cvimprover.core.cvs.model import IMPROVE_CV, AIResponse, JobStatus
from cvimprover.core.cvs.pdfs import PdfRender
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.clock import Clock
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class RetryOutcome:
    ref: JobRef
    retried: bool
    reason: str = ""


class RetryJobs:
    """An operator sends failed jobs round again (after a vendor outage, say).

    - only a failed job is retried; one queued, running or done is left as it is;
    - a retried job starts afresh: queued, no error, its attempts back to zero;
    - it is queued once its new state is committed; with the broker down it stays
      queued in the database and the workers' sweeper hands it out;
    - the user's quota is not charged again: their failed job gave it back, and the
      retry is the service's doing, not theirs.
    """

    def __init__(self, uow: UnitOfWorkFactory, tasks: TaskQueue, clock: Clock) -> None:
        self._uow = uow
        self._tasks = tasks
        self._clock = clock

    def execute(self, refs: list[JobRef]) -> list[RetryOutcome]:
        outcomes = [self._reset(ref) for ref in refs]
        for outcome in outcomes:
            if outcome.retried:
                # With the broker down it is queued in the database: the sweeper hands it out.
                with contextlib.suppress(DependencyUnavailable):
                    self._tasks.enqueue(outcome.ref.kind, outcome.ref.id)
        return outcomes

    def _reset(self, ref: JobRef) -> RetryOutcome:
        now = self._clock.now()
        with self._uow() as uow:
            job = _job(uow, ref)
            if job is None:
                return RetryOutcome(ref, False, "no such job")
            if job.status is not JobStatus.FAILED:
                return RetryOutcome(ref, False, f"it is {job.status.value}, not failed")
            job.status, job.error, job.attempts = JobStatus.QUEUED, None, 0
            job.next_attempt_at, job.started_at, job.finished_at = now, None, None
            uow.commit()
        return RetryOutcome(ref, True)


def _job(uow: UnitOfWork, ref: JobRef) -> AIResponse | PdfRender | None:
    if ref.kind == IMPROVE_CV:
        return uow.ai_responses.get_for_update(ref.id)
    return uow.pdf_renders.get_for_update(ref.id)
