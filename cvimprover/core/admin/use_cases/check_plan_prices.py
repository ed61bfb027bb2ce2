"""`cvimprover prices check`: does the selling gateway sell each plan as we think?"""

from collections import Counter
from dataclasses import dataclass, field

from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval
from cvimprover.core.billing.price_book import PriceBook, PriceSource, SellingPrice
from cvimprover.ports.price_directory import ListedPrice, PriceDirectory
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


@dataclass
class PlanCheck:
    plan: str
    problems: list[str] = field(default_factory=list)
    sold: list[str] = field(default_factory=list)
    """Each interval's price, as `monthly price_1 (5.00 USD, plan_prices)`."""

    @property
    def ok(self) -> bool:
        return not self.problems


class CheckPlanPrices:
    """Asks the selling gateway, past every cache, about each plan's price at each
    interval (as the price book chooses it):

    - the price must exist on the gateway, be active, bill at its interval (monthly or
      yearly, once a period) and have a fixed amount;
    - every price is in one currency, as the plan list shows them side by side: one in
      another currency than most is a problem;
    - a paid plan must be sold at one interval at least (a plan sold monthly only is
      fine); the Free plan is checked only for prices stored for it.
    Gateway failures raise DependencyUnavailable.
    """

    def __init__(self, uow: UnitOfWorkFactory, book: PriceBook, directory: PriceDirectory) -> None:
        self._uow = uow
        self._book = book
        self._directory = directory

    def execute(self) -> list[PlanCheck]:
        with self._uow() as uow:
            plans = uow.plans.list()
            stored = uow.plans.prices_of(self._book.gateway)
            selling = self._book.selling(plans, stored, fresh=True)
        described = self._directory.describe(
            [s.price_id for s in selling if s.source is PriceSource.STORED and s.price_id]
        )
        listed = {id(s): _listed(s, described) for s in selling}
        currency = _usual_currency([price for price in listed.values() if price is not None])
        checks = []
        for plan in plans:
            check = PlanCheck(plan.name)
            for price in (s for s in selling if s.plan is plan):
                self._check(check, price, listed[id(price)], currency)
            if not check.sold and not check.problems and plan.name != FREE_PLAN_NAME:
                check.problems.append(self._book.unsold(plan, BillingInterval.MONTHLY))
            checks.append(check)
        return checks

    def _check(
        self, check: PlanCheck, price: SellingPrice, listed: ListedPrice | None, currency: str
    ) -> None:
        interval = price.interval.value
        problem = _problem(price, listed, self._book.gateway)
        if problem is None and listed is not None and listed.currency != currency:
            problem = f"{listed.price_id} is in {listed.currency}, the other prices in {currency}"
        if problem is not None:
            check.problems.append(f"{interval}: {problem}")
        elif listed is not None and price.source is not None:
            where = "plan_prices" if price.source is PriceSource.STORED else price.lookup_key
            cost = f"{listed.amount} {listed.currency}"
            check.sold.append(f"{interval} {listed.price_id} ({cost}, {where})")


def _listed(price: SellingPrice, described: dict[str, ListedPrice]) -> ListedPrice | None:
    if price.source is PriceSource.STORED and price.price_id is not None:
        return described.get(price.price_id)
    return price.listed


def _problem(price: SellingPrice, listed: ListedPrice | None, gateway: str) -> str | None:
    interval = price.interval.value
    if price.source is None:
        return _misnamed(price, listed)
    named = "stored in plan_prices" if price.source is PriceSource.STORED else price.lookup_key
    if listed is None:
        return f"{gateway} knows no price {price.price_id} ({named})"
    if not listed.active:
        return f"{listed.price_id} ({named}) is archived on {gateway}"
    if listed.interval is not price.interval:
        return f"{listed.price_id} ({named}) is billed {listed.billing}, not {interval}"
    if listed.amount is None or listed.currency is None:
        return f"{listed.price_id} ({named}) has no fixed amount"
    return None


def _misnamed(price: SellingPrice, listed: ListedPrice | None) -> str | None:
    """A lookup key that names a price billed at another interval; an interval no price
    sells at is a problem only when the plan is sold at none (see execute)."""
    if listed is None:
        return None
    return (
        f"lookup key {price.lookup_key} names {listed.price_id}, which is billed "
        f"{listed.billing}, not {price.interval.value}"
    )


def _usual_currency(prices: list[ListedPrice]) -> str:
    """The currency most prices are in (the first such, on a tie)."""
    counts = Counter(price.currency for price in prices if price.currency)
    return counts.most_common(1)[0][0] if counts else ""
