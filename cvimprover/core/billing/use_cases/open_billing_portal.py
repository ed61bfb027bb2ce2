from cvimprover.core.billing.commands import PortalRequest
from cvimprover.core.billing.subscriptions import gateway_of
from cvimprover.core.billing.use_cases.start_checkout import BillingLinks
from cvimprover.core.errors import InvalidInput, NotFound
from cvimprover.ports.payments import PaymentGateways
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class OpenBillingPortal:
    """A link to the billing portal where the caller manages their subscription.

    - the portal is the one of the gateway that holds their subscription, which need not
      be the one new checkouts go to (a business that moved keeps its old subscribers);
    - only for someone that gateway knows as a customer (after a first checkout);
    - a gateway no longer configured here has no portal to open: manage it there.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, gateways: PaymentGateways, links: BillingLinks
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._links = links

    def execute(self, command: PortalRequest) -> str:
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            name = gateway_of(user, self._gateways.selling().name)
            customer_id = user.stripe_customer_id or None
        if customer_id is None:
            raise InvalidInput("You have no subscription to manage yet; subscribe to a plan.")
        gateway = self._gateways.named(name)
        if gateway is None:
            raise InvalidInput(
                f"Your subscription is billed through {name}, which this service is no "
                f"longer set up for: manage it with {name}."
            )
        return gateway.portal_url(customer_id, self._links.portal_return)
