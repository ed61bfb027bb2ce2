from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.users.commands import AccessCheck
from cvimprover.core.users.model import Principal, SessionState
from cvimprover.ports.read_cache import ReadCache
from cvimprover.ports.security import TokenService
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

SESSION_STATE = "session-state"
SESSION_STATE_SIZE = 64


class Authenticate:
    """Turns an access token into the calling user.

    The token must be valid, and its user must still exist, be active, and not have
    ended every session (password change or reset) since the token was issued. The
    user's session state may come from the read cache, which forgets it at the commit
    of any change to the user.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, tokens: TokenService, cache: ReadCache | None = None
    ) -> None:
        self._uow = uow
        self._tokens = tokens
        self._cache = cache

    def execute(self, command: AccessCheck) -> Principal:
        claims = self._tokens.decode_access(command.access)
        state = self._session_state(claims.user_id)
        if state is None or not state.is_active or state.session_version != claims.session_version:
            raise AuthenticationFailed("Token is invalid or expired.")
        return Principal(claims.user_id, claims.session_version, state.is_staff)

    def _session_state(self, user_id: int) -> SessionState | None:
        cache = self._cache
        generation = cache.generation(user_id) if cache else None
        if cache is None or generation is None:
            return self._read_session_state(user_id)
        cached = cache.get(user_id, SESSION_STATE)
        if isinstance(cached, SessionState):
            return cached
        state = self._read_session_state(user_id)
        if state is not None:
            cache.put(
                user_id,
                SESSION_STATE,
                state,
                generation=generation,
                size=SESSION_STATE_SIZE,
                scope="session",
            )
        return state

    def _read_session_state(self, user_id: int) -> SessionState | None:
        with self._uow() as uow:
            return uow.users.session_state(user_id)
