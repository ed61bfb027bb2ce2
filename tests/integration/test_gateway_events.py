"""What each gateway's (verified) webhook events mean for a subscription, type by type."""

from datetime import UTC, datetime
from typing import Any

import pytest

from cvimprover.adapters.payments.paddle_gateway import PaddleGateway
from cvimprover.adapters.payments.stripe_gateway import StripePaymentGateway
from cvimprover.core.billing.events import BillingEvent, EventKind
from cvimprover.core.billing.model import BillingInterval
from tests.support import paddle_fake, stripe_fake
from tests.unit.fakes import FakeClock

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TS = int(NOW.timestamp())
ACTIVE, PAST_DUE = EventKind.SUBSCRIPTION_ACTIVE, EventKind.SUBSCRIPTION_PAST_DUE
CANCELED, CHECKOUT = EventKind.SUBSCRIPTION_CANCELED, EventKind.CHECKOUT_COMPLETED
MONTHLY, YEARLY = BillingInterval.MONTHLY, BillingInterval.YEARLY

# ---------------------------------------------------------------- Stripe


def from_stripe(event_type: str, obj: dict[str, Any]) -> BillingEvent | None:
    gateway = StripePaymentGateway(stripe_fake.API_KEY, stripe_fake.WEBHOOK_SECRET, FakeClock(NOW))
    body = stripe_fake.event(event_type, obj, created=TS, event_id="evt_S1")
    return gateway.read_webhook(body, {"Stripe-Signature": stripe_fake.signed(body, timestamp=TS)})


def stripe_session(payment_status: str, mode: str = "subscription") -> dict[str, Any]:
    return {
        "id": "cs_test_1",
        "object": "checkout.session",
        "mode": mode,
        "payment_status": payment_status,
        "client_reference_id": "7",
        "metadata": {"plan_id": "2", "interval": "yearly"},
        "subscription": {"id": "sub_1", "object": "subscription"},  # expanded
        "customer": "cus_1",
    }


@pytest.mark.parametrize(
    ("event_type", "status", "kind"),
    [
        ("customer.subscription.created", "active", ACTIVE),
        ("customer.subscription.updated", "active", ACTIVE),
        ("customer.subscription.updated", "trialing", ACTIVE),
        ("customer.subscription.updated", "past_due", PAST_DUE),
        ("customer.subscription.updated", "unpaid", PAST_DUE),
        ("customer.subscription.updated", "canceled", CANCELED),
        ("customer.subscription.deleted", "canceled", CANCELED),
    ],
)
def test_stripe_subscription_events_follow_the_subscriptions_status(
    event_type: str, status: str, kind: EventKind
) -> None:
    obj = stripe_fake.subscription(
        "sub_1", status, price_id="price_pro_y", user_id=7, interval="year", period_end=TS + 99
    )

    event = from_stripe(event_type, obj)

    assert event == BillingEvent(
        gateway="stripe",
        event_id="evt_S1",
        kind=kind,
        occurred_at=NOW,
        subscription_id="sub_1",
        customer_id="cus_T1",
        user_id=7,
        price_id="price_pro_y",
        interval=YEARLY,
        renews_at=datetime.fromtimestamp(TS + 99, UTC),
    )


def test_a_paid_stripe_checkout_names_the_user_plan_and_subscription() -> None:
    event = from_stripe("checkout.session.completed", stripe_session("paid"))

    assert event is not None
    assert event.kind is CHECKOUT
    assert (event.user_id, event.plan_id, event.interval) == (7, 2, YEARLY)
    assert (event.subscription_id, event.customer_id) == ("sub_1", "cus_1")


def test_a_stripe_checkout_paid_later_counts_when_the_payment_succeeds() -> None:
    assert from_stripe("checkout.session.completed", stripe_session("unpaid")) is None
    later = from_stripe("checkout.session.async_payment_succeeded", stripe_session("paid"))
    assert later is not None
    assert later.kind is CHECKOUT


