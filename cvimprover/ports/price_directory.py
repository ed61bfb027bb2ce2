"""The selling gateway's price catalogue, read by lookup key and by price id, in domain
terms: how a plan finds its price when no row of `plan_prices` names one."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from cvimprover.core.billing.model import BillingInterval


@dataclass(frozen=True)
class ListedPrice:
    """A price as the gateway's catalogue shows it, whether or not it can be sold."""

    price_id: str
    active: bool
    interval: BillingInterval | None
    """Monthly or yearly; None for anything else, which `billing` describes."""
    billing: str
    """How the gateway bills it, in words: `monthly`, `every 3 months`, `once`."""
    amount: Decimal | None
    """In major units; None when the price has no fixed amount (tiers, pay what you want)."""
    currency: str | None
    lookup_key: str | None = None


class PriceDirectory(Protocol):
    """Reads the selling gateway's catalogue. Network failures, outages and refused keys
    raise DependencyUnavailable."""

    gateway: str
    price_id_example: str
    """What the gateway's price ids look like, for messages: `price_...`."""

    def find(self, lookup_keys: Sequence[str]) -> dict[str, ListedPrice]:
        """The active price each lookup key names, by key; keys that name none are left
        out."""
        ...

    def describe(self, price_ids: Sequence[str]) -> dict[str, ListedPrice]:
        """What the gateway says of each price, active or archived, by id; ids it does
        not know are left out."""
        ...

    def how_to_key(self, lookup_key: str) -> str:
        """Tells an operator how to give a price this lookup key on the gateway, as the
        end of a sentence: `create a Stripe price with lookup_key ...`."""
        ...
