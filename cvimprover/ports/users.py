"""Persistence of accounts, sessions and single-use tokens."""

from datetime import datetime
from typing import Protocol

from cvimprover.core.users.model import (
    OneTimeToken,
    RefreshSession,
    SessionState,
    TokenPurpose,
    User,
    UserView,
)


class UserRepository(Protocol):
    """Stores users; look-ups of username and e-mail ignore case."""

    def add(self, user: User) -> None: ...

    def get(self, user_id: int) -> User | None: ...

    def get_by_username(self, username: str) -> User | None: ...

    def get_by_email(self, email: str) -> User | None: ...

    def get_by_google_subject(self, subject: str) -> User | None:
        """The account linked to that Google identity, if any."""
        ...

    def delete(self, user: User) -> None:
        """Removes the user and everything the user owns."""
        ...

    def session_state(self, user_id: int) -> SessionState | None:
        """Just what checking a token needs, read cheaply on every request."""
        ...

    def view(self, user_id: int) -> UserView | None:
        """The user's public picture with its plan, in one read."""
        ...


class RefreshSessionRepository(Protocol):
    """Stores issued refresh tokens by their `jti`."""

    def add(self, session: RefreshSession) -> None: ...

    def get_for_update(self, jti: str) -> RefreshSession | None:
        """Locks the row, so two concurrent refreshes cannot both rotate it."""
        ...

    def revoke_family(self, family_id: str, when: datetime) -> None: ...

    def revoke_all_for_user(self, user_id: int, when: datetime) -> None: ...


class OneTimeTokenRepository(Protocol):
    """Stores digests of tokens sent by mail."""

    def add(self, token: OneTimeToken) -> None: ...

    def get_by_digest(self, digest: str, purpose: TokenPurpose) -> OneTimeToken | None: ...

    def spend_all(self, user_id: int, purpose: TokenPurpose, when: datetime) -> None:
        """Marks every open token of that purpose used (a newer one replaces them)."""
        ...
