"""Mails waiting in the outbox table for a worker to deliver them."""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

DELIVER_MAIL = "deliver_mail"
"""The job kind workers know a queued mail by."""

MAX_ATTEMPTS = 6
RETRY_DELAYS = [timedelta(seconds=30 * 4**attempt) for attempt in range(MAX_ATTEMPTS)]
"""30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h: a mail server has most of a day to come back."""

INTERRUPTED = "The delivery was interrupted too many times."


class MailStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    FAILED = "failed"


@dataclass(kw_only=True, eq=False)
class QueuedMail:
    """A mail accepted for delivery: queued -> sending (a worker holds it under a lease)
    -> deleted once delivered, or queued again for a later attempt, or failed for good.
    Delivered mails are deleted: their text (links with secrets, addresses) is kept no
    longer than needed. `attempts` counts the deliveries started."""

    to: str
    subject: str
    text: str
    created_at: datetime
    next_attempt_at: datetime
    status: MailStatus = MailStatus.QUEUED
    attempts: int = 0
    last_error: str | None = None
    id: int | None = None

    def failed_once(self, error: str, now: datetime) -> None:
        """The attempt in hand failed: the next one waits for its delay, or, after the
        last one, the mail has failed for good."""
        self.last_error = error[:500]
        if self.attempts >= MAX_ATTEMPTS:
            self.status = MailStatus.FAILED
        else:
            self.status = MailStatus.QUEUED
            self.next_attempt_at = now + RETRY_DELAYS[self.attempts - 1]
