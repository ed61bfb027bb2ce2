from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import RefreshRequest
from cvimprover.core.users.model import TokenPair
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.ports.clock import Clock
from cvimprover.ports.security import TokenService
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

INVALID = "Token is invalid or expired."


class RefreshTokens:
    """Rotates a refresh token: the old one is spent, a new pair is issued in its family.

    - presenting a refresh token that was already used means it was copied: the whole
      family is revoked, so neither the thief nor the owner can go on with it;
    - revoked, unknown and expired tokens, and tokens from before a password change,
      are refused.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, tokens: TokenService, sessions: SessionIssuer, clock: Clock
    ) -> None:
        self._uow = uow
        self._tokens = tokens
        self._sessions = sessions
        self._clock = clock

    def execute(self, command: RefreshRequest) -> TokenPair:
        claims = self._tokens.decode_refresh(command.refresh)
        now = self._clock.now()
        with self._uow() as uow:
            session = uow.refresh_sessions.get_for_update(claims.jti)
            if session is None or session.revoked_at is not None:
                raise AuthenticationFailed(INVALID)
            if session.used_at is not None:
                uow.refresh_sessions.revoke_family(session.family_id, now)
                uow.commit()
                raise AuthenticationFailed(INVALID)
            user = uow.users.get(session.user_id)
            if user is None or not user.is_active or user.session_version != claims.session_version:
                raise AuthenticationFailed(INVALID)
            session.used_at = now
            pair = self._sessions.continue_family(uow, user, session.family_id, now)
            uow.commit()
            return pair
