"""The subscription state machine, driven through ApplyBillingEvent: whatever order a
gateway delivers a subscription's events in, the newest one decides."""

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from cvimprover.core.billing.events import BillingEvent, EventKind
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.subscriptions import plan_in_force
from tests.unit.billing_fakes import GATEWAY, PLAN_IDS, Billing

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
RENEWS = datetime(2027, 11, 1, 9, 0, tzinfo=UTC)
MONTHLY, YEARLY = BillingInterval.MONTHLY, BillingInterval.YEARLY
STATE_FIELDS = (
    "plan_id",
    "stripe_subscription_status",
    "stripe_subscription_id",
    "stripe_customer_id",
    "subscription_renewal_date",
    "subscription_interval",
    "subscription_gateway",
    "subscription_event_at",
    "past_due_since",
)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def checkout(minute: int = 1, *, plan: str = "Basic", subscription: str = "sub_1") -> BillingEvent:
    """A paid checkout, as Stripe says it: our ids, no price, no renewal date."""
    return BillingEvent(
        gateway=GATEWAY,
        event_id=f"evt_checkout_{subscription}_{minute}",
        kind=EventKind.CHECKOUT_COMPLETED,
        occurred_at=at(minute),
        subscription_id=subscription,
        customer_id="cus_1",
        user_id=1,
        plan_id=PLAN_IDS[plan],
        interval=MONTHLY,
    )


def subscription_event(
    kind: EventKind,
    minute: int,
    *,
    price: str = "price_pro_yearly",
    subscription: str = "sub_1",
    renews_at: datetime | None = RENEWS,
) -> BillingEvent:
    """A subscription event, as gateways send them: the subscription whole, with the user
    id our checkout put in its metadata (Stripe) or custom data (Paddle)."""
    return BillingEvent(
        gateway=GATEWAY,
        event_id=f"evt_{kind.value}_{subscription}_{minute}",
        kind=kind,
        occurred_at=at(minute),
        subscription_id=subscription,
        customer_id="cus_1",
        user_id=1,
        price_id=price,
        renews_at=renews_at,
    )


ACTIVE, PAST_DUE = EventKind.SUBSCRIPTION_ACTIVE, EventKind.SUBSCRIPTION_PAST_DUE
CANCELED = EventKind.SUBSCRIPTION_CANCELED
HISTORIES = {
    "bought, then renewed on another plan": [checkout(1), subscription_event(ACTIVE, 2)],
    "bought, renewal failed": [
        checkout(1),
        subscription_event(ACTIVE, 2),
        subscription_event(PAST_DUE, 3),
    ],
    "bought, renewal failed, then paid": [
        checkout(1),
        subscription_event(PAST_DUE, 2),
        subscription_event(ACTIVE, 3, price="price_premium_monthly"),
    ],
    "bought, renewed, failed, canceled": [
        checkout(1),
        subscription_event(ACTIVE, 2),
        subscription_event(PAST_DUE, 3),
        subscription_event(CANCELED, 4),
    ],
    "bought, canceled": [checkout(1), subscription_event(CANCELED, 2)],
}
EXPECTED = {
    "bought, then renewed on another plan": ("Pro", "active", YEARLY, None),
    "bought, renewal failed": ("Pro", "past_due", YEARLY, at(3)),
    "bought, renewal failed, then paid": ("Premium", "active", MONTHLY, None),
    "bought, renewed, failed, canceled": ("Free", "canceled", YEARLY, None),
    "bought, canceled": ("Free", "canceled", YEARLY, None),
}
ORDERINGS = [
    pytest.param(name, list(order), id=f"{name}: {' > '.join(e.kind.value for e in order)}")
    for name, events in HISTORIES.items()
    for order in itertools.permutations(events)
]


def state_after(events: list[BillingEvent]) -> dict[str, object]:
    billing = Billing()
    for event in events:
        billing.apply.execute(event)
    return {name: getattr(billing.user, name) for name in STATE_FIELDS}


@pytest.mark.parametrize(("history", "order"), ORDERINGS)
def test_every_delivery_order_ends_in_the_state_of_the_newest_event(
    history: str, order: list[BillingEvent]
) -> None:
    billing = Billing()

    applied = [billing.apply.execute(event) for event in order]

    plan, status, interval, past_due_since = EXPECTED[history]
    user = billing.user
    assert all(applied)  # each is new, and recorded even when it was stale
    assert len(billing.processed()) == len(order)
    assert billing.plan_name(user.plan_id) == plan
    assert user.stripe_subscription_status == status
    assert user.subscription_interval == interval
    assert user.past_due_since == past_due_since
    assert user.subscription_event_at == max(event.occurred_at for event in order)
    assert {name: getattr(user, name) for name in STATE_FIELDS} == state_after(HISTORIES[history])


def test_an_event_delivered_twice_is_applied_once() -> None:
    billing = Billing()
    event = checkout(1, plan="Pro")

    assert billing.apply.execute(event) is True
    billing.change_user(plan_id=billing.free_plan_id)  # so a second application would show
    assert billing.apply.execute(event) is False

    assert billing.plan_name(billing.user.plan_id) == "Free"
    assert list(billing.processed()) == [(GATEWAY, event.event_id)]


