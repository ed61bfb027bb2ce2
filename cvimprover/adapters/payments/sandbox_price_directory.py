"""The sandbox's prices: built in, found by id only."""

from collections.abc import Sequence

from cvimprover.adapters.payments.sandbox_gateway import CATALOGUE
from cvimprover.ports.price_directory import ListedPrice, PriceDirectory


class SandboxPriceDirectory(PriceDirectory):
    """The sandbox's catalogue is fixed (Basic, Pro and Premium, monthly and yearly), and
    migration 0006 stores its ids for the seeded plans: no lookup key names any."""

    gateway = "sandbox"
    price_id_example = "sandbox_<plan>_<interval>"

    def find(self, lookup_keys: Sequence[str]) -> dict[str, ListedPrice]:
        return {}

    def describe(self, price_ids: Sequence[str]) -> dict[str, ListedPrice]:
        return {
            price_id: ListedPrice(
                price_id=price_id,
                active=True,
                interval=price.interval,
                billing=price.interval.value,
                amount=price.amount,
                currency=price.currency,
            )
            for price_id in price_ids
            if (price := CATALOGUE.get(price_id)) is not None
        }

    def how_to_key(self, lookup_key: str) -> str:
        return "use one of the sandbox's built-in prices: " + ", ".join(CATALOGUE)
