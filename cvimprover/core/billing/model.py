"""Plans: what a person may do, and what it costs."""

from dataclasses import dataclass

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
