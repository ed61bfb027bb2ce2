"""Writes mails as .eml files into a folder, for the embedded default and for tests."""

import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from cvimprover.ports.mailer import Mailer, OutgoingMail


def to_email_message(mail: OutgoingMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(mail.text)
    return message


class OutboxMailer(Mailer):
    """Each mail becomes one `.eml` file that any mail program opens."""

    def __init__(self, folder: Path, sender: str) -> None:
        self._folder = folder
        self._sender = sender

    def send(self, mail: OutgoingMail) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        message = to_email_message(mail, self._sender)
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"  # sorts by time
        temporary = self._folder / f".{name}.tmp"
        temporary.write_bytes(bytes(message))
        temporary.rename(self._folder / name)  # readers never see half a mail
