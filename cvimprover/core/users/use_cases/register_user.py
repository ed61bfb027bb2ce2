import logging

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.users import mail_tokens
from cvimprover.core.users.accounts import AccountFactory
from cvimprover.core.users.commands import NewAccount
from cvimprover.core.users.messages import AccountLinks, verification_mail
from cvimprover.core.users.model import AuthResult, TokenPurpose
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.core.users.views import user_view
from cvimprover.ports.clock import Clock
from cvimprover.ports.mailer import Mailer
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class RegisterUser:
    """Signs a person up and logs them in.

    - username, e-mail and password follow `AccountRules`; the e-mail is normalised;
    - the new user is on the Free plan, with the e-mail not yet verified;
    - a verification mail with a single-use link goes out after the commit; a mail
      server that is down does not undo the sign-up (the mail can be resent).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        accounts: AccountFactory,
        sessions: SessionIssuer,
        clock: Clock,
        mailer: Mailer,
        links: AccountLinks,
    ) -> None:
        self._uow = uow
        self._accounts = accounts
        self._sessions = sessions
        self._clock = clock
        self._mailer = mailer
        self._links = links

    def execute(self, command: NewAccount) -> AuthResult:
        now = self._clock.now()
        with self._uow() as uow:
            user = self._accounts.create(uow, command, now)
            key = mail_tokens.issue(uow, user, TokenPurpose.VERIFY_EMAIL, now)
            tokens = self._sessions.start(uow, user, now)
            view = user_view(uow, user)
            uow.commit()
        try:
            self._mailer.send(verification_mail(user, self._links, key))
        except DependencyUnavailable:
            log.warning("verification mail not sent", extra={"user_id": user.id})
        return AuthResult(tokens, view)
