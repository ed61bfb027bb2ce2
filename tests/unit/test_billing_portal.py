"""The billing portal is the one of the gateway that holds the caller's subscription,
whichever gateway new checkouts go to."""

import pytest

from cvimprover.adapters.payments.gateway_registry import GatewayRegistry
from cvimprover.core.billing.commands import PortalRequest
from cvimprover.core.billing.use_cases.open_billing_portal import OpenBillingPortal
from cvimprover.core.billing.use_cases.start_checkout import BillingLinks
from cvimprover.core.errors import InvalidInput
from tests.unit.billing_fakes import Billing
from tests.unit.fakes import RecordingPaymentGateway

LINKS = BillingLinks(success="https://app.test/ok", cancel="https://app.test/no", portal_return="")


@pytest.fixture
def billing() -> Billing:
    return Billing()


def portal(billing: Billing) -> str:
    selling, former = RecordingPaymentGateway("paddle"), RecordingPaymentGateway("stripe")
    gateways = GatewayRegistry(selling, [former])
    return OpenBillingPortal(billing.uow, gateways, LINKS).execute(PortalRequest(1))


def test_a_subscriber_of_a_former_gateway_gets_that_gateways_portal(billing: Billing) -> None:
    billing.change_user(stripe_customer_id="cus_Old", subscription_gateway="stripe")

    assert portal(billing) == "https://stripe.test/portal/cus_Old"


def test_a_gateway_no_longer_configured_has_no_portal_here(billing: Billing) -> None:
    billing.change_user(stripe_customer_id="cus_sandbox_1", subscription_gateway="sandbox")

    with pytest.raises(InvalidInput, match="manage it with sandbox"):
        portal(billing)


def test_without_a_first_checkout_there_is_nothing_to_manage(billing: Billing) -> None:
    with pytest.raises(InvalidInput, match="no subscription to manage"):
        portal(billing)
