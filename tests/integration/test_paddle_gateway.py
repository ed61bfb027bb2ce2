"""The Paddle gateway through the official paddle-python-sdk, against a local fake that
speaks Paddle Billing's wire format: prices, checkout transactions, the customer portal,
and every failure turned into an error a person can act on."""

import socket
from decimal import Decimal

import pytest
from pytest_httpserver import HTTPServer

from cvimprover.adapters.payments.paddle_gateway import PaddleGateway
from cvimprover.core.billing.model import BillingInterval, Price
from cvimprover.core.errors import DependencyUnavailable, InvalidInput, NotFound
from cvimprover.ports.payments import CheckoutRequest
from tests.support.paddle_fake import API_KEY, WEBHOOK_SECRET, FakePaddle
from tests.unit.fakes import FakeClock

pytestmark = pytest.mark.integration


@pytest.fixture
def fake(httpserver: HTTPServer) -> FakePaddle:
    fake = FakePaddle(httpserver)
    fake.add_price("pri_01basicmonthly", "500")
    fake.add_price("pri_01basicyearly", "5000", interval="year")
    fake.add_price("pri_01yen", "980", currency="JPY")
    return fake


def gateway_for(base_url: str, *, timeout: float = 5.0) -> PaddleGateway:
    return PaddleGateway(
        API_KEY,
        WEBHOOK_SECRET,
        FakeClock(),
        base_url=base_url,
        timeout_seconds=timeout,
        max_retries=0,
    )


@pytest.fixture
def gateway(fake: FakePaddle) -> PaddleGateway:
    return gateway_for(fake.base_url)


def checkout(customer_id: str | None = None) -> CheckoutRequest:
    return CheckoutRequest(
        user_id=7,
        email="jane@example.com",
        customer_id=customer_id,
        plan_id=2,
        price_id="pri_01basicmonthly",
        interval=BillingInterval.MONTHLY,
        success_url="https://app.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://app.test/billing/cancel",
    )


