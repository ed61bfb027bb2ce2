"""Creating an account, shared by sign-up and the `create-user` command."""

from datetime import datetime

from cvimprover.core.billing.model import FREE_PLAN_NAME
from cvimprover.core.users.commands import NewAccount
from cvimprover.core.users.model import User
from cvimprover.core.users.rules import AccountRules, EveryProblem
from cvimprover.ports.security import PasswordHasher
from cvimprover.ports.unit_of_work import UnitOfWork


class AccountFactory:
    """Validates a new account (every field at once) and adds it, on the Free plan, to the
    unit of work."""

    def __init__(self, rules: AccountRules, hasher: PasswordHasher) -> None:
        self._rules = rules
        self._hasher = hasher

    def create(self, uow: UnitOfWork, command: NewAccount, now: datetime) -> User:
        problems = EveryProblem()
        username = problems.check(lambda: self._rules.username(uow, command.username), "")
        email = problems.check(lambda: self._rules.email(uow, command.email), "")
        inputs = [username or command.username, email or command.email]
        password = problems.check(
            lambda: self._rules.new_password(
                command.password1, command.password2, user_inputs=inputs
            ),
            "",
        )
        problems.raise_if_any()
        free = uow.plans.get_by_name(FREE_PLAN_NAME)
        user = User(
            username=username,
            email=email,
            password_hash=self._hasher.hash(password),
            date_joined=now,
            first_name=command.first_name.strip(),
            last_name=command.last_name.strip(),
            is_staff=command.is_staff,
            plan_id=free.id if free else None,
        )
        uow.users.add(user)
        return user
