"""Secrets: password hashes, signed tokens, and the rules a password or e-mail must meet."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class PasswordHasher(Protocol):
    """Hashes and checks passwords with a slow, salted algorithm."""

    def hash(self, password: str) -> str: ...

    def verify(self, password: str, password_hash: str) -> bool: ...

    def verify_against_nothing(self, password: str) -> None:
        """Costs as much as `verify`, so unknown users cannot be told apart by timing."""
        ...

    def needs_rehash(self, password_hash: str) -> bool: ...


@dataclass(frozen=True)
class SignedToken:
    value: str
    expires_at: datetime


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    session_version: int


@dataclass(frozen=True)
class RefreshClaims:
    user_id: int
    session_version: int
    jti: str
    family_id: str


class TokenService(Protocol):
    """Issues and validates signed access and refresh tokens.

    Decoding checks signature, algorithm, expiry, issuer, audience and token type,
    and raises `AuthenticationFailed` when any of them is wrong.
    """

    def issue_access(self, claims: AccessClaims, now: datetime) -> SignedToken: ...

    def issue_refresh(self, claims: RefreshClaims, now: datetime) -> SignedToken: ...

    def decode_access(self, token: str) -> AccessClaims: ...

    def decode_refresh(self, token: str) -> RefreshClaims: ...


class PasswordPolicy(Protocol):
    """Judges a new password; returns the reasons it is refused (none when fine)."""

    def problems(self, password: str, *, user_inputs: list[str]) -> list[str]: ...


@dataclass(frozen=True)
class EmailVerdict:
    normalized: str | None
    problem: str | None = None


class EmailPolicy(Protocol):
    """Normalises an e-mail address, or says why it is refused (with a typo hint)."""

    def check(self, email: str) -> EmailVerdict: ...
