"""Bodies of the /core/ billing endpoints: plans, quota use, checkout, portal, webhooks.

Field names are the original API's (`monthly_price`, `is_current`, `rate_limits`,
`upgrade_recommendation`, ...).
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from cvimprover.adapters.http.bodies import Body
from cvimprover.core.ids import LARGEST_ID, SMALLEST_ID

Billing = Literal["monthly", "yearly"]


class PlansQuery(BaseModel):
    billing: Billing | None = Field(None, description="Only plans sold at this interval.")


class PriceOut(BaseModel):
    amount: float | None = Field(description="In major units (5.0 USD); null if unavailable.")
    currency: str | None
    interval: Literal["month", "year"]
    available: bool = Field(description="False while the payment gateway cannot say.")


class PlanQuotasOut(BaseModel):
    ai_improvements_per_day: int
    questionnaires_per_day: int
    uploads_per_day: int
    api_calls_per_hour: int


class PlanListingOut(BaseModel):
    id: int
    name: str
    description: str
    order: int
    quotas: PlanQuotasOut
    monthly_price: PriceOut | None
    yearly_price: PriceOut | None
    is_current: bool = Field(description="The signed-in caller's plan; false for anyone else.")


class RateLimitUserOut(BaseModel):
    username: str
    plan: str


class QuotaUseOut(BaseModel):
    limit: int
    used: int
    remaining: int
    reset_at: datetime
    percentage_used: float
    status: Literal["healthy", "moderate", "warning", "exceeded"]


class UpgradeRecommendationOut(BaseModel):
    should_upgrade: bool
    recommended_plan: str | None
    high_usage_scopes: list[str]
    message: str


class RateLimitStatusOut(BaseModel):
    user: RateLimitUserOut
    rate_limits: dict[str, QuotaUseOut] = Field(
        description="ai_responses, questionnaires, uploads (per day), api_calls (per hour)."
    )
    upgrade_recommendation: UpgradeRecommendationOut


class CheckoutIn(Body):
    plan_id: int = Field(ge=SMALLEST_ID, le=LARGEST_ID)
    billing: Billing


class CheckoutOut(BaseModel):
    url: str = Field(description="Send the payer there.")
    session_id: str


class SessionQuery(BaseModel):
    session_id: str = Field(
        min_length=1,
        max_length=2048,
        pattern=r"^[A-Za-z0-9._~-]+$",
        description="As the gateway gave it: letters, digits and . _ ~ - (none of them needs "
        "escaping in a URL, which then stays under the HTTP server's 4094 bytes).",
    )


class CheckoutStatusOut(BaseModel):
    session_id: str
    status: Literal["open", "processing", "complete"]
    plan_id: int | None
    plan: str | None
    subscription_status: str | None
    subscription_renewal_date: datetime | None


class PortalOut(BaseModel):
    url: str


class WebhookOut(BaseModel):
    received: bool
    applied: bool = Field(description="False for a duplicate, or an event type we ignore.")


class SandboxForm(BaseModel):
    """What the sandbox gateway's pages post to its webhook: a session is applied once (a
    checkout completes, a portal session makes one change), expires an hour after it was
    issued, and anything else posted is ignored."""

    action: Literal["complete", "renew", "past_due", "cancel"]
    session_id: str
