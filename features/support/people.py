"""The people who use the API in a scenario, and what they hold: credentials and tokens.

Names are unique per scenario, so the suite can run again and again against one server.
"""

import secrets
import uuid
from dataclasses import dataclass, field, replace
from typing import Any


def strong_password() -> str:
    """A passphrase zxcvbn scores well that contains no username."""
    return f"violet-{secrets.token_hex(4)}-harbour-{secrets.token_hex(4)}"


@dataclass
class Person:
    username: str
    email: str
    password: str
    old_passwords: list[str] = field(default_factory=list)
    token_pairs: list[dict[str, Any]] = field(default_factory=list)
    """Every token pair the API gave them, oldest first."""

    @classmethod
    def new(cls, domain: str = "example.com") -> "Person":
        username = f"ada_{uuid.uuid4().hex[:12]}"
        return cls(username, f"{username}@{domain}", strong_password())

    def with_username_of(self, other: "Person") -> "Person":
        return replace(self, username=other.username, token_pairs=[], old_passwords=[])

    @property
    def local_part(self) -> str:
        return self.email.partition("@")[0]

    def keep_tokens(self, body: dict[str, Any]) -> None:
        self.token_pairs.append({"access": body["access"], "refresh": body["refresh"]})

    def change_password(self, new_password: str) -> None:
        self.old_passwords.append(self.password)
        self.password = new_password

    def bearer(self, access: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {access or self.token_pairs[-1]['access']}"}
