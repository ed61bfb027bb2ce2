from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.mail.model import DELIVER_MAIL, LEASE
from cvimprover.ports.clock import Clock
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class RequeueDueMails:
    """The sweeper: queues again every mail whose next attempt is due.

    This is how retries happen, and how mails survive a broker that was down when they
    were accepted, or a worker killed mid-delivery. Each mail handed out is left alone
    for a lease, so the sweeper does not flood the queue with one mail. Returns how many
    it queued.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, tasks: TaskQueue, clock: Clock, *, batch: int = 100
    ) -> None:
        self._uow = uow
        self._tasks = tasks
        self._clock = clock
        self._batch = batch

    def execute(self) -> int:
        now = self._clock.now()
        with self._uow() as uow:
            due = uow.mails.due(now, self._batch)
            queued = 0
            for mail in due:
                assert mail.id is not None
                try:
                    self._tasks.enqueue(DELIVER_MAIL, mail.id)
                except DependencyUnavailable:
                    break
                mail.next_attempt_at = now + LEASE
                queued += 1
            uow.commit()
        return queued
