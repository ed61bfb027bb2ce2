from cvimprover.core.errors import NotFound
from cvimprover.core.users import mail_tokens
from cvimprover.core.users.commands import EmailVerification
from cvimprover.core.users.model import TokenPurpose
from cvimprover.ports.clock import Clock
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class VerifyEmail:
    """Confirms the e-mail address with the key from the verification mail (single use)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def execute(self, command: EmailVerification) -> None:
        now = self._clock.now()
        with self._uow() as uow:
            token = mail_tokens.redeem(
                uow, command.key, TokenPurpose.VERIFY_EMAIL, now, field="key"
            )
            user = uow.users.get(token.user_id)
            if user is None:
                raise NotFound("The account no longer exists.")
            user.email_verified = True
            uow.commit()
