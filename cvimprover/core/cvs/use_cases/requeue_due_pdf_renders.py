from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.core.cvs.sweeping import requeue_due
from cvimprover.core.jobs.leases import LeaseTerms
from cvimprover.ports.clock import Clock
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class RequeueDuePdfRenders:
    """The sweeper: queues again every unfinished render whose lease ran out - accepted
    while the broker was down, or held by a worker that died. Returns how many."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        tasks: TaskQueue,
        clock: Clock,
        *,
        terms: LeaseTerms,
        batch: int = 100,
    ) -> None:
        self._uow = uow
        self._terms = terms
        self._tasks = tasks
        self._clock = clock
        self._batch = batch

    def execute(self) -> int:
        now = self._clock.now()
        with self._uow() as uow:
            due = uow.pdf_renders.due(now, self._batch)
            queued = requeue_due(due, self._tasks, RENDER_PDF, now + self._terms.queued)
            uow.commit()
        return queued
