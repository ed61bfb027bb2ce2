from cvimprover.core.errors import InvalidInput
from cvimprover.core.users import mail_tokens
from cvimprover.core.users.commands import ResetConfirmation
from cvimprover.core.users.model import TokenPurpose
from cvimprover.core.users.rules import AccountRules
from cvimprover.core.users.uid import decode_uid
from cvimprover.ports.clock import Clock
from cvimprover.ports.security import PasswordHasher
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

INVALID_LINK = "The reset link is invalid, already used or expired."


class ConfirmPasswordReset:
    """Sets a new password with the uid and token from the reset mail.

    The token works once, within an hour, and only for the account it was sent for.
    Every existing session ends; following the link also proves the e-mail address.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, rules: AccountRules, hasher: PasswordHasher, clock: Clock
    ) -> None:
        self._uow = uow
        self._rules = rules
        self._hasher = hasher
        self._clock = clock

    def execute(self, command: ResetConfirmation) -> None:
        now = self._clock.now()
        user_id = decode_uid(command.uid)
        with self._uow() as uow:
            token = mail_tokens.redeem(
                uow, command.token, TokenPurpose.RESET_PASSWORD, now, field="token"
            )
            user = uow.users.get(token.user_id)
            if user is None or user.id != user_id:
                raise InvalidInput(INVALID_LINK, errors={"token": [INVALID_LINK]})
            password = self._rules.new_password(
                command.new_password1,
                command.new_password2,
                user_inputs=[user.username, user.email],
                fields=("new_password1", "new_password2"),
            )
            user.password_hash = self._hasher.hash(password)
            user.email_verified = True
            user.end_all_sessions()
            uow.refresh_sessions.revoke_all_for_user(user.id, now)
            uow.commit()
