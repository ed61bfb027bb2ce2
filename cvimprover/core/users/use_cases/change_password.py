from cvimprover.core.errors import InvalidInput, NotFound
from cvimprover.core.users.commands import PasswordChange
from cvimprover.core.users.model import AuthResult
from cvimprover.core.users.rules import AccountRules
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.core.users.views import user_view
from cvimprover.ports.clock import Clock
from cvimprover.ports.security import PasswordHasher
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class ChangePassword:
    """Sets a new password after checking the old one.

    Every existing session ends (other devices are logged out); the caller gets a
    fresh session so that it can go on.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        rules: AccountRules,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._rules = rules
        self._hasher = hasher
        self._sessions = sessions
        self._clock = clock

    def execute(self, command: PasswordChange) -> AuthResult:
        now = self._clock.now()
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            if not self._hasher.verify(command.old_password, user.password_hash):
                message = "Your old password was entered incorrectly."
                raise InvalidInput(message, errors={"old_password": [message]})
            password = self._rules.new_password(
                command.new_password1,
                command.new_password2,
                user_inputs=[user.username, user.email],
                fields=("new_password1", "new_password2"),
            )
            user.password_hash = self._hasher.hash(password)
            user.end_all_sessions()
            uow.refresh_sessions.revoke_all_for_user(command.user_id, now)
            tokens = self._sessions.start(uow, user, now)
            view = user_view(uow, user)
            uow.commit()
        return AuthResult(tokens, view)
