import logging

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.mail.model import MailStatus
from cvimprover.ports.clock import Clock
from cvimprover.ports.mailer import Mailer, OutgoingMail
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class DeliverMail:
    """A worker delivers one queued mail.

    - a mail that is gone or failed for good is skipped, so a redelivered job sends nothing twice;
    - a delivered mail is deleted;
    - a mail server that is down schedules another attempt with a growing delay, and after
      the last attempt the mail is marked failed with the reason.
    """

    def __init__(self, uow: UnitOfWorkFactory, mailer: Mailer, clock: Clock) -> None:
        self._uow = uow
        self._mailer = mailer
        self._clock = clock

    def execute(self, mail_id: int) -> None:
        with self._uow() as uow:
            queued = uow.mails.get_for_update(mail_id)
            if queued is None or queued.status is not MailStatus.QUEUED:
                return
            try:
                self._mailer.send(OutgoingMail(queued.to, queued.subject, queued.text))
            except DependencyUnavailable as error:
                queued.failed_once(error.detail, self._clock.now())
                log.warning("mail %s not delivered (attempt %s)", mail_id, queued.attempts)
            else:
                uow.mails.delete(queued)
            uow.commit()
