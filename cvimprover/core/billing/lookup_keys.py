"""Lookup keys: a price on the gateway names the plan and interval it bills, so that an
operator need not copy price ids into `plan_prices`."""

import logging
import re
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.clock import Clock
from cvimprover.ports.price_directory import ListedPrice, PriceDirectory

log = logging.getLogger(__name__)
PREFIX = "cvimprover"


def lookup_key(plan_name: str, interval: BillingInterval) -> str:
    """`cvimprover_<plan>_<interval>`: the plan's name in lower case, each run of other
    characters than letters and digits one `_` ("Pro Team" -> cvimprover_pro_team_monthly)."""
    slug = re.sub(r"[^a-z0-9]+", "_", plan_name.lower()).strip("_")
    return f"{PREFIX}_{slug}_{interval.value}"


class PriceKeyCache:
    """Asks the directory which prices lookup keys name, and keeps the answers: a price
    found for `ttl`, a key that names none (a miss) for `retry_after` only, so that a
    price the operator has just created is sold soon after.

    While the gateway cannot answer, the last answers are kept, keys it never answered
    are left out (unknown), and it is asked again after `retry_after`. One question at a
    time: concurrent callers wait for its answer rather than ask again.
    """

    def __init__(
        self,
        directory: PriceDirectory,
        clock: Clock,
        *,
        ttl: timedelta,
        retry_after: timedelta = timedelta(seconds=30),
    ) -> None:
        self._directory = directory
        self._clock = clock
        self._ttl = ttl
        self._retry_after = retry_after
        self._lock = threading.Lock()
        self._known: dict[str, ListedPrice | None] = {}
        self._fresh_until: dict[str, datetime] = {}

    def find(self, keys: Sequence[str]) -> dict[str, ListedPrice | None]:
        """By key: the price it names, None when the gateway says it names none; a key
        the gateway could not be asked about is left out."""
        with self._lock:
            now = self._clock.now()
            stale = sorted({key for key in keys if self._fresh_until.get(key, now) <= now})
            if stale:
                self._ask(stale, now)
            return {key: self._known[key] for key in keys if key in self._known}

    def _ask(self, keys: list[str], now: datetime) -> None:
        try:
            found = self._directory.find(keys)
        except DependencyUnavailable as error:
            log.warning("gateway lookup keys unavailable: %s", error.detail)
            self._fresh_until.update(dict.fromkeys(keys, now + self._retry_after))
            return
        for key in keys:
            price = found.get(key)
            self._known[key] = price
            self._fresh_until[key] = now + (self._ttl if price else self._retry_after)
