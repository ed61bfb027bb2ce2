from dataclasses import dataclass

from cvimprover.core.billing.quotas import QuotaScope, QuotaUse
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.errors import InvalidInput, NotFound
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class QuotaStatement:
    """A user's plan in force and their use of each quota in its current window."""

    user_id: int
    username: str
    plan: str
    uses: list[QuotaUse]


class InspectQuotas:
    """An operator reads a user's quota use (named by username or e-mail)."""

    def __init__(self, uow: UnitOfWorkFactory, quotas: Quotas) -> None:
        self._uow = uow
        self._quotas = quotas

    def execute(self, user: str) -> QuotaStatement:
        user_id, username = _find(self._uow, user)
        return _statement(self._quotas, user_id, username)


class ResetQuotas:
    """An operator forgets a user's uses in the current windows (a support case).

    - every scope unless some are named; an unknown scope name is refused;
    - only the current windows: past ones have ended anyway.
    """

    def __init__(self, uow: UnitOfWorkFactory, quotas: Quotas) -> None:
        self._uow = uow
        self._quotas = quotas

    def execute(self, user: str, scopes: list[str] | None = None) -> QuotaStatement:
        chosen = _scopes(scopes) if scopes else list(QuotaScope)
        user_id, username = _find(self._uow, user)
        for scope in chosen:
            self._quotas.reset(user_id, scope)
        return _statement(self._quotas, user_id, username)


def _find(uow_factory: UnitOfWorkFactory, user: str) -> tuple[int, str]:
    with uow_factory() as uow:
        account = uow.users.get_by_username(user) or uow.users.get_by_email(user)
        if account is None or account.id is None:
            raise NotFound(f"No user has the username or e-mail {user!r}.")
        return account.id, account.username


def _scopes(names: list[str]) -> list[QuotaScope]:
    known = {scope.value: scope for scope in QuotaScope}
    unknown = [name for name in names if name not in known]
    if unknown:
        message = f"Unknown quota scope {', '.join(unknown)}; the scopes are: {', '.join(known)}."
        raise InvalidInput(message, errors={"scope": [message]})
    return [known[name] for name in names]


def _statement(quotas: Quotas, user_id: int, username: str) -> QuotaStatement:
    plan = quotas.plan_of(user_id)
    uses = quotas.uses_of(user_id, list(QuotaScope))
    return QuotaStatement(user_id, username, plan.name, uses)
