"""Paddle Billing's webhook notifications, read into domain events (after their signature
is verified)."""

from datetime import datetime
from typing import Any

from cvimprover.adapters.payments.event_fields import (
    UnreadableField,
    event_id,
    iso_instant,
    optional_id,
    optional_text_id,
)
from cvimprover.core.billing.events import BillingEvent, EventKind, UnreadableEvent
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
    went through one, else a renewal. A field no stored row can hold makes the event
    UnreadableEvent.
    """
    recorded_as = event_id(notification.get("event_id"), "paddle")
    try:
        return _read(notification, recorded_as)
    except UnreadableField as field:
        raise UnreadableEvent("paddle", recorded_as, field.name) from None


def _read(notification: dict[str, Any], recorded_as: str) -> BillingEvent | None:
    kind, data = notification.get("event_type", ""), notification.get("data") or {}
    custom: dict[str, Any] = data.get("custom_data") or {}
    if not isinstance(custom, dict):
        custom = {}
    common: dict[str, Any] = {
        "gateway": "paddle",
        "event_id": recorded_as,
        "occurred_at": iso_instant(notification.get("occurred_at"), "occurred_at"),
        "customer_id": optional_text_id(data.get("customer_id"), "customer_id"),
        "user_id": optional_id(custom.get("user_id"), "custom_data.user_id"),
    }
    if kind in SUBSCRIPTION_EVENTS:
        status = SUBSCRIPTION_STATUS.get(data.get("status", ""))
        if status is None:
            return None
        period = data.get("current_billing_period") or {}
        return BillingEvent(
            kind=status,
            subscription_id=optional_text_id(data.get("id"), "id"),
            renews_at=_instant(data.get("next_billed_at"), "next_billed_at")
            or _instant(period.get("ends_at"), "current_billing_period.ends_at"),
            **_price_of(data),
            **common,
        )
    if kind == "transaction.completed" and data.get("subscription_id"):
        checkout = data.get("origin") in CHECKOUT_ORIGINS
        period = data.get("billing_period") or {}
        return BillingEvent(
            kind=EventKind.CHECKOUT_COMPLETED if checkout else EventKind.SUBSCRIPTION_ACTIVE,
            subscription_id=optional_text_id(data["subscription_id"], "subscription_id"),
            plan_id=optional_id(custom.get("plan_id"), "custom_data.plan_id") if checkout else None,
            renews_at=_instant(period.get("ends_at"), "billing_period.ends_at"),
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


def _instant(value: Any, name: str) -> datetime | None:
    return iso_instant(value, name) if value else None
