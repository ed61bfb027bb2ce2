from cvimprover.core.cvs.model import QUEUE_LEASE, JobStatus
from cvimprover.core.cvs.pdfs import RENDER_PDF
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.clock import Clock
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class RequeueDuePdfRenders:
    """The sweeper: queues again every unfinished render whose lease ran out - accepted
    while the broker was down, or held by a worker that died. Returns how many."""

    def __init__(
        self, uow: UnitOfWorkFactory, tasks: TaskQueue, clock: Clock, *, batch: int = 100
    ) -> None:
        self._uow = uow
        self._tasks = tasks
        self._clock = clock
        self._batch = batch

    def execute(self) -> int:
        now = self._clock.now()
        queued = 0
        with self._uow() as uow:
            for render in uow.pdf_renders.due(now, self._batch):
                assert render.id is not None
                try:
                    self._tasks.enqueue(RENDER_PDF, render.id)
                except DependencyUnavailable:
                    break
                # A running render past its lease lost its worker: it starts over.
                render.status, render.next_attempt_at = JobStatus.QUEUED, now + QUEUE_LEASE
                queued += 1
            uow.commit()
        return queued
