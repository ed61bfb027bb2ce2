"""Paddle Billing's prices by lookup key and by id, through its official SDK."""

from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

from paddle_billing.Entities.Price import Price
from paddle_billing.Entities.Shared import Status
from paddle_billing.Exceptions.ApiError import ApiError
from paddle_billing.Resources.Prices.Operations import ListPrices
from paddle_billing.Resources.Shared.Operations import Pager

from cvimprover.adapters.payments.money import from_minor_units
from cvimprover.adapters.payments.paddle_events import INTERVALS
from cvimprover.adapters.payments.price_words import billing_words
from cvimprover.adapters.payments.vendor_clients import paddle_client
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.price_directory import ListedPrice, PriceDirectory

LOOKUP_KEY = "lookup_key"
"""The member of a Paddle price's `custom_data` that holds its lookup key."""
PER_PAGE = 200  # the most Paddle lists in one page of prices
T = TypeVar("T")


class PaddlePriceDirectory(PriceDirectory):
    """Paddle prices have no lookup key of their own, and its API filters prices by
    neither custom data nor name: a price takes a lookup key in its `custom_data`
    (`{"lookup_key": "cvimprover_basic_monthly"}`, set in the dashboard or by the API),
    and `find` reads every active price (`GET /prices?status=active`, 200 a page) for
    them. When two active prices carry one key, the first listed (the oldest) is taken.
    `base_url` points the SDK elsewhere (a local fake in tests); else `environment` picks
    Paddle's live API or its sandbox."""

    gateway = "paddle"
    price_id_example = "pri_..."

    def __init__(
        self,
        api_key: str,
        *,
        environment: Literal["production", "sandbox"] = "production",
        base_url: str | None = None,
        timeout_seconds: float = 10.0,
        max_retries: int = 1,
    ) -> None:
        self._client = paddle_client(
            api_key,
            environment=environment,
            base_url=base_url,
            timeout_seconds=timeout_seconds,
            max_retries=max_retries,
        )

    def find(self, lookup_keys: Sequence[str]) -> dict[str, ListedPrice]:
        wanted = set(lookup_keys)
        if not wanted:
            return {}
        operation = ListPrices(statuses=[Status.Active], pager=Pager(per_page=PER_PAGE))
        found: dict[str, ListedPrice] = {}
        for price in _call(lambda: list(self._client.prices.list(operation))):
            custom = price.custom_data.data if price.custom_data else None
            key = custom.get(LOOKUP_KEY) if isinstance(custom, dict) else None
            if isinstance(key, str) and key in wanted and key not in found:
                found[key] = _listed(price, key)
        return found

    def describe(self, price_ids: Sequence[str]) -> dict[str, ListedPrice]:
        ids = list(dict.fromkeys(price_ids))
        if not ids:
            return {}
        operation = ListPrices(
            ids=ids, statuses=[Status.Active, Status.Archived], pager=Pager(per_page=PER_PAGE)
        )
        listed = _call(lambda: list(self._client.prices.list(operation)))
        return {str(price.id): _listed(price, None) for price in listed}

    def how_to_key(self, lookup_key: str) -> str:
        return f'give a Paddle price the custom data {{"{LOOKUP_KEY}": "{lookup_key}"}}'


def _listed(price: Price, key: str | None) -> ListedPrice:
    cycle = price.billing_cycle
    unit, frequency = (cycle.interval.value, cycle.frequency) if cycle else (None, None)
    code = price.unit_price.currency_code
    currency = str(code.value) if code is not None else None
    return ListedPrice(
        price_id=str(price.id),
        active=price.status.value == "active",
        interval=INTERVALS.get(unit or "") if frequency == 1 else None,
        billing=billing_words(unit, frequency),
        amount=from_minor_units(str(price.unit_price.amount), currency) if currency else None,
        currency=currency,
        lookup_key=key,
    )


def _call(request: Callable[[], T]) -> T:
    try:
        return request()
    except ApiError as error:
        raise DependencyUnavailable(f"Paddle refused the request: {error.error_code}") from None
    except OSError as error:  # requests' errors: connection, timeout, a non-JSON 5xx
        raise DependencyUnavailable(f"Paddle is unavailable: {type(error).__name__}") from None
    except (KeyError, TypeError, ValueError) as error:
        raise DependencyUnavailable(f"Paddle answered in a shape we cannot read: {error}") from None
