"""Stripe's prices by lookup key and by id, through its official SDK."""

from collections.abc import Sequence

import stripe

from cvimprover.adapters.payments.money import from_minor_units
from cvimprover.adapters.payments.price_words import billing_words
from cvimprover.adapters.payments.stripe_events import INTERVALS
from cvimprover.adapters.payments.vendor_clients import stripe_client
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.price_directory import ListedPrice, PriceDirectory

KEYS_PER_REQUEST = 10
"""Stripe's limit on `lookup_keys` in one list request."""


class StripePriceDirectory(PriceDirectory):
    """A Stripe price carries at most one `lookup_key`, unique in the account (creating
    a price with `transfer_lookup_key` moves it from the old price). Lookup keys are read
    with `GET /v1/prices?lookup_keys[]=...&active=true`, ten at a time; price ids one by
    one. `base_url` points the SDK elsewhere (a local fake in tests)."""

    gateway = "stripe"
    price_id_example = "price_..."

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str | None = None,
        timeout_seconds: float = 10.0,
        max_retries: int = 1,
    ) -> None:
        self._client = stripe_client(
            api_key, base_url=base_url, timeout_seconds=timeout_seconds, max_retries=max_retries
        )

    def find(self, lookup_keys: Sequence[str]) -> dict[str, ListedPrice]:
        keys = list(dict.fromkeys(lookup_keys))
        found: dict[str, ListedPrice] = {}
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            chunk = keys[start : start + KEYS_PER_REQUEST]
            try:
                listed = self._client.v1.prices.list(
                    {"lookup_keys": chunk, "active": True, "limit": KEYS_PER_REQUEST}
                )
            except stripe.StripeError as error:
                raise _unavailable(error) from None
            for price in listed.data:
                if price.lookup_key in chunk and price.active:
                    found[price.lookup_key] = _listed(price)
        return found

    def describe(self, price_ids: Sequence[str]) -> dict[str, ListedPrice]:
        described: dict[str, ListedPrice] = {}
        for price_id in dict.fromkeys(price_ids):
            try:
                described[price_id] = _listed(self._client.v1.prices.retrieve(price_id))
            except stripe.InvalidRequestError as error:
                if error.http_status != 404:
                    raise DependencyUnavailable(f"Stripe refused the request: {error}") from None
            except stripe.StripeError as error:
                raise _unavailable(error) from None
        return described

    def how_to_key(self, lookup_key: str) -> str:
        return f"create a Stripe price with lookup_key {lookup_key}"


def _listed(price: stripe.Price) -> ListedPrice:
    recurring = price.recurring
    count = recurring.interval_count if recurring else None
    interval = INTERVALS.get(recurring.interval) if recurring and count == 1 else None
    amount = price.unit_amount
    return ListedPrice(
        price_id=price.id,
        active=bool(price.active),
        interval=interval,
        billing=billing_words(recurring.interval if recurring else None, count),
        amount=from_minor_units(amount, price.currency) if amount is not None else None,
        currency=price.currency.upper(),
        lookup_key=price.lookup_key,
    )


def _unavailable(error: stripe.StripeError) -> DependencyUnavailable:
    return DependencyUnavailable(f"Stripe is unavailable: {type(error).__name__}")
