"""Plans, quota use, and the gateway's checkout and billing portal: /core/..."""

from dataclasses import dataclass

import falcon
from spectree import Response

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.billing_presenters import checkout_json, plan_json, usage_json
from cvimprover.adapters.http.billing_schemas import (
    CheckoutIn,
    CheckoutOut,
    CheckoutStatusOut,
    PlanListingOut,
    PlansQuery,
    PortalOut,
    RateLimitStatusOut,
    SessionQuery,
)
from cvimprover.adapters.http.openapi import AUTHENTICATED, api
from cvimprover.core.billing.commands import CheckoutCheck, NewCheckout, PlanQuery, PortalRequest
from cvimprover.core.billing.model import BillingInterval
from cvimprover.core.billing.use_cases.get_usage import GetUsage
from cvimprover.core.billing.use_cases.list_plans import ListPlans
from cvimprover.core.billing.use_cases.open_billing_portal import OpenBillingPortal
from cvimprover.core.billing.use_cases.start_checkout import StartCheckout
from cvimprover.core.billing.use_cases.verify_checkout import VerifyCheckout

TAGS = ["billing"]
OPTIONALLY_AUTHENTICATED: list[dict[str, list[str]]] = [{}, *AUTHENTICATED]


@dataclass(frozen=True)
class BillingEndpoints:
    list_plans: ListPlans
    get_usage: GetUsage
    start_checkout: StartCheckout
    verify_checkout: VerifyCheckout
    open_portal: OpenBillingPortal


class PlanCollection:
    """Public; a caller who sends credentials sees their plan marked current."""

    auth_optional = True

    def __init__(self, deps: BillingEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=PlansQuery,
        resp=Response(HTTP_200=list[PlanListingOut], HTTP_401=None),
        tags=TAGS,
        security=OPTIONALLY_AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: PlansQuery) -> None:
        """Every plan with its quotas and prices (`?billing=monthly|yearly` keeps the plans
        sold at that interval). Prices the gateway cannot give now are marked unavailable."""
        principal = getattr(req.context, "principal", None)
        billing = BillingInterval(query.billing) if query.billing else None
        plans = self._deps.list_plans.execute(
            PlanQuery(principal.user_id if principal else None, billing)
        )
        resp.media = [plan_json(plan) for plan in plans]


class RateLimitStatus:
    auth_required = True

    def __init__(self, deps: BillingEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=RateLimitStatusOut, HTTP_401=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Your use of each quota in its current window, and whether to upgrade (advised
        from 80 % of any quota, naming the next plan up)."""
        report = self._deps.get_usage.execute(principal_of(req).user_id)
        resp.cache_control = ["no-store"]
        resp.media = usage_json(report)


class CheckoutSessions:
    auth_required = True

    def __init__(self, deps: BillingEndpoints) -> None:
        self._deps = deps

    @api.validate(
        json=CheckoutIn,
        resp=Response(
            HTTP_200=CheckoutOut,
            HTTP_401=None,
            HTTP_404=None,
            HTTP_409=None,
            HTTP_422=None,
            HTTP_503=None,
        ),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: CheckoutIn) -> None:
        """Start paying for a plan: send the payer to `url`. The plan changes once the
        gateway tells us the payment went through (its webhook). 409: the plan has no
        price on the gateway at that interval (the operator's to set)."""
        user_id = principal_of(req).user_id
        command = NewCheckout(user_id, json.plan_id, BillingInterval(json.billing))
        session = self._deps.start_checkout.execute(command)
        resp.media = {"url": session.url, "session_id": session.session_id}


class CheckoutVerification:
    auth_required = True

    def __init__(self, deps: BillingEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=SessionQuery,
        resp=Response(HTTP_200=CheckoutStatusOut, HTTP_401=None, HTTP_404=None, HTTP_503=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: SessionQuery) -> None:
        """Where your checkout stands: open, processing (paid, not yet applied) or
        complete (your plan changed). Another person's session is not found."""
        user_id = principal_of(req).user_id
        outcome = self._deps.verify_checkout.execute(CheckoutCheck(user_id, query.session_id))
        resp.cache_control = ["no-store"]
        resp.media = checkout_json(outcome)


class BillingPortal:
    auth_required = True

    def __init__(self, deps: BillingEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=PortalOut, HTTP_401=None, HTTP_422=None, HTTP_503=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """A link to the portal of the gateway that holds your subscription, to change or
        cancel it."""
        url = self._deps.open_portal.execute(PortalRequest(principal_of(req).user_id))
        resp.media = {"url": url}
