import logging

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.users import mail_tokens
from cvimprover.core.users.commands import VerificationResend
from cvimprover.core.users.messages import AccountLinks, verification_mail
from cvimprover.core.users.model import TokenPurpose
from cvimprover.ports.clock import Clock
from cvimprover.ports.mailer import Mailer
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class ResendVerificationEmail:
    """Sends a fresh verification link; older links stop working.

    The answer is the same whether or not the address belongs to an unverified account,
    even when the mail server is down.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, mailer: Mailer, links: AccountLinks
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._mailer = mailer
        self._links = links

    def execute(self, command: VerificationResend) -> None:
        with self._uow() as uow:
            user = uow.users.get_by_email(command.email.strip())
            if user is None or user.email_verified or not user.is_active:
                return
            key = mail_tokens.issue(uow, user, TokenPurpose.VERIFY_EMAIL, self._clock.now())
            uow.commit()
        try:
            self._mailer.send(verification_mail(user, self._links, key))
        except DependencyUnavailable:
            # A 503 here, but not for unknown addresses, would tell which addresses exist.
            log.warning("verification mail not sent", extra={"user_id": user.id})
