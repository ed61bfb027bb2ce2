"""Usernames made for people who never chose one (accounts made by Google sign-in)."""

import re
import secrets

from cvimprover.ports.unit_of_work import UnitOfWork

NOT_ALLOWED = re.compile(r"[^\w.@+-]")
LONGEST_STEM = 140
"""Leaves room for a numeric suffix within the 150 characters a username may have."""
NUMBERED_TRIES = 50


def username_from_email(uow: UnitOfWork, email: str | None) -> str:
    """The e-mail's local part, cut to the allowed characters, made unique with a number
    (`jane`, `jane2`, `jane3`...) or, when many are taken, a random suffix."""
    local = (email or "").partition("@")[0]
    stem = NOT_ALLOWED.sub("", local)[:LONGEST_STEM] or "user"
    candidates = [stem, *(f"{stem}{number}" for number in range(2, NUMBERED_TRIES + 2))]
    for candidate in candidates:
        if uow.users.get_by_username(candidate) is None:
            return candidate
    return f"{stem}_{secrets.token_hex(4)}"
