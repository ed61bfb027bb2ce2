from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.jobs.leases import LeaseTerms
from cvimprover.core.mail.model import DELIVER_MAIL, MailStatus
from cvimprover.ports.clock import Clock
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class RequeueDueMails:
    """The sweeper: queues again every mail whose next attempt is due.

    This is how retries happen, and how mails survive a broker that was down when they
    were accepted (or lost their message), or a worker that died mid-delivery (its lease
    ran out). Each mail handed out waits for its message for a queued lease, so the
    sweeper does not flood the queue with one mail. Returns how many it queued.
    """

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
        self._tasks = tasks
        self._clock = clock
        self._terms = terms
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
                mail.status, mail.next_attempt_at = MailStatus.QUEUED, now + self._terms.queued
                queued += 1
            uow.commit()
        return queued
