"""Reads the mails the API wrote into its outbox folder (one `.eml` file per mail)."""

import email
import email.policy
import re
import time
from dataclasses import dataclass
from pathlib import Path

# A frontend's links (FRONTEND_URL/verify-email/KEY) or the API's own pages' (?key=KEY).
VERIFY_LINK = re.compile(r"/verify-email/(?:\?key=)?(?P<key>[\w-]+)")
RESET_LINK = re.compile(r"/password-reset/(?:\?uid=)?(?P<uid>[\w-]+)(?:/|&token=)(?P<token>[\w-]+)")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str

    def link(self, pattern: re.Pattern[str]) -> dict[str, str]:
        found = pattern.search(self.text)
        assert found, f"no link like {pattern.pattern} in the mail:\n{self.text}"
        return found.groupdict()


class Mailbox:
    """The outbox seen from one address; a shared server's outbox holds many people's mail."""

    def __init__(self, folder: Path, wait_seconds: float = 5.0) -> None:
        self._folder = folder
        self._wait_seconds = wait_seconds

    def mails_to(self, address: str) -> list[Mail]:
        """Oldest first, as the file names sort by the time they were written."""
        if not self._folder.is_dir():
            return []
        mails = (self._read(path) for path in sorted(self._folder.glob("*.eml")))
        return [mail for mail in mails if mail.to.casefold() == address.casefold()]

    def latest_to(self, address: str, subject_contains: str) -> Mail:
        """Waits a little, as a server may write the mail just after it answered."""
        deadline = time.monotonic() + self._wait_seconds
        while True:
            mails = [m for m in self.mails_to(address) if subject_contains in m.subject]
            if mails:
                return mails[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail about {subject_contains!r} to {address}")
            time.sleep(0.1)

    @staticmethod
    def _read(path: Path) -> Mail:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        return Mail(str(message["To"]), str(message["Subject"]), text)
