from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import AccessCheck
from cvimprover.core.users.model import Principal
from cvimprover.ports.security import TokenService
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class Authenticate:
    """Turns an access token into the calling user.

    The token must be valid, and its user must still exist, be active, and not have
    ended every session (password change or reset) since the token was issued.
    """

    def __init__(self, uow: UnitOfWorkFactory, tokens: TokenService) -> None:
        self._uow = uow
        self._tokens = tokens

    def execute(self, command: AccessCheck) -> Principal:
        claims = self._tokens.decode_access(command.access)
        with self._uow() as uow:
            state = uow.users.session_state(claims.user_id)
        if state is None or not state.is_active or state.session_version != claims.session_version:
            raise AuthenticationFailed("Token is invalid or expired.")
        return Principal(claims.user_id, claims.session_version, state.is_staff)
