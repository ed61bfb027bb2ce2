"""API calls per hour, and the RateLimit headers of every authenticated answer.

Runs after authentication and before the read cache, so a cached answer still counts.
Headers follow draft-ietf-httpapi-ratelimit-headers: `RateLimit-Policy` names each quota
(`q` uses per `w` seconds) and `RateLimit` what is left of it (`r` uses for `t` seconds).
"""

import math
from typing import Any

import falcon

from cvimprover.core.billing.quotas import RULES, QuotaScope, QuotaUse
from cvimprover.core.billing.usage import Quotas
from cvimprover.ports.clock import Clock


class ApiCallQuota:
    """Takes one API call from the caller's hourly quota on every authenticated request
    (over it: 429 with Retry-After), and reports the quotas on successful answers: the
    API calls, and the daily quotas the request spent (a questionnaire, an upload, an
    AI improvement), as the use case left them, without reading the counters again."""

    def __init__(self, quotas: Quotas, clock: Clock) -> None:
        self._quotas = quotas
        self._clock = clock

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
    ) -> None:
        principal = getattr(req.context, "principal", None)
        if principal is None:
            return
        req.context.quotas_recorded = True
        self._quotas.record_uses()
        self._quotas.take(principal.user_id, QuotaScope.API_CALLS)

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        if not getattr(req.context, "quotas_recorded", False):
            return
        uses = self._quotas.recorded_uses()
        if not (succeeded and resp.status_code < 400):
            uses = [use for use in uses if use.scope is QuotaScope.API_CALLS]
        if not uses:  # the API call itself was refused: the 429 says when to come back
            return
        resp.set_header("RateLimit-Policy", ", ".join(_policy(use) for use in uses))
        resp.set_header("RateLimit", ", ".join(self._left(use) for use in uses))

    def _left(self, use: QuotaUse) -> str:
        seconds = math.ceil((use.reset_at - self._clock.now()).total_seconds())
        return f'"{use.scope.value}";r={use.remaining};t={max(0, seconds)}'


def _policy(use: QuotaUse) -> str:
    window = int(RULES[use.scope][1].total_seconds())
    return f'"{use.scope.value}";q={use.limit};w={window}'
