from datetime import datetime
from typing import Protocol

from cvimprover.core.mail.model import QueuedMail
from cvimprover.ports.leases import LeasedJobRepository


class QueuedMailRepository(LeasedJobRepository, Protocol):
    """Stores mails waiting for delivery, and those a worker is sending."""

    def add(self, mail: QueuedMail) -> None: ...

    def get_for_update(self, mail_id: int) -> QueuedMail | None:
        """Locks the row, so that two workers never deliver the same mail at once."""
        ...

    def due(self, now: datetime, limit: int) -> list[QueuedMail]:
        """Mails whose next attempt (or lease) is due, oldest first, locked for this unit."""
        ...

    def delete(self, mail: QueuedMail) -> None: ...

    def delete_addressed_to(self, address: str) -> None:
        """Drops every mail still waiting for that address (ignoring case)."""
        ...
