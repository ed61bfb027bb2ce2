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

SPENDS: dict[tuple[str, str], tuple[QuotaScope, ...]] = {
    ("POST", "/cv/questionnaire/"): (QuotaScope.QUESTIONNAIRES, QuotaScope.UPLOADS),
    ("POST", "/cv/ai-responses/"): (QuotaScope.AI_RESPONSES,),
}
"""The daily quotas an endpoint spends: its answers report them too."""


class ApiCallQuota:
    """Takes one API call from the caller's hourly quota on every authenticated request
    (over it: 429 with Retry-After), and reports the quotas on successful answers."""

    def __init__(self, quotas: Quotas, clock: Clock) -> None:
        self._quotas = quotas
        self._clock = clock

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
    ) -> None:
        principal = getattr(req.context, "principal", None)
        if principal is None:
            return
        req.context.quota_uses = [self._quotas.take(principal.user_id, QuotaScope.API_CALLS)]

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, succeeded: bool
    ) -> None:
        uses: list[QuotaUse] | None = getattr(req.context, "quota_uses", None)
        if not uses:
            return
        if succeeded and resp.status_code < 400:
            spent = SPENDS.get((req.method, req.uri_template or ""), ())
            user_id = req.context.principal.user_id
            uses = [*uses, *self._quotas.uses_of(user_id, spent)]
        resp.set_header("RateLimit-Policy", ", ".join(_policy(use) for use in uses))
        resp.set_header("RateLimit", ", ".join(self._left(use) for use in uses))

    def _left(self, use: QuotaUse) -> str:
        seconds = math.ceil((use.reset_at - self._clock.now()).total_seconds())
        return f'"{use.scope.value}";r={use.remaining};t={max(0, seconds)}'


def _policy(use: QuotaUse) -> str:
    window = int(RULES[use.scope][1].total_seconds())
    return f'"{use.scope.value}";q={use.limit};w={window}'
