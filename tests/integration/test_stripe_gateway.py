"""The Stripe gateway through the official SDK, against a local fake that speaks Stripe's
wire format: prices, Checkout Sessions, the portal, and every failure turned into an
error a person can act on."""

import socket
from decimal import Decimal

import pytest
from pytest_httpserver import HTTPServer

from cvimprover.adapters.payments.stripe_gateway import StripePaymentGateway
from cvimprover.core.billing.model import BillingInterval, Price
from cvimprover.core.errors import DependencyUnavailable, NotFound
from cvimprover.ports.payments import CheckoutRequest
from tests.support.stripe_fake import API_KEY, WEBHOOK_SECRET, FakeStripe
from tests.unit.fakes import FakeClock

pytestmark = pytest.mark.integration

SUCCESS = "https://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}"


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakeStripe:
    fake = FakeStripe(httpserver)
    fake.add_price("price_basic_monthly", 500)
    fake.add_price("price_basic_yearly", 5000, interval="year")
    fake.add_price("price_yen", 980, currency="jpy")
    return fake


def gateway_for(base_url: str, **options: float) -> StripePaymentGateway:
    return StripePaymentGateway(
        API_KEY,
        WEBHOOK_SECRET,
        FakeClock(),
        base_url=base_url,
        timeout_seconds=options.get("timeout", 5.0),
        max_retries=int(options.get("retries", 0)),
    )


@pytest.fixture
def gateway(fake: FakeStripe) -> StripePaymentGateway:
    return gateway_for(fake.base_url)


def checkout(customer_id: str | None = None) -> CheckoutRequest:
    return CheckoutRequest(
        user_id=7,
        email="jane@example.com",
        customer_id=customer_id,
        plan_id=2,
        price_id="price_basic_monthly",
        interval=BillingInterval.MONTHLY,
        success_url=SUCCESS,
        cancel_url="https://app.test/billing/cancel",
    )


