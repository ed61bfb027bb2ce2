from dataclasses import dataclass

from cvimprover.core.billing.commands import NewCheckout
from cvimprover.core.billing.model import Plan
from cvimprover.core.billing.price_book import PriceBook, SellingPrice
from cvimprover.core.billing.subscriptions import customer_of, gateway_of, live_subscription
from cvimprover.core.errors import Conflict, DependencyUnavailable, InvalidInput, NotFound
from cvimprover.core.users.model import User
from cvimprover.ports.payments import CheckoutRequest, CheckoutSession, PaymentGateway
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class BillingLinks:
    """Where the gateway sends the payer back (the frontend's pages)."""

    success: str
    """With `{CHECKOUT_SESSION_ID}`, which the gateway replaces."""
    cancel: str
    portal_return: str


class StartCheckout:
    """Opens a gateway checkout for the caller to subscribe to a plan.

    - the plan must exist and have a price on the configured gateway at that interval
      (stored in `plan_prices`, or found by its lookup key: see PriceBook); a paid plan
      without one is the operator's to fix, and the answer says how; the Free plan is
      not for sale;
    - the checkout carries the caller's id and the plan's, which come back in its events;
    - a returning customer is named to the gateway only if that gateway knows them (their
      customer id came from it);
    - nothing changes on the account until the gateway says the checkout was paid.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        gateway: PaymentGateway,
        links: BillingLinks,
        prices: PriceBook,
    ) -> None:
        self._uow = uow
        self._gateway = gateway
        self._links = links
        self._prices = prices

    def execute(self, command: NewCheckout) -> CheckoutSession:
        # Read everything inside the unit of work (its rows are gone once it ends); call
        # the gateway outside it, holding no connection while it answers (the price
        # book's lookup keys are cached: it asks the gateway at most now and then).
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            plan = uow.plans.get(command.plan_id)
            if user is None or user.id is None or plan is None or plan.id is None:
                raise NotFound("No such plan.", errors={"plan_id": ["Not found."]})
            _refuse_a_second_subscription(user)
            stored = uow.plans.prices_of(self._gateway.name)
            price_id = self._price_id(plan, self._prices.selling([plan], stored), command)
            request = CheckoutRequest(
                user_id=user.id,
                email=user.email,
                customer_id=customer_of(user, self._gateway.name),
                plan_id=plan.id,
                price_id=price_id,
                interval=command.billing,
                success_url=self._links.success,
                cancel_url=self._links.cancel,
            )
        return self._gateway.start_checkout(request)

    def _price_id(self, plan: Plan, selling: list[SellingPrice], command: NewCheckout) -> str:
        choice = next((s for s in selling if s.interval is command.billing), None)
        if choice is not None and choice.price_id is not None:
            return choice.price_id
        if choice is None:  # the Free plan, and no price stored for it
            message = f"The {plan.name} plan cannot be bought {command.billing.value}."
            raise InvalidInput(message, errors={"billing": [message]})
        if not choice.known:
            raise DependencyUnavailable(
                f"The {self._gateway.name} gateway cannot say now which price sells the "
                f"{plan.name} plan {command.billing.value}; try again in a minute."
            )
        short = f"The {plan.name} plan cannot be bought {command.billing.value} yet."
        raise Conflict(self._prices.unsold(plan, command.billing), errors={"billing": [short]})


def _refuse_a_second_subscription(user: User) -> None:
    """A live subscription (past due included) is changed or canceled in its portal: a
    second checkout would charge the person twice, possibly on two gateways."""
    if live_subscription(user) is None:
        return
    message = (
        f"You already have a subscription on {gateway_of(user, 'the gateway')}: change or "
        "cancel it in the billing portal (POST /core/billing/portal/)."
    )
    raise Conflict(message, errors={"plan_id": [message]})
