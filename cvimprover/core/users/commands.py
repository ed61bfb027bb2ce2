"""What callers ask of the accounts context."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class NewAccount:
    username: str
    email: str
    password1: str
    password2: str
    first_name: str = ""
    last_name: str = ""
    is_staff: bool = False


@dataclass(frozen=True)
class Credentials:
    login: str
    """A username or an e-mail address."""
    password: str
    client_ip: str


@dataclass(frozen=True)
class RefreshRequest:
    refresh: str


@dataclass(frozen=True)
class LogoutRequest:
    refresh: str | None


@dataclass(frozen=True)
class EmailVerification:
    key: str


@dataclass(frozen=True)
class VerificationResend:
    email: str


@dataclass(frozen=True)
class AccessCheck:
    access: str


@dataclass(frozen=True)
class ProfileQuery:
    user_id: int


@dataclass(frozen=True)
class ProfileChanges:
    """Fields left out are kept; `replace` demands all writable fields (PUT)."""

    user_id: int
    changes: dict[str, object]
    replace: bool = False


@dataclass(frozen=True)
class AccountDeletion:
    user_id: int


@dataclass(frozen=True)
class PasswordChange:
    user_id: int
    old_password: str
    new_password1: str
    new_password2: str


@dataclass(frozen=True)
class ResetRequest:
    email: str


@dataclass(frozen=True)
class ResetConfirmation:
    uid: str
    token: str
    new_password1: str
    new_password2: str


WRITABLE_PROFILE_FIELDS: dict[str, type] = {
    "username": str,
    "email": str,
    "first_name": str,
    "last_name": str,
    "date_of_birth": date,
}


@dataclass(frozen=True)
class SocialLogin:
    id_token: str
    """An ID token from Google Identity Services."""


@dataclass(frozen=True)
class DataExportRequest:
    user_id: int
