"""Taking and giving back quota, per user and plan."""

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from cvimprover.core.billing.quotas import (
    PlanQuotas,
    QuotaScope,
    QuotaUse,
    Subscriber,
    counter_key,
    next_plan_after,
    window_of,
)
from cvimprover.core.billing.subscriptions import plan_in_force
from cvimprover.core.errors import QuotaExceeded
from cvimprover.ports.clock import Clock
from cvimprover.ports.quotas import QuotaCounter
from cvimprover.ports.read_cache import ReadCache
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

SUBSCRIBER = "quota-subscriber"
SUBSCRIBER_SIZE = 512

_RECORDED: ContextVar[list[QuotaUse] | None] = ContextVar("recorded_quota_uses", default=None)
"""The uses taken in the current context (a request) while it records them."""


class Quotas:
    """Per-user, per-plan quotas in fixed windows.

    - the limits are those of the user's plan; no plan, or a subscription past due beyond
      the grace period, means Free's;
    - taking is atomic in the shared counter: concurrent requests never exceed a limit;
    - over a limit: QuotaExceeded with the limit, the reset time and the next plan up
      (with `upgrade_url`, where the plans are listed);
    - a use given back is uncounted in the window it was taken in (not a later one).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        counter: QuotaCounter,
        clock: Clock,
        *,
        grace: timedelta,
        cache: ReadCache | None = None,
        upgrade_url: str | None = None,
    ) -> None:
        self._uow = uow
        self._counter = counter
        self._clock = clock
        self._grace = grace
        self._cache = cache
        self._upgrade_url = upgrade_url

    @contextmanager
    def held(self, user_id: int, *scopes: QuotaScope) -> Iterator[None]:
        """Takes one use of each scope for the block; gives them back if the block fails,
        so only work that was done counts."""
        now = self._clock.now()
        taken: list[QuotaScope] = []
        try:
            for scope in scopes:
                self.take(user_id, scope, at=now)
                taken.append(scope)
            yield
        except BaseException:
            for scope in taken:
                self.give_back(user_id, scope, now)
            raise

    def take(self, user_id: int, scope: QuotaScope, *, at: datetime | None = None) -> QuotaUse:
        now = at or self._clock.now()
        plan = self.plan_of(user_id)
        limit = plan.limits[scope]
        _, reset_at = window_of(scope, now)
        used = self._counter.take(counter_key(user_id, scope, now), limit, reset_at)
        if used is None:
            raise self._exceeded(plan, QuotaUse(scope, limit, limit, reset_at), now)
        use = QuotaUse(scope, limit, used, reset_at)
        if (recorded := _RECORDED.get()) is not None:
            recorded.append(use)
        return use

    def give_back(self, user_id: int, scope: QuotaScope, taken_at: datetime) -> None:
        self._counter.give_back(counter_key(user_id, scope, taken_at))
        recorded = _RECORDED.get()
        if recorded is not None:
            given = [index for index, use in enumerate(recorded) if use.scope is scope]
            if given:
                del recorded[given[-1]]

    def record_uses(self) -> None:
        """From now on, in the current context (one request: one thread or task), every
        use taken is recorded until `recorded_uses()`. What a request spent can then be
        reported without reading the counters again."""
        _RECORDED.set([])

    def recorded_uses(self) -> list[QuotaUse]:
        """The uses taken since `record_uses()` in this context and not given back, in the
        order they were taken; recording stops."""
        recorded = _RECORDED.get() or []
        _RECORDED.set(None)
        return recorded

    def uses_of(self, user_id: int, scopes: Sequence[QuotaScope]) -> list[QuotaUse]:
        """The user's use of each scope in its current window, read at once."""
        if not scopes:
            return []
        now = self._clock.now()
        limits = self.plan_of(user_id).limits
        counts = self._counter.counts([counter_key(user_id, scope, now) for scope in scopes])
        return [
            QuotaUse(scope, limits[scope], min(used, limits[scope]), window_of(scope, now)[1])
            for scope, used in zip(scopes, counts, strict=True)
        ]

    def reset(self, user_id: int, scope: QuotaScope) -> None:
        """Forgets the user's uses of `scope` in its current window."""
        self._counter.reset(counter_key(user_id, scope, self._clock.now()))

    def plan_of(self, user_id: int) -> PlanQuotas:
        subscriber = self.subscriber(user_id)
        now = self._clock.now()
        if subscriber.plan is None:
            return subscriber.free
        in_force = plan_in_force(subscriber.status, subscriber.past_due_since, now, self._grace)
        return subscriber.plan if in_force else subscriber.free

    def plans(self) -> list[PlanQuotas]:
        with self._uow() as uow:
            return [PlanQuotas.of(plan) for plan in uow.plans.list()]

    def subscriber(self, user_id: int) -> Subscriber:
        cache = self._cache
        generation = cache.generation(user_id) if cache else None
        if cache is not None and generation is not None:
            cached = cache.get(user_id, SUBSCRIBER)
            if isinstance(cached, Subscriber):
                return cached
        subscriber = self._read_subscriber(user_id)
        if cache is not None and generation is not None:
            cache.put(
                user_id,
                SUBSCRIBER,
                subscriber,
                generation=generation,
                size=SUBSCRIBER_SIZE,
                scope="session",
            )
        return subscriber

    def _read_subscriber(self, user_id: int) -> Subscriber:
        with self._uow() as uow:
            return uow.plans.subscriber(user_id)

    def _exceeded(self, plan: PlanQuotas, use: QuotaUse, now: datetime) -> QuotaExceeded:
        upgrade = next_plan_after(plan, self.plans())
        wait = max(1, math.ceil((use.reset_at - now).total_seconds()))
        label = use.scope.value.replace("_", " ")
        return QuotaExceeded(
            f"Your {plan.name} plan allows {use.limit} {label} per window; "
            f"the quota resets at {use.reset_at.isoformat()}.",
            retry_after=wait,
            details={
                "scope": use.scope.value,
                "limit": use.limit,
                "reset_at": use.reset_at,
                "current_plan": plan.name,
                "upgrade_suggestion": {
                    "recommended_plan": upgrade.name if upgrade else None,
                    "message": (
                        f"Upgrade to {upgrade.name} for a higher limit."
                        if upgrade
                        else f"{plan.name} is the highest plan; wait for the reset."
                    ),
                    "upgrade_url": self._upgrade_url,
                },
            },
        )
