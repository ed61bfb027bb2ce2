"""Plans: what a person may do, and what it costs."""

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

FREE_PLAN_NAME = "Free"


@dataclass(kw_only=True, eq=False)
class Plan:
    """A subscription plan; its quotas bound a user's daily and hourly usage."""

    name: str
    description: str = ""
    order: int = 10
    ai_improvements_per_day: int = 3
    questionnaires_per_day: int = 5
    uploads_per_day: int = 3
    api_calls_per_hour: int = 100
    id: int | None = None


class BillingInterval(enum.StrEnum):
    MONTHLY = "monthly"
    YEARLY = "yearly"


@dataclass(kw_only=True, eq=False)
class PlanPrice:
    """Which price of a gateway's catalogue bills a plan at an interval (editable data)."""

    plan_id: int
    gateway: str
    interval: BillingInterval
    price_id: str
    id: int | None = None


@dataclass(frozen=True)
class Price:
    """What a gateway charges for one price id, in major units (5.00 USD)."""

    amount: Decimal
    currency: str
    interval: BillingInterval


@dataclass(kw_only=True, eq=False)
class ProcessedEvent:
    """A gateway event already applied; its id is unique per gateway."""

    gateway: str
    event_id: str
    processed_at: datetime
    user_id: int | None = None
    id: int | None = None
