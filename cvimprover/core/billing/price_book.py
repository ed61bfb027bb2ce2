"""Which price of the selling gateway bills each paid plan at each interval."""

import enum
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from cvimprover.core.billing.lookup_keys import PriceKeyCache, lookup_key
from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval, Plan, PlanPrice
from cvimprover.ports.clock import Clock
from cvimprover.ports.price_directory import ListedPrice, PriceDirectory


class PriceSource(enum.StrEnum):
    STORED = "plan_prices"
    LOOKUP_KEY = "lookup key"


@dataclass(frozen=True)
class SellingPrice:
    """How one paid plan is sold at one interval; `price_id` None when it is not."""

    plan: Plan
    interval: BillingInterval
    lookup_key: str
    price_id: str | None
    source: PriceSource | None
    known: bool = True
    """False when the gateway could not be asked (its outage): maybe sold, maybe not."""
    listed: ListedPrice | None = None
    """What the gateway said of the price the lookup key names, if it names one."""


class PriceBook:
    """The selling gateway's price for each paid plan and interval:

    - a row of `plan_prices` wins: it is the operator's word;
    - else the active price whose lookup key is the plan's and the interval's
      (`cvimprover_basic_monthly`), if it bills at that interval (a yearly price under a
      monthly key is not taken); the keys' answers are kept for `ttl`, a key that
      names no price for `retry_after` (see PriceKeyCache);
    - the Free plan is sold only at a price a row of `plan_prices` names.
    """

    def __init__(
        self,
        directory: PriceDirectory,
        clock: Clock,
        *,
        ttl: timedelta = timedelta(hours=1),
        retry_after: timedelta = timedelta(seconds=30),
    ) -> None:
        self._directory = directory
        self._keys = PriceKeyCache(directory, clock, ttl=ttl, retry_after=retry_after)

    @property
    def gateway(self) -> str:
        return self._directory.gateway

    def selling(
        self, plans: Sequence[Plan], stored: Sequence[PlanPrice], *, fresh: bool = False
    ) -> list[SellingPrice]:
        """Every paid plan at every interval. `fresh` asks the gateway now, past the
        cache, and lets its failure (DependencyUnavailable) through."""
        rows: dict[tuple[int | None, BillingInterval], str] = {
            (row.plan_id, row.interval): row.price_id for row in stored
        }
        wanted = [
            (plan, interval, lookup_key(plan.name, interval))
            for plan in plans
            for interval in BillingInterval
            if plan.name != FREE_PLAN_NAME or (plan.id, interval) in rows
        ]
        keys = [key for plan, interval, key in wanted if (plan.id, interval) not in rows]
        found: dict[str, ListedPrice | None] = (
            dict(self._directory.find(keys)) if fresh and keys else self._keys.find(keys)
        )
        return [
            _selling(plan, interval, key, rows.get((plan.id, interval)), found)
            for plan, interval, key in wanted
        ]

    def unsold(self, plan: Plan, interval: BillingInterval) -> str:
        """Why `plan` cannot be bought at `interval`, and what an operator does about it."""
        key = lookup_key(plan.name, interval)
        command = (
            f"cvimprover prices set {shlex.quote(plan.name.lower())} {interval.value} "
            f"{self._directory.price_id_example}"
        )
        return (
            f"Plan '{plan.name}' has no {interval.value} price on {self.gateway}: set one "
            f"with `{command}` or {self._directory.how_to_key(key)}."
        )


def _selling(
    plan: Plan,
    interval: BillingInterval,
    key: str,
    stored: str | None,
    found: dict[str, ListedPrice | None],
) -> SellingPrice:
    if stored is not None:
        return SellingPrice(plan, interval, key, stored, PriceSource.STORED)
    if key not in found:
        return SellingPrice(plan, interval, key, None, None, known=False)
    listed = found[key]
    if listed is None or not listed.active or listed.interval is not interval:
        return SellingPrice(plan, interval, key, None, None, listed=listed)
    return SellingPrice(plan, interval, key, listed.price_id, PriceSource.LOOKUP_KEY, listed=listed)
