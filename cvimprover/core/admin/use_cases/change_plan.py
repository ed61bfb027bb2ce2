from dataclasses import dataclass

from cvimprover.core.errors import NotFound
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class PlanChange:
    user_id: int
    username: str
    previous_plan: str | None
    plan: str
    subscription_status: str | None
    """The payment gateway's word on the user's subscription, if they have one: its
    next event may set the plan again."""


class ChangePlan:
    """An operator puts a user on a plan (a courtesy upgrade, a support case).

    - the user is named by username or e-mail, the plan by its name (any case);
    - the new plan's quotas apply from the user's next request;
    - a paying subscriber keeps their subscription: the gateway's next event about it
      may set the plan again, which the outcome warns of.
    """

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def execute(self, user: str, plan_name: str) -> PlanChange:
        with self._uow() as uow:
            account = uow.users.get_by_username(user) or uow.users.get_by_email(user)
            if account is None or account.id is None:
                raise NotFound(f"No user has the username or e-mail {user!r}.")
            plans = {plan.name.lower(): plan for plan in uow.plans.list()}
            plan = plans.get(plan_name.strip().lower())
            if plan is None or plan.id is None:
                known = ", ".join(p.name for p in plans.values()) or "none (run seed-plans)"
                raise NotFound(f"No plan is named {plan_name!r}; the plans are: {known}.")
            previous = uow.plans.get(account.plan_id) if account.plan_id else None
            account.plan_id = plan.id
            change = PlanChange(
                account.id,
                account.username,
                previous.name if previous else None,
                plan.name,
                account.stripe_subscription_status,
            )
            uow.commit()
        return change
