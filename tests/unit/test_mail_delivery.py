"""Mails go through the outbox table and the job queue; workers deliver them."""

from datetime import timedelta

import pytest

from cvimprover.core.jobs.leases import HeldLeases
from cvimprover.core.jobs.use_cases.renew_leases import RenewLeases
from cvimprover.core.mail.model import DELIVER_MAIL, INTERRUPTED, MAX_ATTEMPTS, MailStatus
from cvimprover.core.mail.use_cases.deliver_mail import DeliverMail
from cvimprover.core.mail.use_cases.queue_mail import QueueMail
from cvimprover.core.mail.use_cases.requeue_due_mails import RequeueDueMails
from cvimprover.ports.mailer import OutgoingMail
from tests.unit.fakes import (
    FakeClock,
    FakeUnitOfWorkFactory,
    InMemoryStore,
    RecordingMailer,
    RecordingTaskQueue,
)

MAIL = OutgoingMail("ada@example.com", "Welcome", "Open https://example.com/verify-email/k")


class Outbox:
    def __init__(self) -> None:
        self.store = InMemoryStore()
        self.uow = FakeUnitOfWorkFactory(self.store)
        self.clock = FakeClock()
        self.tasks = RecordingTaskQueue()
        self.server = RecordingMailer()
        self.leases = HeldLeases()
        terms = self.leases.terms
        self.queue = QueueMail(self.uow, self.tasks, self.clock, terms=terms)
        self.deliver = DeliverMail(self.uow, self.server, self.clock, leases=self.leases)
        self.sweep = RequeueDueMails(self.uow, self.tasks, self.clock, terms=terms)
        self.renew_leases = RenewLeases(self.uow, self.leases, self.clock)

    @property
    def stored(self):
        return list(self.store.state.mails.values())


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


