"""Single-use tokens sent by mail (e-mail verification, password reset)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from cvimprover.core.errors import InvalidInput
from cvimprover.core.users.model import OneTimeToken, TokenPurpose, User
from cvimprover.ports.unit_of_work import UnitOfWork

LIFETIMES = {
    TokenPurpose.VERIFY_EMAIL: timedelta(days=3),
    TokenPurpose.RESET_PASSWORD: timedelta(hours=1),
}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue(uow: UnitOfWork, user: User, purpose: TokenPurpose, now: datetime) -> str:
    """Stores a new token (retiring older ones of the same purpose) and returns its secret."""
    assert user.id is not None
    uow.one_time_tokens.spend_all(user.id, purpose, now)
    secret = secrets.token_urlsafe(32)
    uow.one_time_tokens.add(
        OneTimeToken(
            digest=digest(secret),
            user_id=user.id,
            purpose=purpose,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    return secret


def redeem(
    uow: UnitOfWork, secret: str, purpose: TokenPurpose, now: datetime, *, field: str
) -> OneTimeToken:
    """Marks the token used, or refuses it as invalid, used or expired."""
    token = uow.one_time_tokens.get_by_digest(digest(secret), purpose)
    if token is None or not token.is_usable(now):
        raise InvalidInput(
            "The link is invalid, already used or expired.",
            errors={field: ["Invalid, used or expired token."]},
        )
    token.used_at = now
    return token
