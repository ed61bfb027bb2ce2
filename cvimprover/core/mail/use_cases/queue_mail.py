import logging

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.jobs.leases import LeaseTerms
from cvimprover.core.mail.model import DELIVER_MAIL, QueuedMail
from cvimprover.ports.clock import Clock
from cvimprover.ports.mailer import Mailer, OutgoingMail
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class QueueMail(Mailer):
    """Sends by handing the mail to the workers, so that no request waits on a mail server.

    - the mail is stored first, then its id is queued; a broker that is down loses
      nothing: the sweeper queues the stored mail again;
    - a caller never learns whether delivery will work (no timing or error oracle).
    """

    def __init__(
        self, uow: UnitOfWorkFactory, tasks: TaskQueue, clock: Clock, *, terms: LeaseTerms
    ) -> None:
        self._uow = uow
        self._terms = terms
        self._tasks = tasks
        self._clock = clock

    def send(self, mail: OutgoingMail) -> None:
        now = self._clock.now()
        queued = QueuedMail(
            to=mail.to,
            subject=mail.subject,
            text=mail.text,
            created_at=now,
            next_attempt_at=now + self._terms.queued,  # handed out below; the sweeper waits
        )
        with self._uow() as uow:
            uow.mails.add(queued)
            uow.commit()
        assert queued.id is not None
        try:
            self._tasks.enqueue(DELIVER_MAIL, queued.id)
        except DependencyUnavailable:
            log.warning("broker down; the sweeper will queue mail %s", queued.id)
