"""Persistence of plans, their prices, and the gateway events already applied."""

import builtins
from typing import Protocol

from cvimprover.core.billing.model import Plan, PlanPrice, ProcessedEvent
from cvimprover.core.billing.quotas import Subscriber
from cvimprover.core.users.model import User


class PlanRepository(Protocol):
    """Stores plans, ordered by their `order`."""

    def get(self, plan_id: int) -> Plan | None: ...

    def get_by_name(self, name: str) -> Plan | None: ...

    def list(self) -> list[Plan]: ...

    def add(self, plan: Plan) -> None: ...

    def prices_of(self, gateway: str) -> builtins.list[PlanPrice]:
        """The price ids every plan has on `gateway`."""
        ...

    def add_price(self, price: PlanPrice) -> None: ...

    def subscriber(self, user_id: int) -> Subscriber:
        """What decides the user's quotas, in one read: their plan's limits and Free's
        (the original's Free limits when no Free plan is seeded), and their subscription's
        state. An unknown user has no plan and no username."""
        ...


class BillingRepository(Protocol):
    """What applying a gateway event reads and writes, in the event's own transaction."""

    def record(self, event: ProcessedEvent) -> bool:
        """Notes the event as applied; False when it already was (a duplicate delivery).
        Concurrent deliveries of one event: one records it, the others get False once
        the first commits."""
        ...

    def subscriber_for_update(
        self, user_id: int | None, subscription_id: str | None, customer_id: str | None
    ) -> User | None:
        """The user an event is about (by our id, else their subscription, else their
        customer id), locked until the transaction ends: one event at a time per user."""
        ...
