"""What payment gateways tell us, in our words, whichever gateway said it."""

import enum
from dataclasses import dataclass
from datetime import datetime

from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.errors import InvalidInput


class EventKind(enum.StrEnum):
    CHECKOUT_COMPLETED = "checkout_completed"
    """A checkout was paid: the subscription starts on the plan it was for."""
    SUBSCRIPTION_ACTIVE = "subscription_active"
    """The subscription is paid up (created, renewed, changed plan, recovered)."""
    SUBSCRIPTION_PAST_DUE = "subscription_past_due"
    """A renewal payment failed; the plan is kept for a grace period."""
    SUBSCRIPTION_CANCELED = "subscription_canceled"
    """The subscription ended: back to Free."""


@dataclass(frozen=True)
class BillingEvent:
    """One verified gateway event. `occurred_at` orders events of one subscription; what
    the gateway did not say is None (and leaves the stored value alone)."""

    gateway: str
    event_id: str
    kind: EventKind
    occurred_at: datetime
    subscription_id: str | None = None
    customer_id: str | None = None
    user_id: int | None = None
    plan_id: int | None = None
    price_id: str | None = None
    interval: BillingInterval | None = None
    renews_at: datetime | None = None


class UnreadableEvent(InvalidInput):
    """A verified event with a field no stored row can hold: a user or plan id past the id
    columns' range, a time past any calendar's. It changes nobody's subscription; when it
    has an id it is recorded as processed, so a gateway that delivers it again (they retry
    whatever was not a 2xx) is told it is a duplicate and stops."""

    def __init__(self, gateway: str, event_id: str | None, field: str) -> None:
        which = f"event {event_id}" if event_id else "event"
        kept = "It is recorded and changes nothing." if event_id else "It changes nothing."
        super().__init__(
            f"The {gateway} {which} cannot be applied: its {field} is out of range or not "
            f"valid. {kept}",
            errors={field: ["Out of range or not valid."]},
        )
        self.gateway = gateway
        self.event_id = event_id
