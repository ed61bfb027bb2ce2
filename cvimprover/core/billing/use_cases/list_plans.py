from cvimprover.core.billing.commands import PlanQuery
from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval, Plan, Price
from cvimprover.core.billing.prices import PriceCatalogue
from cvimprover.core.billing.quotas import PlanQuotas
from cvimprover.core.billing.views import PlanListing, PriceView
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class ListPlans:
    """Every plan with its quotas and its prices on the configured gateway.

    - prices come from the gateway through the price catalogue (cached); while the gateway
      cannot say, a plan is still listed, its prices marked unavailable;
    - `billing` keeps only plans that can be bought at that interval;
    - the signed-in caller's plan is marked current (Free when they have none).
    """

    def __init__(self, uow: UnitOfWorkFactory, catalogue: PriceCatalogue, gateway: str) -> None:
        self._uow = uow
        self._catalogue = catalogue
        self._gateway = gateway

    def execute(self, query: PlanQuery) -> list[PlanListing]:
        with self._uow() as uow:
            price_ids = uow.plans.prices_of(self._gateway)
            ids: dict[tuple[int | None, BillingInterval], str] = {
                (price.plan_id, price.interval): price.price_id for price in price_ids
            }
            prices = self._catalogue.prices(list(ids.values()))
            user = uow.users.get(query.user_id) if query.user_id is not None else None
            signed_in, current = user is not None, user.plan_id if user else None
            plans = [
                plan
                for plan in uow.plans.list()
                if query.billing is None or (plan.id, query.billing) in ids
            ]
            # Read inside the unit of work: its rows are gone once it ends.
            return [
                _listing(plan, ids, prices, _is_current(plan, current, signed_in=signed_in))
                for plan in plans
            ]


def _is_current(plan: Plan, current: int | None, *, signed_in: bool) -> bool:
    if not signed_in:
        return False
    return plan.id == current if current is not None else plan.name == FREE_PLAN_NAME


def _listing(
    plan: Plan,
    ids: dict[tuple[int | None, BillingInterval], str],
    prices: dict[str, Price],
    is_current: bool,
) -> PlanListing:
    assert plan.id is not None

    def price_at(interval: BillingInterval) -> PriceView | None:
        price_id = ids.get((plan.id, interval))
        if price_id is None:
            return None
        price = prices.get(price_id)
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