def test_a_late_older_event_never_moves_the_subscription_backwards() -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Pro"))
    billing.apply.execute(subscription_event(CANCELED, 5))

    billing.apply.execute(subscription_event(ACTIVE, 3))

    assert billing.plan_name(billing.user.plan_id) == "Free"
    assert billing.user.stripe_subscription_status == "canceled"
    assert billing.user.subscription_event_at == at(5)


def test_a_payment_past_due_keeps_the_plan_for_the_grace_period_only() -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Pro"))
    billing.apply.execute(subscription_event(PAST_DUE, 2, price="price_pro_monthly"))
    billing.apply.execute(subscription_event(PAST_DUE, 30, price="price_pro_monthly"))
    user = billing.user

    assert billing.plan_name(user.plan_id) == "Pro"
    assert user.past_due_since == at(2)  # the first failure starts the grace period
    since, grace = at(2), billing.grace
    assert plan_in_force(user.stripe_subscription_status, since, since + grace, grace)
    assert not plan_in_force(
        user.stripe_subscription_status, since, since + grace + timedelta(seconds=1), grace
    )


def test_paying_after_past_due_ends_the_grace_period() -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Pro"))
    billing.apply.execute(subscription_event(PAST_DUE, 2, price="price_pro_monthly"))

    billing.apply.execute(subscription_event(ACTIVE, 3, price="price_pro_monthly"))

    assert billing.user.past_due_since is None
    assert plan_in_force("active", None, at(10_000), billing.grace)


def test_a_cancellation_goes_back_to_free_and_keeps_the_renewal_date_and_interval() -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Pro"))
    billing.apply.execute(subscription_event(ACTIVE, 2, price="price_pro_yearly"))

    cancel = replace(subscription_event(CANCELED, 3), price_id=None, renews_at=None)
    billing.apply.execute(cancel)

    user = billing.user
    assert billing.plan_name(user.plan_id) == "Free"
    assert user.stripe_subscription_status == "canceled"
    assert (user.subscription_renewal_date, user.subscription_interval) == (RENEWS, YEARLY)


def test_the_plan_follows_the_checkout_else_the_price() -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Premium"))
    assert billing.plan_name(billing.user.plan_id) == "Premium"

    billing.apply.execute(subscription_event(ACTIVE, 2, price="price_basic_monthly"))
    assert billing.plan_name(billing.user.plan_id) == "Basic"
    assert billing.user.subscription_interval == MONTHLY

    billing.apply.execute(subscription_event(ACTIVE, 3, price="price_not_ours"))
    assert billing.plan_name(billing.user.plan_id) == "Basic"  # an unknown price changes no plan


def test_an_old_subscriptions_events_never_touch_a_newer_one() -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Basic", subscription="sub_old"))
    billing.apply.execute(checkout(5, plan="Pro", subscription="sub_new"))

    billing.apply.execute(subscription_event(CANCELED, 6, subscription="sub_old"))
    billing.apply.execute(subscription_event(PAST_DUE, 7, subscription="sub_old"))

    user = billing.user
    assert (billing.plan_name(user.plan_id), user.stripe_subscription_id) == ("Pro", "sub_new")
    assert user.stripe_subscription_status == "active"


def test_a_new_subscription_may_start_before_its_checkout_event_arrives() -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Basic", subscription="sub_old"))
    billing.apply.execute(subscription_event(CANCELED, 2, subscription="sub_old"))

    billing.apply.execute(subscription_event(ACTIVE, 6, subscription="sub_new"))
    billing.apply.execute(checkout(5, plan="Pro", subscription="sub_new"))

    user = billing.user
    assert (billing.plan_name(user.plan_id), user.stripe_subscription_id) == ("Pro", "sub_new")
    assert (user.stripe_subscription_status, user.subscription_renewal_date) == ("active", RENEWS)


def test_an_event_about_nobody_we_know_is_recorded_and_changes_nothing() -> None:
    billing = Billing()
    before = {name: getattr(billing.user, name) for name in STATE_FIELDS}
    stranger = replace(
        subscription_event(ACTIVE, 2), user_id=None, subscription_id="sub_x", customer_id="cus_x"
    )

    assert billing.apply.execute(stranger) is True

    assert {name: getattr(billing.user, name) for name in STATE_FIELDS} == before
    assert billing.processed()[(GATEWAY, stranger.event_id)].user_id is None


@pytest.mark.parametrize(
    ("names", "found"),
    [
        ({"user_id": 1, "subscription_id": None, "customer_id": "cus_x"}, True),
        ({"user_id": None, "subscription_id": "sub_1", "customer_id": "cus_x"}, True),
        ({"user_id": None, "subscription_id": None, "customer_id": "cus_1"}, True),
        ({"user_id": 99, "subscription_id": "sub_x", "customer_id": "cus_x"}, False),
    ],
)
def test_an_event_finds_its_subscriber_by_our_id_else_subscription_else_customer(
    names: dict[str, object], found: bool
) -> None:
    billing = Billing()
    billing.apply.execute(checkout(1, plan="Pro"))

    billing.apply.execute(replace(subscription_event(CANCELED, 2), **names))

    assert billing.plan_name(billing.user.plan_id) == ("Free" if found else "Pro")
