import logging

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.jobs.leases import HeldLeases, Lease
from cvimprover.core.mail.model import DELIVER_MAIL, INTERRUPTED, MAX_ATTEMPTS, MailStatus
from cvimprover.ports.clock import Clock
from cvimprover.ports.mailer import Mailer, OutgoingMail
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class DeliverMail:
    """A worker delivers one queued mail.

    - a mail that is gone or failed for good, or that another worker is sending (its
      lease not run out), is skipped, so a redelivered job sends nothing twice;
    - the mail is held under a lease while it is sent, which the worker's heartbeat
      renews: a worker that dies mid-delivery loses it to another soon after;
    - a delivered mail is deleted;
    - a mail server that is down schedules another attempt with a growing delay, and after
      the last attempt the mail is marked failed with the reason;
    - the outcome is recorded only if this worker still holds the mail.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, mailer: Mailer, clock: Clock, *, leases: HeldLeases
    ) -> None:
        self._uow = uow
        self._mailer = mailer
        self._clock = clock
        self._leases = leases

    def execute(self, mail_id: int) -> None:
        claim = self._claim(mail_id)
        if claim is None:
            return
        lease, mail = claim
        with self._leases.holding(lease):
            try:
                self._mailer.send(mail)
            except DependencyUnavailable as error:
                self._finish(lease, error.detail)
            else:
                self._finish(lease, None)

    def _claim(self, mail_id: int) -> tuple[Lease, OutgoingMail] | None:
        now = self._clock.now()
        with self._uow() as uow:
            queued = uow.mails.get_for_update(mail_id)
            if queued is None or queued.status is MailStatus.FAILED:
                return None
            if queued.status is MailStatus.SENDING and queued.next_attempt_at > now:
                return None
            if queued.attempts >= MAX_ATTEMPTS:
                queued.status, queued.last_error = MailStatus.FAILED, INTERRUPTED
                uow.commit()
                return None
            queued.status, queued.next_attempt_at = MailStatus.SENDING, self._leases.expiry(now)
            queued.attempts += 1
            lease = Lease(DELIVER_MAIL, mail_id, queued.attempts, since=now)
            uow.commit()
        return lease, OutgoingMail(queued.to, queued.subject, queued.text)

    def _finish(self, lease: Lease, error: str | None) -> None:
        with self._uow() as uow:
            sending = uow.mails.get_for_update(lease.job_id)
            held = sending is not None and sending.status is MailStatus.SENDING
            if sending is None or not held or sending.attempts != lease.attempt:
                return  # the sweeper or another worker took the mail after our lease lapsed
            if error is None:
                uow.mails.delete(sending)
            else:
                sending.failed_once(error, self._clock.now())
                log.warning("mail %s not delivered (attempt %s)", lease.job_id, lease.attempt)
            uow.commit()
