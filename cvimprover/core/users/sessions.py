"""Starting a session: a refresh-token family and its first pair of tokens."""

import secrets
from datetime import datetime

from cvimprover.core.users.model import RefreshSession, TokenPair, User
from cvimprover.ports.security import AccessClaims, RefreshClaims, TokenService
from cvimprover.ports.unit_of_work import UnitOfWork


class SessionIssuer:
    """Records a refresh token in the unit of work and signs the pair for it."""

    def __init__(self, tokens: TokenService) -> None:
        self._tokens = tokens

    def start(self, uow: UnitOfWork, user: User, now: datetime) -> TokenPair:
        return self.continue_family(uow, user, secrets.token_urlsafe(16), now)

    def continue_family(
        self, uow: UnitOfWork, user: User, family_id: str, now: datetime
    ) -> TokenPair:
        assert user.id is not None, "a session needs a stored user"
        jti = secrets.token_urlsafe(24)
        refresh = self._tokens.issue_refresh(
            RefreshClaims(user.id, user.session_version, jti, family_id), now
        )
        access = self._tokens.issue_access(AccessClaims(user.id, user.session_version), now)
        uow.refresh_sessions.add(
            RefreshSession(
                jti=jti,
                family_id=family_id,
                user_id=user.id,
                issued_at=now,
                expires_at=refresh.expires_at,
            )
        )
        return TokenPair(access.value, refresh.value, access.expires_at, refresh.expires_at)
