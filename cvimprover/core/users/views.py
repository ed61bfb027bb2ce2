from cvimprover.core.billing.model import Plan
from cvimprover.core.users.model import PlanView, User, UserView
from cvimprover.ports.unit_of_work import UnitOfWork


def describe(user: User, plan: Plan | None) -> UserView:
    """The public picture of `user` on `plan`."""
    assert user.id is not None
    return UserView(
        id=user.id,
        username=user.username,
        email=user.email,
        first_name=user.first_name,
        last_name=user.last_name,
        date_of_birth=user.date_of_birth,
        email_verified=user.email_verified,
        is_staff=user.is_staff,
        plan=PlanView(plan.id, plan.name, plan.description) if plan and plan.id else None,
        stripe_customer_id=user.stripe_customer_id,
        stripe_subscription_id=user.stripe_subscription_id,
        stripe_subscription_status=user.stripe_subscription_status,
        subscription_renewal_date=user.subscription_renewal_date,
    )


def user_view(uow: UnitOfWork, user: User) -> UserView:
    """The public picture of `user`, with its plan read in the same unit of work."""
    return describe(user, uow.plans.get(user.plan_id) if user.plan_id is not None else None)
