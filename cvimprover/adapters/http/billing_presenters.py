"""The billing use cases' answers as the original API's JSON."""

from typing import Any

from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.quotas import RULES, QuotaUse
from cvimprover.core.billing.views import CheckoutOutcome, PlanListing, PriceView, UsageReport

INTERVAL_NAMES = {BillingInterval.MONTHLY: "month", BillingInterval.YEARLY: "year"}


def plan_json(plan: PlanListing) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "description": plan.description,
        "order": plan.order,
        "quotas": {RULES[scope][0]: limit for scope, limit in plan.quotas.items()},
        "monthly_price": price_json(plan.monthly_price),
        "yearly_price": price_json(plan.yearly_price),
        "is_current": plan.is_current,
    }


def price_json(price: PriceView | None) -> dict[str, Any] | None:
    if price is None:
        return None
    return {
        "amount": float(price.amount) if price.amount is not None else None,
        "currency": price.currency,
        "interval": INTERVAL_NAMES[price.interval],
        "available": price.available,
    }


def usage_json(report: UsageReport) -> dict[str, Any]:
    advice = report.advice
    return {
        "user": {"username": report.username, "plan": report.plan},
        "rate_limits": {use.scope.value: quota_use_json(use) for use in report.uses},
        "upgrade_recommendation": {
            "should_upgrade": advice.should_upgrade,
            "recommended_plan": advice.recommended_plan,
            "high_usage_scopes": [scope.value for scope in advice.high_usage_scopes],
            "message": advice.message,
        },
    }


def quota_use_json(use: QuotaUse) -> dict[str, Any]:
    return {
        "limit": use.limit,
        "used": use.used,
        "remaining": use.remaining,
        "reset_at": use.reset_at,
        "percentage_used": use.percentage_used,
        "status": use.status,
    }


def checkout_json(outcome: CheckoutOutcome) -> dict[str, Any]:
    return {
        "session_id": outcome.session_id,
        "status": outcome.status,
        "plan_id": outcome.plan_id,
        "plan": outcome.plan,
        "subscription_status": outcome.subscription_status,
        "subscription_renewal_date": outcome.renewal_date,
    }
