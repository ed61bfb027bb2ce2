"""Operators name the prices that sell plans: `cvimprover prices list` and `prices set`."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cvimprover.core.billing.lookup_keys import lookup_key
from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval, Plan, PlanPrice
from cvimprover.core.billing.price_book import PriceSource
from cvimprover.core.errors import Conflict, InvalidInput, NotFound
from cvimprover.ports.billing import PlanRepository
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

Stored = dict[tuple[int | None, str, BillingInterval], str]
PRICE_ID = re.compile(r"[^\s\x00-\x1f\x7f]{1,255}")


@dataclass(frozen=True)
class PriceLine:
    """Where one plan's price at one interval on one gateway comes from: a stored
    `price_id`, or else the `lookup_key` a price on the gateway would need."""

    plan: str
    interval: BillingInterval
    gateway: str
    source: PriceSource
    price_id: str | None
    lookup_key: str | None


@dataclass(frozen=True)
class NewPlanPrice:
    plan: str
    interval: BillingInterval
    price_id: str
    gateway: str | None = None
    """None: the selling gateway (PAYMENT_GATEWAY)."""


@dataclass(frozen=True)
class PriceChange:
    plan: str
    interval: BillingInterval
    gateway: str
    previous: str | None
    price_id: str


def plan_named(plans: PlanRepository, name: str) -> Plan:
    """The plan called `name`, in any case; NotFound names the plans there are."""
    every = {plan.name.lower(): plan for plan in plans.list()}
    plan = every.get(name.strip().lower())
    if plan is None or plan.id is None:
        known = ", ".join(p.name for p in every.values()) or "none (run cvimprover migrate)"
        raise NotFound(f"No plan is named {name!r}; the plans are: {known}.")
    return plan


class ListPlanPrices:
    """Each plan at each interval on each gateway, read from the database alone (`prices
    check` asks the gateway):

    - the price id a row of `plan_prices` stores, when there is one;
    - else, on a gateway that finds prices by lookup key, the key it would look for;
    - the Free plan shows only stored prices: it is not sold otherwise.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, gateways: Sequence[str], keyed: Sequence[str]
    ) -> None:
        self._uow = uow
        self._gateways = gateways
        self._keyed = frozenset(keyed)

    def execute(self) -> list[tuple[str, list[PriceLine]]]:
        """By plan, in their order: the plan's name and its lines."""
        with self._uow() as uow:
            stored: Stored = {
                (row.plan_id, row.gateway, row.interval): row.price_id
                for gateway in self._gateways
                for row in uow.plans.prices_of(gateway)
            }
            return [
                (plan.name, [line for line in self._lines(plan, stored) if line is not None])
                for plan in uow.plans.list()
            ]

    def _lines(self, plan: Plan, stored: Stored) -> list[PriceLine | None]:
        return [
            self._line(plan, gateway, interval, stored.get((plan.id, gateway, interval)))
            for gateway in self._gateways
            for interval in BillingInterval
        ]

    def _line(
        self, plan: Plan, gateway: str, interval: BillingInterval, price_id: str | None
    ) -> PriceLine | None:
        if price_id is not None:
            return PriceLine(plan.name, interval, gateway, PriceSource.STORED, price_id, None)
        if gateway not in self._keyed or plan.name == FREE_PLAN_NAME:
            return None
        key = lookup_key(plan.name, interval)
        return PriceLine(plan.name, interval, gateway, PriceSource.LOOKUP_KEY, None, key)


class SetPlanPrice:
    """An operator names the price that bills a plan at an interval on a gateway.

    - the plan is named as `/core/plans/` lists it (any case); the gateway is one the
      service knows, by default the selling one (PAYMENT_GATEWAY);
    - the price id is the gateway's, as it spells it: 1 to 255 characters, no spaces;
    - one price bills one plan at one interval: an id already stored for another plan
      or interval on that gateway is refused;
    - it replaces the plan's stored price at that interval, and sells from the next
      checkout on (stored prices are read from the database each time, never cached).
    """

    def __init__(self, uow: UnitOfWorkFactory, gateways: Sequence[str], selling: str) -> None:
        self._uow = uow
        self._gateways = gateways
        self._selling = selling

    def execute(self, command: NewPlanPrice) -> PriceChange:
        gateway = (command.gateway or self._selling).strip().lower()
        if gateway not in self._gateways:
            known = ", ".join(self._gateways)
            raise InvalidInput(
                f"No gateway is named {gateway!r}; the gateways are: {known}.",
                errors={"gateway": [f"Use one of {known}."]},
            )
        price_id = command.price_id.strip()
        if not PRICE_ID.fullmatch(price_id):
            raise InvalidInput(
                f"{command.price_id!r} is no price id: copy it from the gateway "
                "(1 to 255 characters, no spaces).",
                errors={"price_id": ["1 to 255 characters, no spaces."]},
            )
        with self._uow() as uow:
            plan = plan_named(uow.plans, command.plan)
            change = _store(uow.plans, plan, gateway, command.interval, price_id)
            uow.commit()
        return change


def _store(
    plans: PlanRepository, plan: Plan, gateway: str, interval: BillingInterval, price_id: str
) -> PriceChange:
    assert plan.id is not None
    rows = plans.prices_of(gateway)
    taken = next((row for row in rows if row.price_id == price_id), None)
    if taken is not None and (taken.plan_id, taken.interval) != (plan.id, interval):
        other = plans.get(taken.plan_id)
        raise Conflict(
            f"{price_id} already bills the {other.name if other else '?'} plan "
            f"{taken.interval.value} on {gateway}: one price bills one plan at one interval."
        )
    row = next((row for row in rows if (row.plan_id, row.interval) == (plan.id, interval)), None)
    previous = row.price_id if row else None
    if row is None:
        plans.add_price(
            PlanPrice(plan_id=plan.id, gateway=gateway, interval=interval, price_id=price_id)
        )
    else:
        row.price_id = price_id
    return PriceChange(plan.name, interval, gateway, previous, price_id)
