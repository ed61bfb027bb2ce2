"""Plan quotas: what each plan allows per window, and the windows themselves."""

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cvimprover.core.billing.model import Plan

DAY, HOUR = timedelta(days=1), timedelta(hours=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class QuotaScope(enum.StrEnum):
    AI_RESPONSES = "ai_responses"
    QUESTIONNAIRES = "questionnaires"
    UPLOADS = "uploads"
    API_CALLS = "api_calls"


RULES: dict[QuotaScope, tuple[str, timedelta]] = {
    QuotaScope.AI_RESPONSES: ("ai_improvements_per_day", DAY),
    QuotaScope.QUESTIONNAIRES: ("questionnaires_per_day", DAY),
    QuotaScope.UPLOADS: ("uploads_per_day", DAY),
    QuotaScope.API_CALLS: ("api_calls_per_hour", HOUR),
}
"""Each scope's limit (a Plan field) and its window: fixed UTC days and hours."""


@dataclass(frozen=True)
class PlanQuotas:
    """A plan's limits, detached from any unit of work (safe to keep in a cache)."""

    plan_id: int | None
    name: str
    order: int
    limits: Mapping[QuotaScope, int]

    @classmethod
    def of(cls, plan: Plan) -> "PlanQuotas":
        limits = {scope: int(getattr(plan, field)) for scope, (field, _) in RULES.items()}
        return cls(plan.id, plan.name, plan.order, limits)


@dataclass(frozen=True)
class Subscriber:
    """What decides a user's quotas: their plan's limits and Free's, and the state of their
    subscription (the grace period is applied at use). Detached, like PlanQuotas."""

    username: str
    plan: PlanQuotas | None
    free: PlanQuotas
    status: str | None
    past_due_since: datetime | None


@dataclass(frozen=True)
class QuotaUse:
    """A scope's use in its current window."""

    scope: QuotaScope
    limit: int
    used: int
    reset_at: datetime

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def percentage_used(self) -> float:
        return round(100.0 * self.used / self.limit, 1) if self.limit > 0 else 100.0

    @property
    def status(self) -> str:
        """healthy below half, moderate below 80 %, warning below the limit, then exceeded."""
        percentage = self.percentage_used
        if percentage >= 100:
            return "exceeded"
        if percentage >= 80:
            return "warning"
        return "moderate" if percentage >= 50 else "healthy"


def window_of(scope: QuotaScope, at: datetime) -> tuple[datetime, datetime]:
    """The fixed window of `scope` that holds `at`: its start and its end."""
    length = RULES[scope][1]
    start = at - (at - _EPOCH) % length
    return start, start + length


def counter_key(user_id: int, scope: QuotaScope, at: datetime) -> str:
    start, _ = window_of(scope, at)
    return f"{user_id}:{scope.value}:{int(start.timestamp())}"


def next_plan_after(current: PlanQuotas, plans: list[PlanQuotas]) -> PlanQuotas | None:
    """The cheapest plan above `current` (plans are ranked by `order`)."""
    higher = [plan for plan in plans if plan.order > current.order]
    return min(higher, key=lambda plan: plan.order) if higher else None
