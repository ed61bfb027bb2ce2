"""Paddle Billing's webhook notifications, read into domain events (after their signature
is verified)."""

from datetime import datetime
from typing import Any

from cvimprover.core.billing.events import BillingEvent, EventKind
from cvimprover.core.billing.model import BillingInterval

SUBSCRIPTION_EVENTS = frozenset(
    {
        "subscription.created",
        "subscription.activated",
        "subscription.updated",
        "subscription.past_due",
        "subscription.canceled",
        "subscription.resumed",
    }
)
SUBSCRIPTION_STATUS = {
    "active": EventKind.SUBSCRIPTION_ACTIVE,
    "trialing": EventKind.SUBSCRIPTION_ACTIVE,
    "past_due": EventKind.SUBSCRIPTION_PAST_DUE,
    "canceled": EventKind.SUBSCRIPTION_CANCELED,
}
INTERVALS = {"month": BillingInterval.MONTHLY, "year": BillingInterval.YEARLY}
CHECKOUT_ORIGINS = frozenset({"web", "api"})
"""Transactions a customer paid through a checkout; renewals have `subscription_*` origins."""


def read_event(notification: dict[str, Any]) -> BillingEvent | None:
    """The domain event a Paddle notification stands for; None for the types that move no
    subscription (and a paused subscription, which keeps its plan until it ends).

    A subscription event's kind follows the subscription's `status`, which Paddle sends
    whole with every event; `transaction.completed` is a paid checkout when the customer
    went through one, else a renewal.
    """
    kind, data = notification.get("event_type", ""), notification.get("data") or {}
    common: dict[str, Any] = {
        "gateway": "paddle",
        "event_id": str(notification["event_id"]),
        "occurred_at": datetime.fromisoformat(str(notification["occurred_at"])),
        "customer_id": data.get("customer_id"),
        "user_id": _int((data.get("custom_data") or {}).get("user_id")),
    }
    if kind in SUBSCRIPTION_EVENTS:
        status = SUBSCRIPTION_STATUS.get(data.get("status", ""))
        if status is None:
            return None
        period = data.get("current_billing_period") or {}
        return BillingEvent(
            kind=status,
            subscription_id=data.get("id"),
            renews_at=_instant(data.get("next_billed_at") or period.get("ends_at")),
            **_price_of(data),
            **common,
        )
    if kind == "transaction.completed" and data.get("subscription_id"):
        checkout = data.get("origin") in CHECKOUT_ORIGINS
        period = data.get("billing_period") or {}
        return BillingEvent(
            kind=EventKind.CHECKOUT_COMPLETED if checkout else EventKind.SUBSCRIPTION_ACTIVE,
            subscription_id=data["subscription_id"],
            plan_id=_int((data.get("custom_data") or {}).get("plan_id")) if checkout else None,
            renews_at=_instant(period.get("ends_at")),
            **_price_of(data),
            **common,
        )
    return None


def _price_of(data: dict[str, Any]) -> dict[str, Any]:
    """The first item's price id and how often it bills (monthly, yearly, else None)."""
    items = data.get("items") or [{}]
    price = items[0].get("price") or {}
    cycle = price.get("billing_cycle") or {}
    interval = INTERVALS.get(cycle.get("interval", "")) if cycle.get("frequency") == 1 else None
    return {"price_id": price.get("id"), "interval": interval}


def _instant(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None
