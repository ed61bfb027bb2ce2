from cvimprover.core.errors import AuthenticationFailed, PermissionDenied, TooManyAttempts
from cvimprover.core.users.commands import Credentials
from cvimprover.core.users.model import AuthResult, User
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.core.users.views import user_view
from cvimprover.ports.clock import Clock
from cvimprover.ports.security import PasswordHasher
from cvimprover.ports.throttle import FailureThrottle
from cvimprover.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

BAD_CREDENTIALS = "Unable to log in with provided credentials."


class LogIn:
    """Exchanges a username or e-mail and a password for tokens.

    - failures are counted per account and per client address; over the limit the
      caller waits (`TooManyAttempts`), even with the right password;
    - an unknown user costs as much time as a wrong password, and both get the same answer;
    - inactive accounts cannot log in; unverified ones neither, when the setting says so;
    - a hash made with weaker parameters is upgraded on a successful login.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        throttle: FailureThrottle,
        clock: Clock,
        *,
        require_verified_email: bool,
    ) -> None:
        self._uow = uow
        self._hasher = hasher
        self._sessions = sessions
        self._throttle = throttle
        self._clock = clock
        self._require_verified_email = require_verified_email

    def execute(self, command: Credentials) -> AuthResult:
        account_key = f"login:account:{command.login.strip().casefold()}"
        keys = [account_key, f"login:ip:{command.client_ip}"]
        wait = self._throttle.retry_after(keys)
        if wait is not None:
            raise TooManyAttempts("Too many failed logins; try again later.", retry_after=wait)
        with self._uow() as uow:
            user = self._find(uow, command.login.strip())
            if not self._password_matches(user, command.password):
                self._throttle.record_failure(keys)
                raise AuthenticationFailed(BAD_CREDENTIALS)
            assert user is not None
            self._throttle.clear(account_key)
            return self._start_session(uow, user, command.password)

    def _find(self, uow: UnitOfWork, login: str) -> User | None:
        user = uow.users.get_by_username(login)
        if user is None and "@" in login:
            user = uow.users.get_by_email(login)
        return user

    def _password_matches(self, user: User | None, password: str) -> bool:
        if user is None or not user.is_active:
            self._hasher.verify_against_nothing(password)
            return False
        return self._hasher.verify(password, user.password_hash)

    def _start_session(self, uow: UnitOfWork, user: User, password: str) -> AuthResult:
        if self._require_verified_email and not user.email_verified:
            raise PermissionDenied("Confirm your e-mail address before logging in.")
        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = self._hasher.hash(password)
        now = self._clock.now()
        user.last_login = now
        tokens = self._sessions.start(uow, user, now)
        view = user_view(uow, user)
        uow.commit()
        return AuthResult(tokens, view)
