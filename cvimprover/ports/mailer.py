from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    text: str


class Mailer(Protocol):
    """Delivers a mail, or raises `DependencyUnavailable` when it cannot."""

    def send(self, mail: OutgoingMail) -> None: ...