def test_a_queued_mail_is_stored_and_its_id_handed_to_the_workers(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    [mail] = outbox.stored
    assert outbox.tasks.queued == [(DELIVER_MAIL, mail.id)]
    assert outbox.server.sent == []


def test_a_worker_delivers_the_mail_and_forgets_it(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    outbox.deliver.execute(outbox.stored[0].id)
    assert outbox.server.sent == [MAIL]
    assert outbox.stored == []


def test_a_redelivered_job_sends_nothing_twice(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    mail_id = outbox.stored[0].id
    outbox.deliver.execute(mail_id)
    outbox.deliver.execute(mail_id)
    assert outbox.server.sent == [MAIL]


def test_a_broker_that_is_down_loses_no_mail(outbox: Outbox) -> None:
    outbox.tasks.broker_down = True
    outbox.queue.send(MAIL)
    assert len(outbox.stored) == 1
    outbox.tasks.broker_down = False
    outbox.clock.advance(outbox.leases.terms.queued)
    assert outbox.sweep.execute() == 1
    [(_kind, mail_id)] = outbox.tasks.queued
    outbox.deliver.execute(mail_id)
    assert outbox.server.sent == [MAIL]


def test_the_sweeper_leaves_a_mail_alone_while_it_is_handed_out(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    assert outbox.sweep.execute() == 0
    outbox.clock.advance(outbox.leases.terms.queued - timedelta(seconds=1))
    assert outbox.sweep.execute() == 0
    outbox.clock.advance(timedelta(seconds=1))
    assert outbox.sweep.execute() == 1
    assert outbox.sweep.execute() == 0  # handed out again, with a new lease


def test_a_mail_server_that_is_down_gets_retried_later_with_growing_delays(outbox) -> None:
    outbox.queue.send(MAIL)
    mail_id = outbox.stored[0].id
    outbox.server.down = True
    outbox.deliver.execute(mail_id)
    first = outbox.stored[0]
    assert (first.attempts, first.status) == (1, MailStatus.QUEUED)
    assert first.next_attempt_at == outbox.clock.now() + timedelta(seconds=30)
    outbox.clock.set(first.next_attempt_at)
    outbox.deliver.execute(mail_id)
    assert outbox.stored[0].next_attempt_at == outbox.clock.now() + timedelta(minutes=2)


def test_after_the_last_attempt_the_mail_is_failed_with_the_reason(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    mail_id = outbox.stored[0].id
    outbox.server.down = True
    for _ in range(MAX_ATTEMPTS):
        outbox.deliver.execute(mail_id)
    [mail] = outbox.stored
    assert mail.status is MailStatus.FAILED
    assert mail.last_error == "The mail server is unreachable."
    outbox.server.down = False
    outbox.deliver.execute(mail_id)
    outbox.clock.advance(timedelta(days=2))
    assert outbox.sweep.execute() == 0
    assert outbox.server.sent == []


def test_a_job_for_a_mail_that_no_longer_exists_does_nothing(outbox: Outbox) -> None:
    outbox.deliver.execute(12345)
    assert outbox.server.sent == []


def test_a_mail_being_sent_is_renewed_and_left_alone_by_the_sweeper(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    mail_id = outbox.stored[0].id
    seen = []

    def slow_server(_mail: OutgoingMail) -> None:
        for _ in range(6):
            outbox.clock.advance(outbox.leases.terms.running / 3)
            assert outbox.renew_leases.execute() == 1
        assert outbox.sweep.execute() == 0
        [mail] = outbox.stored
        seen.append((mail.status, mail.next_attempt_at - outbox.clock.now()))

    outbox.server.on_send = slow_server
    outbox.deliver.execute(mail_id)
    assert seen == [(MailStatus.SENDING, outbox.leases.terms.running)]
    assert outbox.server.sent == [MAIL]
    assert outbox.stored == []


def test_a_redelivered_job_skips_a_mail_another_worker_is_sending(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    mail_id = outbox.stored[0].id
    outbox.server.on_send = lambda _mail: outbox.deliver.execute(mail_id)
    outbox.deliver.execute(mail_id)
    assert outbox.server.sent == [MAIL]


def test_a_mail_whose_worker_died_mid_delivery_is_sent_by_another_a_lease_later(
    outbox: Outbox,
) -> None:
    outbox.queue.send(MAIL)
    mail_id = outbox.stored[0].id

    def killed(_mail: OutgoingMail) -> None:
        raise SystemExit("killed")

    outbox.server.on_send = killed
    with pytest.raises(SystemExit):
        outbox.deliver.execute(mail_id)
    outbox.server.on_send = None
    assert outbox.stored[0].status is MailStatus.SENDING
    outbox.clock.advance(outbox.leases.terms.running - timedelta(seconds=1))
    assert outbox.sweep.execute() == 0
    outbox.clock.advance(timedelta(seconds=1))
    assert outbox.sweep.execute() == 1
    assert outbox.stored[0].status is MailStatus.QUEUED
    outbox.deliver.execute(mail_id)
    assert outbox.server.sent == [MAIL]
    assert outbox.stored == []


def test_a_mail_whose_delivery_was_interrupted_too_often_fails(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    [mail] = outbox.stored
    mail.attempts = MAX_ATTEMPTS
    outbox.deliver.execute(mail.id)
    [failed] = outbox.stored
    assert (failed.status, failed.last_error) == (MailStatus.FAILED, INTERRUPTED)
    assert outbox.server.sent == []


def test_a_worker_that_lost_its_lease_records_nothing(outbox: Outbox) -> None:
    outbox.queue.send(MAIL)
    mail_id = outbox.stored[0].id

    def unrenewed(_mail: OutgoingMail) -> None:
        outbox.clock.advance(outbox.leases.terms.running)
        assert outbox.sweep.execute() == 1  # queued again for another worker

    outbox.server.on_send = unrenewed
    outbox.deliver.execute(mail_id)
    [mail] = outbox.stored
    assert (mail.status, mail.attempts) == (MailStatus.QUEUED, 1)