@pytest.mark.parametrize(
    ("event_type", "obj"),
    [
        ("checkout.session.completed", stripe_session("paid", mode="payment")),
        (
            "customer.subscription.updated",
            stripe_fake.subscription("s", "incomplete", price_id="p"),
        ),
        ("customer.subscription.updated", stripe_fake.subscription("s", "paused", price_id="p")),
        ("invoice.paid", {"id": "in_1", "object": "invoice"}),
        ("customer.created", {"id": "cus_1", "object": "customer"}),
    ],
)
def test_stripe_events_that_move_no_subscription_are_none(
    event_type: str, obj: dict[str, Any]
) -> None:
    assert from_stripe(event_type, obj) is None


# ---------------------------------------------------------------- Paddle


def from_paddle(event_type: str, data: dict[str, Any]) -> BillingEvent | None:
    gateway = PaddleGateway(paddle_fake.API_KEY, paddle_fake.WEBHOOK_SECRET, FakeClock(NOW))
    body = paddle_fake.notification(
        event_type, data, event_id="evt_P1", occurred_at="2026-11-20T10:00:00.123456Z"
    )
    return gateway.read_webhook(body, {"Paddle-Signature": paddle_fake.signed(body, timestamp=TS)})


@pytest.mark.parametrize(
    ("event_type", "status", "kind"),
    [
        ("subscription.created", "active", ACTIVE),
        ("subscription.created", "trialing", ACTIVE),
        ("subscription.activated", "active", ACTIVE),
        ("subscription.updated", "active", ACTIVE),
        ("subscription.resumed", "active", ACTIVE),
        ("subscription.past_due", "past_due", PAST_DUE),
        ("subscription.updated", "past_due", PAST_DUE),
        ("subscription.canceled", "canceled", CANCELED),
    ],
)
def test_paddle_subscription_events_follow_the_subscriptions_status(
    event_type: str, status: str, kind: EventKind
) -> None:
    data = paddle_fake.subscription(
        "sub_01a", status, price_id="pri_01pro", user_id=7, interval="year"
    )

    event = from_paddle(event_type, data)

    assert event == BillingEvent(
        gateway="paddle",
        event_id="evt_P1",
        kind=kind,
        occurred_at=datetime(2026, 11, 20, 10, 0, 0, 123456, tzinfo=UTC),
        subscription_id="sub_01a",
        customer_id="ctm_01test",
        user_id=7,
        price_id="pri_01pro",
        interval=YEARLY,
        renews_at=datetime(2026, 12, 20, 10, 0, tzinfo=UTC),
    )


def paddle_transaction(origin: str, subscription_id: str | None = "sub_01a") -> dict[str, Any]:
    return paddle_fake.transaction(
        "txn_01a",
        paddle_fake.price("pri_01basic", "500"),
        status="completed",
        custom_data={"user_id": "7", "plan_id": "2", "interval": "monthly"},
        customer_id="ctm_01a",
        subscription_id=subscription_id,
        origin=origin,
        billing_period={"starts_at": "2026-11-20T10:00:00Z", "ends_at": "2026-12-20T10:00:00Z"},
    )


def test_a_completed_paddle_checkout_transaction_names_the_user_and_plan() -> None:
    event = from_paddle("transaction.completed", paddle_transaction("web"))

    assert event is not None
    assert event.kind is CHECKOUT
    assert (event.user_id, event.plan_id, event.interval) == (7, 2, MONTHLY)
    assert (event.subscription_id, event.customer_id) == ("sub_01a", "ctm_01a")
    assert event.price_id == "pri_01basic"
    assert event.renews_at == datetime(2026, 12, 20, 10, 0, tzinfo=UTC)


def test_a_completed_paddle_renewal_keeps_the_subscription_active() -> None:
    event = from_paddle("transaction.completed", paddle_transaction("subscription_recurring"))

    assert event is not None
    assert event.kind is ACTIVE
    assert event.plan_id is None  # the plan follows the price, as for any renewal
    assert event.renews_at == datetime(2026, 12, 20, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("event_type", "data"),
    [
        ("transaction.completed", paddle_transaction("web", subscription_id=None)),
        ("transaction.paid", paddle_transaction("web")),
        ("subscription.paused", paddle_fake.subscription("sub_01a", "paused", price_id="p")),
        ("customer.created", {"id": "ctm_01a", "email": "jane@example.com"}),
    ],
)
def test_paddle_events_that_move_no_subscription_are_none(
    event_type: str, data: dict[str, Any]
) -> None:
    assert from_paddle(event_type, data) is None
