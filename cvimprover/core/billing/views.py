"""What the billing use cases answer with."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.quotas import QuotaScope, QuotaUse


@dataclass(frozen=True)
class PriceView:
    """A plan's price at one interval; `available` is False while the gateway cannot say."""

    interval: BillingInterval
    available: bool
    amount: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True)
class PlanListing:
    id: int
    name: str
    description: str
    order: int
    quotas: Mapping[QuotaScope, int]
    monthly_price: PriceView | None
    yearly_price: PriceView | None
    is_current: bool


@dataclass(frozen=True)
class UpgradeAdvice:
    should_upgrade: bool
    recommended_plan: str | None
    high_usage_scopes: list[QuotaScope]
    message: str


@dataclass(frozen=True)
class UsageReport:
    username: str
    plan: str
    uses: list[QuotaUse]
    advice: UpgradeAdvice


@dataclass(frozen=True)
class CheckoutOutcome:
    session_id: str
    status: str
    """`complete` once paid and applied to the account, else `open`."""
    plan_id: int | None
    plan: str | None
    subscription_status: str | None
    renewal_date: datetime | None
