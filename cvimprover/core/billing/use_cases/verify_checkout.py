from cvimprover.core.billing.commands import CheckoutCheck
from cvimprover.core.billing.subscriptions import ACTIVE
from cvimprover.core.billing.views import CheckoutOutcome
from cvimprover.core.errors import NotFound
from cvimprover.ports.payments import PaymentGateway
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class VerifyCheckout:
    """Tells the caller, back from the gateway, where their checkout stands.

    - a checkout is only ever shown to the person who started it (anyone else: not found);
    - `complete` once its subscription is active on the account (the webhook applied it),
      `processing` when the gateway says paid but its event has not arrived yet, else
      `open`. It changes nothing: only verified webhooks move subscriptions.
    """

    def __init__(self, uow: UnitOfWorkFactory, gateway: PaymentGateway) -> None:
        self._uow = uow
        self._gateway = gateway

    def execute(self, command: CheckoutCheck) -> CheckoutOutcome:
        state = self._gateway.checkout_state(command.session_id)
        if state.user_id != command.user_id:
            raise NotFound("No such checkout session.")
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such checkout session.")
            plan = uow.plans.get(user.plan_id) if user.plan_id is not None else None
            applied = (
                state.subscription_id is not None
                and user.stripe_subscription_id == state.subscription_id
                and user.stripe_subscription_status == ACTIVE
            )
            return CheckoutOutcome(
                session_id=state.session_id,
                status="complete" if applied else "processing" if state.paid else "open",
                plan_id=plan.id if plan else None,
                plan=plan.name if plan else None,
                subscription_status=user.stripe_subscription_status,
                renewal_date=user.subscription_renewal_date,
            )
