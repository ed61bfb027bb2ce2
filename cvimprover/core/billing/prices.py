"""The configured gateway's prices, kept for a while: listing plans must not wait on, or
fail with, the gateway."""

import logging
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from cvimprover.core.billing.model import Price
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.clock import Clock
from cvimprover.ports.payments import PaymentGateway

log = logging.getLogger(__name__)


class PriceCatalogue:
    """Asks the gateway at most once per `ttl` for a set of price ids. While the gateway is
    down, the last prices it gave are kept; ids it never priced are left out (the caller
    shows them as unavailable), and it is asked again after `retry_after`."""

    def __init__(
        self,
        gateway: PaymentGateway,
        clock: Clock,
        *,
        ttl: timedelta,
        retry_after: timedelta = timedelta(seconds=30),
    ) -> None:
        self._gateway = gateway
        self._clock = clock
        self._ttl = ttl
        self._retry_after = retry_after
        self._lock = threading.Lock()
        self._known: dict[str, Price] = {}
        self._fresh_until: dict[frozenset[str], datetime] = {}

    def prices(self, price_ids: Sequence[str]) -> dict[str, Price]:
        wanted = frozenset(price_ids)
        now = self._clock.now()
        with self._lock:
            if not wanted or self._fresh_until.get(wanted, now) > now:
                return {key: self._known[key] for key in wanted if key in self._known}
        try:
            found = self._gateway.prices(sorted(wanted))
            fresh_for = self._ttl
        except DependencyUnavailable as error:
            log.warning("gateway prices unavailable: %s", error.detail)
            found, fresh_for = {}, self._retry_after
        with self._lock:
            self._known.update(found)
            self._fresh_until[wanted] = now + fresh_for
            return {key: self._known[key] for key in wanted if key in self._known}
