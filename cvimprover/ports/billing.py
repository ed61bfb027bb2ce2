"""Persistence of plans."""

from typing import Protocol

from cvimprover.core.billing.model import Plan


class PlanRepository(Protocol):
    """Stores plans, ordered by their `order`."""

    def get(self, plan_id: int) -> Plan | None: ...

    def get_by_name(self, name: str) -> Plan | None: ...

    def list(self) -> list[Plan]: ...

    def add(self, plan: Plan) -> None: ...
