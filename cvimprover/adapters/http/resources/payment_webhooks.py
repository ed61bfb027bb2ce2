"""Gateway webhooks, /core/payments/webhook/{provider}/, and the sandbox gateway's pages.

Webhooks carry no user credentials: the gateway's signature over the raw body is what
authenticates them (no CSRF check either, since no cookie is trusted). The sandbox's
checkout and portal pages stand in for a real gateway's hosted pages: their buttons post
the signed session back to the sandbox webhook, which applies it like any gateway event:
a checkout once, a portal session for one of its actions (open the portal again for another).
"""

import html
from dataclasses import dataclass

import falcon
from pydantic import BaseModel, ConfigDict
from spectree import Response

from cvimprover.adapters.http.billing_schemas import SandboxForm, SessionQuery, WebhookOut
from cvimprover.adapters.http.errors import Problem
from cvimprover.adapters.http.openapi import api, document_html_page, document_request_body
from cvimprover.core.billing.commands import Delivery
from cvimprover.core.billing.use_cases.receive_webhook import ReceiveWebhook

TAGS = ["billing"]
WEBHOOK_PATH = "/core/payments/webhook/{provider}/"
CHECKOUT_PAGE, PORTAL_PAGE = "/core/payments/sandbox/checkout/", "/core/payments/sandbox/portal/"
SANDBOX = "sandbox"


class GatewayEvent(BaseModel):
    """A gateway's event as it signs it (Stripe and Paddle send JSON)."""

    model_config = ConfigDict(extra="allow")


document_request_body(
    WEBHOOK_PATH,
    "post",
    {"application/json": GatewayEvent, "application/x-www-form-urlencoded": SandboxForm},
)
document_html_page(CHECKOUT_PAGE)
document_html_page(PORTAL_PAGE)


@dataclass(frozen=True)
class WebhookEndpoints:
    receive: ReceiveWebhook
    gateway: str
    """The configured gateway's name: the sandbox pages exist only when it is `sandbox`."""


class PaymentWebhook:
    def __init__(self, deps: WebhookEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(
            HTTP_200=WebhookOut,
            HTTP_400=None,
            HTTP_404=None,
            HTTP_422=None,
            HTTP_500=None,
            HTTP_503=None,
        ),
        tags=TAGS,
        security={},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, provider: str) -> None:
        """A signed event from a payment gateway: the selling one, or another whose webhook
        secret is set (it still holds subscriptions); any other gateway is not found. A bad
        or missing signature gets 400 and changes nothing; a duplicate or an ignored event
        type gets 200; a failure to apply it gets 5xx, so the gateway delivers it again. A
        signed event we cannot read (an id or a time out of range) gets 422, changes nothing
        and is recorded: delivered again, it is a duplicate."""
        body = req.bounded_stream.read()
        headers = {name.lower(): value for name, value in req.headers.items()}
        applied = self._deps.receive.execute(Delivery(provider, body, headers))
        resp.media = {"received": True, "applied": applied}


class SandboxCheckoutPage:
    def __init__(self, deps: WebhookEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=SessionQuery, resp=Response(HTTP_200=None, HTTP_404=None), tags=TAGS, security={}
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: SessionQuery) -> None:
        """The sandbox gateway's checkout page: pay (offline) for the plan chosen."""
        _require_sandbox(self._deps)
        buttons = _button("complete", "Pay (sandbox)", query.session_id)
        _page(resp, "Sandbox checkout", "No money moves: this pays in the sandbox.", buttons)


class SandboxPortalPage:
    def __init__(self, deps: WebhookEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=SessionQuery, resp=Response(HTTP_200=None, HTTP_404=None), tags=TAGS, security={}
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: SessionQuery) -> None:
        """The sandbox gateway's billing portal: renew, miss a payment, or cancel."""
        _require_sandbox(self._deps)
        buttons = "".join(
            _button(action, label, query.session_id)
            for action, label in (
                ("renew", "Renew the subscription"),
                ("past_due", "Fail the next payment"),
                ("cancel", "Cancel the subscription"),
            )
        )
        lead = "Manage your sandbox subscription: one change per visit."
        _page(resp, "Sandbox billing portal", lead, buttons)


def _require_sandbox(deps: WebhookEndpoints) -> None:
    if deps.gateway != SANDBOX:
        raise Problem(404, "The sandbox gateway is not in use here.")


def _button(action: str, label: str, session_id: str) -> str:
    target = WEBHOOK_PATH.format(provider=SANDBOX)
    return (
        f'<form method="post" action="{target}">'
        f'<input type="hidden" name="action" value="{action}">'
        f'<input type="hidden" name="session_id" value="{html.escape(session_id)}">'
        f'<button type="submit">{html.escape(label)}</button></form>'
    )


def _page(resp: falcon.Response, title: str, lead: str, buttons: str) -> None:
    resp.content_type = falcon.MEDIA_HTML
    resp.cache_control = ["no-store"]
    resp.set_header("Content-Security-Policy", "default-src 'none'; form-action 'self'")
    resp.text = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><h1>{title}</h1><p>{lead}</p>{buttons}</body></html>"
    )
