"""Accounts, their sessions and their single-use tokens."""

import enum
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(kw_only=True, eq=False)
class User:
    """A person with an account.

    `session_version` is part of every token issued to the user; bumping it ends
    every session at once (password change or reset).
    """

    username: str
    email: str
    password_hash: str
    date_joined: datetime
    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    plan_id: int | None = None
    is_staff: bool = False
    is_active: bool = True
    email_verified: bool = False
    session_version: int = 1
    last_login: datetime | None = None
    stripe_customer_id: str | None = None
    stripe_subscription_id: str | None = None
    stripe_subscription_status: str | None = None
    subscription_renewal_date: datetime | None = None
    subscription_interval: str | None = None
    subscription_gateway: str | None = None
    subscription_event_at: datetime | None = None
    past_due_since: datetime | None = None
    google_subject: str | None = None
    """Google's id of the person, once they have signed in with Google."""
    id: int | None = None

    def end_all_sessions(self) -> None:
        self.session_version += 1


@dataclass(kw_only=True, eq=False)
class RefreshSession:
    """One issued refresh token. Tokens rotated from one login share a family."""

    jti: str
    family_id: str
    user_id: int
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def is_spent(self) -> bool:
        return self.used_at is not None or self.revoked_at is not None


class TokenPurpose(enum.StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 (a purpose, not a password)


@dataclass(kw_only=True, eq=False)
class OneTimeToken:
    """A single-use secret sent by mail; only its digest is stored."""

    digest: str
    user_id: int
    purpose: TokenPurpose
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    id: int | None = None

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


@dataclass(frozen=True)
class UserView:
    """What the outside world sees of a user (no secrets)."""

    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    email_verified: bool
    is_staff: bool
    plan: "PlanView | None"
    stripe_customer_id: str | None
    stripe_subscription_id: str | None
    stripe_subscription_status: str | None
    subscription_renewal_date: datetime | None


@dataclass(frozen=True)
class PlanView:
    id: int
    name: str
    description: str


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str
    access_expiration: datetime
    refresh_expiration: datetime


@dataclass(frozen=True)
class AuthResult:
    tokens: TokenPair
    user: UserView


@dataclass(frozen=True)
class SessionState:
    """What decides whether a user's access token still counts."""

    session_version: int
    is_active: bool
    is_staff: bool


@dataclass(frozen=True)
class Principal:
    """Who is calling, as proven by a valid access token."""

    user_id: int
    session_version: int
    is_staff: bool = False
