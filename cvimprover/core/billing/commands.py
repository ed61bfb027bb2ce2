"""What callers ask of the billing context."""

from collections.abc import Mapping
from dataclasses import dataclass

from cvimprover.core.billing.model import BillingInterval


@dataclass(frozen=True)
class PlanQuery:
    user_id: int | None = None
    """The signed-in caller, whose plan is marked current; None for anyone."""
    billing: BillingInterval | None = None
    """Only plans that can be bought at this interval."""


@dataclass(frozen=True)
class NewCheckout:
    user_id: int
    plan_id: int
    billing: BillingInterval


@dataclass(frozen=True)
class CheckoutCheck:
    user_id: int
    session_id: str


@dataclass(frozen=True)
class PortalRequest:
    user_id: int


@dataclass(frozen=True)
class Delivery:
    """A webhook as it arrived: the gateway it names, the raw body and the headers."""

    provider: str
    body: bytes
    headers: Mapping[str, str]
