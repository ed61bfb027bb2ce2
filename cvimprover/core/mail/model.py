"""Mails waiting in the outbox table for a worker to deliver them."""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

DELIVER_MAIL = "deliver_mail"
"""The job kind workers know a queued mail by."""

MAX_ATTEMPTS = 6
RETRY_DELAYS = [timedelta(seconds=30 * 4**attempt) for attempt in range(MAX_ATTEMPTS)]
"""30 s, 2 min, 8 min, 32 min, ~2 h, ~8.5 h: a mail server has most of a day to come back."""

LEASE = timedelta(minutes=5)
"""How long a handed-out job is left alone before the sweeper hands it out again."""


class MailStatus(enum.StrEnum):
    QUEUED = "queued"
    FAILED = "failed"


@dataclass(kw_only=True, eq=False)
class QueuedMail:
    """A mail accepted for delivery. Delivered mails are deleted: their text (links with
    secrets, addresses) is kept no longer than needed."""

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
        self.attempts += 1
        self.last_error = error[:500]
        if self.attempts >= MAX_ATTEMPTS:
            self.status = MailStatus.FAILED
        else:
            self.next_attempt_at = now + RETRY_DELAYS[self.attempts - 1]
