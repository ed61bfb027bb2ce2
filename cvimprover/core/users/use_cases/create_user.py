from cvimprover.core.users.accounts import AccountFactory
from cvimprover.core.users.commands import NewAccount
from cvimprover.ports.clock import Clock
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class CreateUser:
    """Creates an account for an operator (`cvimprover create-user`).

    Same rules as sign-up; the e-mail counts as verified, since an operator vouches
    for it, and no mail is sent. Returns the new user's id.
    """

    def __init__(self, uow: UnitOfWorkFactory, accounts: AccountFactory, clock: Clock) -> None:
        self._uow = uow
        self._accounts = accounts
        self._clock = clock

    def execute(self, command: NewAccount) -> int:
        with self._uow() as uow:
            user = self._accounts.create(uow, command, self._clock.now())
            user.email_verified = True
            uow.commit()
        assert user.id is not None
        return user.id
