"""Stripe's webhook events, read into domain events (after their signature is verified)."""

from dataclasses import dataclass
from typing import Any

from cvimprover.adapters.payments.event_fields import (
    UnreadableField,
    event_id,
    optional_id,
    optional_text_id,
    unix_instant,
)
from cvimprover.core.billing.events import BillingEvent, EventKind, UnreadableEvent
from cvimprover.core.billing.model import BillingInterval

SUBSCRIPTION_STATUS = {
    "active": EventKind.SUBSCRIPTION_ACTIVE,
    "trialing": EventKind.SUBSCRIPTION_ACTIVE,
    "past_due": EventKind.SUBSCRIPTION_PAST_DUE,
    "unpaid": EventKind.SUBSCRIPTION_PAST_DUE,
    "canceled": EventKind.SUBSCRIPTION_CANCELED,
    "incomplete_expired": EventKind.SUBSCRIPTION_CANCELED,
}
INTERVALS = {"month": BillingInterval.MONTHLY, "year": BillingInterval.YEARLY}
PAID = ("paid", "no_payment_required")
CHECKOUT_PAID = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
SUBSCRIPTION_CHANGED = ("customer.subscription.created", "customer.subscription.updated")


@dataclass(frozen=True)
class CheckoutFields:
    """What our checkout sessions carry back: who bought which plan, and what it became."""

    user_id: int | None
    plan_id: int | None
    interval: BillingInterval | None
    subscription_id: str | None
    customer_id: str | None


def checkout_fields(session: dict[str, Any]) -> CheckoutFields:
    """Reads a Checkout Session object (ours put the ids in `client_reference_id` and
    `metadata` when it was created); UnreadableField when an id is not one we gave."""
    metadata = session.get("metadata") or {}
    reference = session.get("client_reference_id")
    return CheckoutFields(
        user_id=optional_id(reference, "client_reference_id")
        if reference
        else optional_id(metadata.get("user_id"), "metadata.user_id"),
        plan_id=optional_id(metadata.get("plan_id"), "metadata.plan_id"),
        interval=_interval(metadata.get("interval")),
        subscription_id=_id(session.get("subscription"), "subscription"),
        customer_id=_id(session.get("customer"), "customer"),
    )


def read_event(event: dict[str, Any]) -> BillingEvent | None:
    """The domain event a Stripe event stands for; None for types (or states) that move
    no subscription: an unpaid checkout, an incomplete subscription, an invoice.

    A field that no stored row can hold makes the event UnreadableEvent."""
    recorded_as = event_id(event.get("id"), "stripe")
    try:
        return _read(event, recorded_as)
    except UnreadableField as field:
        raise UnreadableEvent("stripe", recorded_as, field.name) from None


def _read(event: dict[str, Any], recorded_as: str) -> BillingEvent | None:
    kind, obj = event.get("type", ""), (event.get("data") or {}).get("object") or {}
    common: dict[str, Any] = {
        "gateway": "stripe",
        "event_id": recorded_as,
        "occurred_at": unix_instant(event.get("created"), "created"),
    }
    if kind in CHECKOUT_PAID:
        if obj.get("payment_status") not in PAID or obj.get("mode") != "subscription":
            return None
        fields = checkout_fields(obj)
        return BillingEvent(
            kind=EventKind.CHECKOUT_COMPLETED,
            subscription_id=fields.subscription_id,
            customer_id=fields.customer_id,
            user_id=fields.user_id,
            plan_id=fields.plan_id,
            interval=fields.interval,
            **common,
        )
    if kind == "customer.subscription.deleted":
        return _subscription(obj, EventKind.SUBSCRIPTION_CANCELED, common)
    if kind in SUBSCRIPTION_CHANGED:
        status = SUBSCRIPTION_STATUS.get(obj.get("status", ""))
        return _subscription(obj, status, common) if status else None
    return None


def _subscription(obj: dict[str, Any], kind: EventKind, common: dict[str, Any]) -> BillingEvent:
    items = (obj.get("items") or {}).get("data") or [{}]
    price = items[0].get("price") or {}
    # Newer API versions moved the period to the subscription's items.
    period_end = items[0].get("current_period_end") or obj.get("current_period_end")
    return BillingEvent(
        kind=kind,
        subscription_id=_id(obj.get("id"), "id"),
        customer_id=_id(obj.get("customer"), "customer"),
        user_id=optional_id((obj.get("metadata") or {}).get("user_id"), "metadata.user_id"),
        price_id=price.get("id"),
        interval=INTERVALS.get((price.get("recurring") or {}).get("interval", "")),
        renews_at=unix_instant(period_end, "current_period_end") if period_end else None,
        **common,
    )


def _id(value: Any, name: str) -> str | None:
    """Stripe sends a related object as its id, or whole when expanded."""
    if isinstance(value, dict):
        value = value.get("id")
    return optional_text_id(value, name)


def _interval(value: Any) -> BillingInterval | None:
    try:
        return BillingInterval(value) if value else None
    except ValueError:
        return None