def test_prices_are_listed_in_one_request_in_major_units(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    prices = gateway.prices(["pri_01basicmonthly", "pri_01basicyearly", "pri_01gone", "pri_01yen"])

    assert prices == {
        "pri_01basicmonthly": Price(Decimal("5.00"), "USD", BillingInterval.MONTHLY),
        "pri_01basicyearly": Price(Decimal("50.00"), "USD", BillingInterval.YEARLY),
        "pri_01yen": Price(Decimal("980"), "JPY", BillingInterval.MONTHLY),
    }
    request = fake.last("GET", "/prices")
    assert request.query["id"] == "pri_01basicmonthly,pri_01basicyearly,pri_01gone,pri_01yen"
    assert request.authorization == f"Bearer {API_KEY}"
    assert len(fake.received) == 1


def test_no_price_ids_ask_nothing(gateway: PaddleGateway, fake: FakePaddle) -> None:
    assert gateway.prices([]) == {}
    assert fake.received == []


def test_a_checkout_is_a_transaction_carrying_the_user_and_the_plan(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    session = gateway.start_checkout(checkout())

    body = fake.last("POST", "/transactions").body
    assert session.session_id.startswith("txn_")
    assert session.url == f"https://app.test/pay?_ptxn={session.session_id}"
    assert body["items"] == [{"price_id": "pri_01basicmonthly", "quantity": 1}]
    assert body["custom_data"] == {"user_id": "7", "plan_id": "2", "interval": "monthly"}
    assert "customer_id" not in body


def test_a_returning_paddle_customer_checks_out_as_themselves(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    gateway.start_checkout(checkout(customer_id="ctm_01returning"))
    gateway.start_checkout(checkout(customer_id="cus_FromStripe"))

    requests = [r.body for r in fake.received if r.path == "/transactions"]
    assert requests[0]["customer_id"] == "ctm_01returning"
    assert "customer_id" not in requests[1]  # another gateway's customer is not Paddle's


def test_an_account_without_a_default_payment_link_cannot_check_out(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    fake.checkout_link = None

    with pytest.raises(DependencyUnavailable, match="default payment link"):
        gateway.start_checkout(checkout())


def test_an_unpaid_transaction_is_open_and_names_who_started_it(gateway: PaddleGateway) -> None:
    session = gateway.start_checkout(checkout())

    state = gateway.checkout_state(session.session_id)

    assert not state.paid
    assert (state.session_id, state.user_id, state.plan_id) == (session.session_id, 7, 2)
    assert state.subscription_id is None


def test_a_completed_transaction_names_its_subscription_and_customer(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    session = gateway.start_checkout(checkout())
    fake.pay(session.session_id, subscription="sub_01paid", customer="ctm_01paid")

    state = gateway.checkout_state(session.session_id)

    assert state.paid
    assert (state.subscription_id, state.customer_id) == ("sub_01paid", "ctm_01paid")


@pytest.mark.parametrize("session_id", ["txn_01unknown", "", "../prices", "cs_test_1"])
def test_an_unknown_or_malformed_transaction_is_not_found(
    gateway: PaddleGateway, fake: FakePaddle, session_id: str
) -> None:
    with pytest.raises(NotFound):
        gateway.checkout_state(session_id)
    assert all(r.path.startswith("/transactions/txn_") for r in fake.received)


def test_the_customer_portal_opens_for_the_customer(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    url = gateway.portal_url("ctm_01paid", "https://app.test/account")

    assert url == "https://customer-portal.paddle.com/cpl_01test?token=ctm_01paid"
    assert fake.last("POST", "/customers/ctm_01paid/portal-sessions").body == {}


def test_the_portal_refuses_a_customer_id_that_is_not_paddles(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    with pytest.raises(InvalidInput):
        gateway.portal_url("cus_FromStripe/../../prices", "https://app.test/account")
    assert fake.received == []


def test_a_customer_paddle_no_longer_has_gets_no_portal(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    fake.deleted_customers.add("ctm_01gone")

    with pytest.raises(NotFound, match="Paddle has no customer record of yours"):
        gateway.portal_url("ctm_01gone", "https://app.test/account")


def test_a_subscription_is_canceled_at_once(gateway: PaddleGateway, fake: FakePaddle) -> None:
    fake.add_subscription("sub_01live", price_id="pri_01basicmonthly")

    gateway.cancel_subscription("sub_01live")

    assert fake.subscriptions["sub_01live"]["status"] == "canceled"
    request = fake.last("POST", "/subscriptions/sub_01live/cancel")
    assert request.body == {"effective_from": "immediately"}


@pytest.mark.parametrize("subscription_id", ["sub_01live", "sub_01unknown", "../prices"])
def test_a_subscription_canceled_already_unknown_or_not_paddles_counts_as_canceled(
    gateway: PaddleGateway, fake: FakePaddle, subscription_id: str
) -> None:
    fake.add_subscription("sub_01live", price_id="pri_01basicmonthly")
    gateway.cancel_subscription("sub_01live")

    gateway.cancel_subscription(subscription_id)

    assert all(r.path.startswith("/subscriptions/sub_") for r in fake.received)


def test_an_outage_is_a_dependency_unavailable_everywhere(
    gateway: PaddleGateway, fake: FakePaddle
) -> None:
    fake.outage = True

    with pytest.raises(DependencyUnavailable):
        gateway.prices(["pri_01basicmonthly"])
    with pytest.raises(DependencyUnavailable):
        gateway.start_checkout(checkout())
    with pytest.raises(DependencyUnavailable):
        gateway.checkout_state("txn_01test0001")
    with pytest.raises(DependencyUnavailable):
        gateway.portal_url("ctm_01paid", "https://app.test/account")
    with pytest.raises(DependencyUnavailable):
        gateway.cancel_subscription("sub_01live")


def test_a_slow_paddle_times_out_as_unavailable(fake: FakePaddle) -> None:
    fake.delay = 1.0
    gateway = gateway_for(fake.base_url, timeout=0.2)

    with pytest.raises(DependencyUnavailable):
        gateway.start_checkout(checkout())


def test_an_unreachable_paddle_is_unavailable() -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    gateway = gateway_for(f"http://127.0.0.1:{port}")

    with pytest.raises(DependencyUnavailable):
        gateway.prices(["pri_01basicmonthly"])


def test_without_a_base_url_the_environment_picks_paddles_api() -> None:
    sandbox = PaddleGateway(API_KEY, WEBHOOK_SECRET, FakeClock(), environment="sandbox")
    live = PaddleGateway(API_KEY, WEBHOOK_SECRET, FakeClock())

    assert sandbox._client.options.environment.base_url == "https://sandbox-api.paddle.com"
    assert live._client.options.environment.base_url == "https://api.paddle.com"