def test_prices_are_read_in_major_units_and_unknown_ones_are_left_out(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    prices = gateway.prices(
        ["price_basic_monthly", "price_basic_yearly", "price_gone", "price_yen"]
    )

    assert prices == {
        "price_basic_monthly": Price(Decimal("5.00"), "USD", BillingInterval.MONTHLY),
        "price_basic_yearly": Price(Decimal("50.00"), "USD", BillingInterval.YEARLY),
        "price_yen": Price(Decimal("980"), "JPY", BillingInterval.MONTHLY),
    }
    assert fake.last("/v1/prices/price_basic_monthly").authorization == f"Bearer {API_KEY}"


def test_a_checkout_session_is_a_subscription_carrying_the_user_and_the_plan(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    session = gateway.start_checkout(checkout())

    form = fake.last("/v1/checkout/sessions").form
    assert session.session_id.startswith("cs_test_")
    assert session.url == f"https://checkout.stripe.com/c/pay/{session.session_id}"
    assert form["mode"] == "subscription"
    assert form["line_items[0][price]"] == "price_basic_monthly"
    assert form["line_items[0][quantity]"] == "1"
    assert form["success_url"] == SUCCESS
    assert form["cancel_url"] == "https://app.test/billing/cancel"
    assert form["client_reference_id"] == "7"
    assert form["customer_email"] == "jane@example.com"
    assert "customer" not in form
    for prefix in ("metadata", "subscription_data[metadata]"):
        assert form[f"{prefix}[user_id]"] == "7"
        assert form[f"{prefix}[plan_id]"] == "2"
        assert form[f"{prefix}[interval]"] == "monthly"


def test_a_returning_customer_checks_out_as_themselves(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    gateway.start_checkout(checkout(customer_id="cus_Returning1"))

    form = fake.last("/v1/checkout/sessions").form
    assert form["customer"] == "cus_Returning1"
    assert "customer_email" not in form


def test_an_unpaid_session_is_open_and_names_who_started_it(
    gateway: StripePaymentGateway,
) -> None:
    session = gateway.start_checkout(checkout())

    state = gateway.checkout_state(session.session_id)

    assert not state.paid
    assert (state.session_id, state.user_id, state.plan_id) == (session.session_id, 7, 2)
    assert state.subscription_id is None


def test_a_paid_session_names_its_subscription_and_customer(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    session = gateway.start_checkout(checkout())
    fake.pay(session.session_id, subscription="sub_Paid1", customer="cus_Paid1")

    state = gateway.checkout_state(session.session_id)

    assert state.paid
    assert (state.subscription_id, state.customer_id) == ("sub_Paid1", "cus_Paid1")


@pytest.mark.parametrize("session_id", ["cs_test_unknown", "", "../prices/price_basic_monthly"])
def test_an_unknown_or_malformed_session_is_not_found(
    gateway: StripePaymentGateway, session_id: str
) -> None:
    with pytest.raises(NotFound):
        gateway.checkout_state(session_id)


def test_the_portal_opens_for_the_customer_and_returns_to_the_app(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    url = gateway.portal_url("cus_Paid1", "https://app.test/account")

    assert url == "https://billing.stripe.com/p/session/test_cus_Paid1"
    assert fake.last("/v1/billing_portal/sessions").form == {
        "customer": "cus_Paid1",
        "return_url": "https://app.test/account",
    }


def test_a_customer_stripe_no_longer_has_gets_no_portal(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    fake.deleted_customers.add("cus_Gone1")

    with pytest.raises(NotFound, match="Stripe has no customer record of yours"):
        gateway.portal_url("cus_Gone1", "https://app.test/account")


def test_a_checkout_for_a_customer_stripe_no_longer_has_is_not_found(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    fake.deleted_customers.add("cus_Gone1")

    with pytest.raises(NotFound, match="Stripe knows no such price or customer"):
        gateway.start_checkout(checkout(customer_id="cus_Gone1"))
    assert fake.sessions == {}


def test_a_subscription_is_canceled_at_once(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    fake.add_subscription("sub_Live1")

    gateway.cancel_subscription("sub_Live1")

    assert fake.subscriptions["sub_Live1"]["status"] == "canceled"
    assert fake.last("/v1/subscriptions/sub_Live1").method == "DELETE"


@pytest.mark.parametrize("subscription_id", ["sub_Live1", "sub_Unknown"])
def test_a_subscription_canceled_already_or_unknown_counts_as_canceled(
    gateway: StripePaymentGateway, fake: FakeStripe, subscription_id: str
) -> None:
    fake.add_subscription("sub_Live1")
    gateway.cancel_subscription("sub_Live1")

    gateway.cancel_subscription(subscription_id)  # Stripe answers 404 for both


def test_an_outage_is_a_dependency_unavailable_everywhere(
    gateway: StripePaymentGateway, fake: FakeStripe
) -> None:
    fake.outage = True

    with pytest.raises(DependencyUnavailable):
        gateway.prices(["price_basic_monthly"])
    with pytest.raises(DependencyUnavailable):
        gateway.start_checkout(checkout())
    with pytest.raises(DependencyUnavailable):
        gateway.checkout_state("cs_test_0001abc")
    with pytest.raises(DependencyUnavailable):
        gateway.portal_url("cus_Paid1", "https://app.test/account")
    with pytest.raises(DependencyUnavailable):
        gateway.cancel_subscription("sub_Live1")


def test_the_sdk_retries_a_failed_request_before_giving_up(fake: FakeStripe) -> None:
    fake.outage = True
    gateway = gateway_for(fake.base_url, retries=1)

    with pytest.raises(DependencyUnavailable):
        gateway.portal_url("cus_Paid1", "https://app.test/account")

    assert len(fake.received) == 2


def test_a_slow_stripe_times_out_as_unavailable(fake: FakeStripe) -> None:
    fake.delay = 1.0
    gateway = gateway_for(fake.base_url, timeout=0.2)

    with pytest.raises(DependencyUnavailable):
        gateway.start_checkout(checkout())


def test_an_unreachable_stripe_is_unavailable() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    gateway = gateway_for(f"http://127.0.0.1:{port}")

    with pytest.raises(DependencyUnavailable):
        gateway.prices(["price_basic_monthly"])
