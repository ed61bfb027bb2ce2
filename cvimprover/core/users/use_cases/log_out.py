from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import LogoutRequest
from cvimprover.ports.clock import Clock
from cvimprover.ports.security import TokenService
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class LogOut:
    """Revokes the refresh token's whole family.

    Logging out always succeeds: a missing, expired or unknown token has nothing left
    to revoke.
    """

    def __init__(self, uow: UnitOfWorkFactory, tokens: TokenService, clock: Clock) -> None:
        self._uow = uow
        self._tokens = tokens
        self._clock = clock

    def execute(self, command: LogoutRequest) -> None:
        if not command.refresh:
            return
        try:
            claims = self._tokens.decode_refresh(command.refresh)
        except AuthenticationFailed:
            return
        with self._uow() as uow:
            uow.refresh_sessions.revoke_family(claims.family_id, self._clock.now())
            uow.commit()
