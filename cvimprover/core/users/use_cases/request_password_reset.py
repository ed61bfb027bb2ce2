import logging

from cvimprover.core.errors import DependencyUnavailable
from cvimprover.core.users import mail_tokens
from cvimprover.core.users.commands import ResetRequest
from cvimprover.core.users.messages import AccountLinks, password_reset_mail
from cvimprover.core.users.model import TokenPurpose
from cvimprover.core.users.uid import encode_uid
from cvimprover.ports.clock import Clock
from cvimprover.ports.mailer import Mailer
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class RequestPasswordReset:
    """Mails a single-use reset link valid for one hour.

    The caller learns nothing: the answer is the same whether or not the address
    belongs to an account, even when the mail server is down.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, mailer: Mailer, links: AccountLinks
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._mailer = mailer
        self._links = links

    def execute(self, command: ResetRequest) -> None:
        with self._uow() as uow:
            user = uow.users.get_by_email(command.email.strip())
            if user is None or not user.is_active or user.id is None:
                return
            token = mail_tokens.issue(uow, user, TokenPurpose.RESET_PASSWORD, self._clock.now())
            uow.commit()
        try:
            self._mailer.send(password_reset_mail(user, self._links, encode_uid(user.id), token))
        except DependencyUnavailable:
            # A 503 here, but not for unknown addresses, would tell which addresses exist.
            log.warning("password reset mail not sent", extra={"user_id": user.id})
