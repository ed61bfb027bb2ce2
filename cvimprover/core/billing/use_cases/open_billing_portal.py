from cvimprover.core.billing.commands import PortalRequest
from cvimprover.core.billing.subscriptions import customer_of
from cvimprover.core.billing.use_cases.start_checkout import BillingLinks
from cvimprover.core.errors import InvalidInput, NotFound
from cvimprover.ports.payments import PaymentGateway
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class OpenBillingPortal:
    """A link to the gateway's billing portal, where the caller manages their subscription.

    Only for someone the configured gateway knows as a customer (after a first checkout
    through it).
    """

    def __init__(
        self, uow: UnitOfWorkFactory, gateway: PaymentGateway, links: BillingLinks
    ) -> None:
        self._uow = uow
        self._gateway = gateway
        self._links = links

    def execute(self, command: PortalRequest) -> str:
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            customer_id = customer_of(user, self._gateway.name)
        if customer_id is None:
            raise InvalidInput("You have no subscription to manage yet; subscribe to a plan.")
        return self._gateway.portal_url(customer_id, self._links.portal_return)
