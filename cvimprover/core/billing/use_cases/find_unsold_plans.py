from cvimprover.core.billing.model import FREE_PLAN_NAME, BillingInterval
from cvimprover.core.billing.price_book import PriceBook
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class FindUnsoldPlans:
    """The paid plans the selling gateway sells at no interval, each with what an
    operator does about it (for a warning when the API starts).

    - asking fills the price book's lookup-key cache, so the first checkouts need not;
    - a plan the gateway cannot say anything about now (its outage) is left out.
    """

    def __init__(self, uow: UnitOfWorkFactory, book: PriceBook) -> None:
        self._uow = uow
        self._book = book

    def execute(self) -> list[str]:
        with self._uow() as uow:
            plans = uow.plans.list()
            selling = self._book.selling(plans, uow.plans.prices_of(self._book.gateway))
            return [
                self._book.unsold(plan, BillingInterval.MONTHLY)
                for plan in plans
                if plan.name != FREE_PLAN_NAME
                and all(s.price_id is None and s.known for s in selling if s.plan is plan)
            ]
