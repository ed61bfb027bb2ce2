from cvimprover.core.billing.commands import PlanQuery
from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval, Plan, Price
from cvimprover.core.billing.price_book import PriceBook, SellingPrice
from cvimprover.core.billing.prices import PriceCatalogue
from cvimprover.core.billing.quotas import PlanQuotas
from cvimprover.core.billing.views import PlanListing, PriceView
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

Selling = dict[tuple[int | None, BillingInterval], SellingPrice]


class ListPlans:
    """Every plan with its quotas and its prices on the configured gateway.

    - which price sells a plan comes from the price book (stored, or found by its lookup
      key: one the gateway has never been able to answer for shows as not sold); what
      it costs from the gateway through the price catalogue (cached); while the gateway
      cannot say, a plan is still listed, its prices marked unavailable;
    - `billing` keeps only plans that can be bought at that interval;
    - the signed-in caller's plan is marked current (Free when they have none).
    """

    def __init__(self, uow: UnitOfWorkFactory, catalogue: PriceCatalogue, book: PriceBook) -> None:
        self._uow = uow
        self._catalogue = catalogue
        self._book = book

    def execute(self, query: PlanQuery) -> list[PlanListing]:
        with self._uow() as uow:
            every_plan = uow.plans.list()
            stored = uow.plans.prices_of(self._book.gateway)
            selling: Selling = {
                (price.plan.id, price.interval): price
                for price in self._book.selling(every_plan, stored)
                if price.price_id is not None
            }
            prices = self._catalogue.prices(
                [price.price_id for price in selling.values() if price.price_id is not None]
            )
            user = uow.users.get(query.user_id) if query.user_id is not None else None
            signed_in, current = user is not None, user.plan_id if user else None
            plans = [
                plan
                for plan in every_plan
                if query.billing is None or (plan.id, query.billing) in selling
            ]
            # Read inside the unit of work: its rows are gone once it ends.
            return [
                _listing(plan, selling, prices, _is_current(plan, current, signed_in=signed_in))
                for plan in plans
            ]


def _is_current(plan: Plan, current: int | None, *, signed_in: bool) -> bool:
    if not signed_in:
        return False
    return plan.id == current if current is not None else plan.name == FREE_PLAN_NAME


def _listing(
    plan: Plan, selling: Selling, prices: dict[str, Price], is_current: bool
) -> PlanListing:
    assert plan.id is not None

    def price_at(interval: BillingInterval) -> PriceView | None:
        sold = selling.get((plan.id, interval))
        if sold is None:
            return None
        price = prices.get(sold.price_id) if sold.price_id else None
        if price is None:
            return PriceView(interval, available=False)
        return PriceView(interval, available=True, amount=price.amount, currency=price.currency)

    return PlanListing(
        id=plan.id,
        name=plan.name,
        description=plan.description,
        order=plan.order,
        quotas=PlanQuotas.of(plan).limits,
        monthly_price=price_at(BillingInterval.MONTHLY),
        yearly_price=price_at(BillingInterval.YEARLY),
        is_current=is_current,
    )
