"""In-memory fakes of billing's persistence (plan prices, processed events), on top of the
shared fake store, and the billing event use case wired to them."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Self

from cvimprover.core.billing.model import (
    FREE_PLAN_NAME,
    BillingInterval,
    Plan,
    PlanPrice,
    ProcessedEvent,
)
from cvimprover.core.billing.use_cases.apply_billing_event import ApplyBillingEvent
from cvimprover.core.users.model import User
from cvimprover.ports.billing import BillingRepository
from tests.unit.fakes import (
    FakeClock,
    FakePlanRepository,
    FakeUnitOfWork,
    FakeUnitOfWorkFactory,
    InMemoryStore,
    StoreState,
)

GATEWAY = "stripe"
PLANS = {"Basic": 10, "Pro": 20, "Premium": 30}
PLAN_IDS = {FREE_PLAN_NAME: 1, "Basic": 2, "Pro": 3, "Premium": 4}
"""The ids the seeded plans get, in the order they are added."""


@dataclass
class BillingStoreState(StoreState):
    plan_prices: list[PlanPrice] = field(default_factory=list)
    processed: dict[tuple[str, str], ProcessedEvent] = field(default_factory=dict)


class BillingStore(InMemoryStore):
    def __init__(self) -> None:
        self.state = BillingStoreState()


class PricedPlanRepository(FakePlanRepository):
    def __init__(self, state: BillingStoreState) -> None:
        super().__init__(state)
        self._prices = state.plan_prices

    def prices_of(self, gateway: str) -> list[PlanPrice]:
        return [price for price in self._prices if price.gateway == gateway]

    def add_price(self, price: PlanPrice) -> None:
        self._prices.append(price)


class FakeBillingRepository(BillingRepository):
    """Mirrors the unique (gateway, event_id) index; the fake unit of work already runs
    one transaction at a time, so no row lock is needed."""

    def __init__(self, state: BillingStoreState) -> None:
        self._state = state

    def record(self, event: ProcessedEvent) -> bool:
        key = (event.gateway, event.event_id)
        if key in self._state.processed:
            return False
        self._state.processed[key] = event
        return True

    def subscriber_for_update(
        self, user_id: int | None, subscription_id: str | None, customer_id: str | None
    ) -> User | None:
        users = self._state.users.values()
        for matches in (
            lambda user: user_id is not None and user.id == user_id,
            lambda user: (
                subscription_id is not None and user.stripe_subscription_id == subscription_id
            ),
            lambda user: customer_id is not None and user.stripe_customer_id == customer_id,
        ):
            found = next((user for user in users if matches(user)), None)
            if found is not None:
                return found
        return None


class BillingUnitOfWork(FakeUnitOfWork):
    def __enter__(self) -> Self:
        super().__enter__()
        assert isinstance(self._state, BillingStoreState)
        self.plans = PricedPlanRepository(self._state)
        self.billing = FakeBillingRepository(self._state)
        return self


class BillingUnitOfWorkFactory(FakeUnitOfWorkFactory):
    def __call__(self) -> BillingUnitOfWork:
        unit = BillingUnitOfWork(self.store)
        self.units.append(unit)
        return unit


@dataclass
class Billing:
    """Plans Free, Basic, Pro, Premium with monthly and yearly prices on one gateway
    (`price_pro_yearly` on stripe, `sandbox_pro_yearly` on the sandbox), one subscriber
    (user 1, on Free), and ApplyBillingEvent over them."""

    gateway: str = GATEWAY
    store: BillingStore = field(default_factory=BillingStore)
    clock: FakeClock = field(default_factory=FakeClock)
    grace: timedelta = timedelta(days=3)

    def __post_init__(self) -> None:
        self.uow = BillingUnitOfWorkFactory(self.store)
        with self.uow() as uow:
            uow.plans.add(Plan(name=FREE_PLAN_NAME, order=0))
            for name, order in PLANS.items():
                plan = Plan(name=name, order=order)
                uow.plans.add(plan)
                assert plan.id is not None
                for interval in BillingInterval:
                    prefix = "price" if self.gateway == GATEWAY else self.gateway
                    price_id = f"{prefix}_{name.lower()}_{interval.value}"
                    uow.plans.add_price(
                        PlanPrice(
                            plan_id=plan.id,
                            gateway=self.gateway,
                            interval=interval,
                            price_id=price_id,
                        )
                    )
            uow.users.add(
                User(
                    username="jane",
                    email="jane@example.com",
                    password_hash="x",
                    date_joined=self.clock.now(),
                )
            )
            uow.commit()
        self.free_plan_id = self.plan_id(FREE_PLAN_NAME)
        self.change_user(plan_id=self.free_plan_id)
        self.apply = ApplyBillingEvent(self.uow, self.clock)

    def plan_id(self, name: str) -> int:
        plan = next(plan for plan in self.store.state.plans.values() if plan.name == name)
        assert plan.id == PLAN_IDS[name]
        return plan.id

    def plan_name(self, plan_id: int | None) -> str | None:
        plan = self.store.state.plans.get(plan_id) if plan_id is not None else None
        return plan.name if plan else None

    @property
    def user(self) -> User:
        """The subscriber as committed."""
        return self.store.state.users[1]

    def change_user(self, **fields: object) -> None:
        with self.uow() as uow:
            user = uow.users.get(1)
            assert user is not None
            for name, value in fields.items():
                setattr(user, name, value)
            uow.commit()

    def processed(self) -> dict[tuple[str, str], ProcessedEvent]:
        state = self.store.state
        assert isinstance(state, BillingStoreState)
        return state.processed
