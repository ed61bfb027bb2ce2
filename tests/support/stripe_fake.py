"""A stand-in for Stripe's API on pytest-httpserver, speaking its wire format: form-encoded
requests, JSON objects, Stripe's error bodies; and webhook events signed as Stripe signs
them (`stripe.WebhookSignature.generate_signature_header`)."""

import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import stripe
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

WEBHOOK_SECRET = "whsec_test_" + "s3cr3t" * 4
API_KEY = "sk_test_cvimprover"


@dataclass
class Received:
    """One request the fake answered: method, path, the form fields it was sent and its
    query's."""

    method: str
    path: str
    form: dict[str, str]
    authorization: str
    query: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeStripe:
    """Prices (by id, or listed by lookup key), Checkout Sessions and portal sessions,
    kept in memory.

    `outage` answers every request with a 500 `api_error`; `delay` holds each answer
    that many seconds (for timeouts)."""

    httpserver: HTTPServer
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted_customers: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    outage: bool = False
    delay: float = 0.0

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self.httpserver.expect_request(re.compile(r"^/v1/.*")).respond_with_handler(self._serve)

    @property
    def base_url(self) -> str:
        return self.httpserver.url_for("").rstrip("/")

    def add_price(
        self,
        price_id: str,
        amount: int | None,
        interval: str | None = "month",
        currency: str = "usd",
        *,
        lookup_key: str | None = None,
        active: bool = True,
        interval_count: int = 1,
    ) -> None:
        """A price; `interval` None is a one-time price, `amount` None a tiered one.
        A lookup key moves from the price that had it, as `transfer_lookup_key` does."""
        for other in self.prices.values():
            if lookup_key is not None and other["lookup_key"] == lookup_key:
                other["lookup_key"] = None
        recurring = {"interval": interval, "interval_count": interval_count}
        self.prices[price_id] = {
            "id": price_id,
            "object": "price",
            "active": active,
            "currency": currency,
            "unit_amount": amount,
            "billing_scheme": "per_unit" if amount is not None else "tiered",
            "lookup_key": lookup_key,
            "type": "recurring" if interval else "one_time",
            "recurring": recurring | {"usage_type": "licensed"} if interval else None,
            "livemode": False,
        }

    def calls(self, method: str, path: str) -> int:
        """How many requests of `method` to `path` the fake answered."""
        return sum(1 for r in self.received if (r.method, r.path) == (method, path))

    def pay(self, session_id: str, *, subscription: str, customer: str) -> dict[str, Any]:
        """The payer went through the checkout: the session completes, paid, and the
        subscription it started is active."""
        session = self.sessions[session_id]
        session.update(
            status="complete", payment_status="paid", subscription=subscription, customer=customer
        )
        self.add_subscription(subscription, customer)
        return session

    def add_subscription(self, subscription_id: str, customer: str = "cus_test") -> None:
        self.subscriptions[subscription_id] = {
            "id": subscription_id,
            "object": "subscription",
            "status": "active",
            "customer": customer,
            "canceled_at": None,
            "livemode": False,
        }

    def last(self, path: str) -> Received:
        return [request for request in self.received if request.path == path][-1]

    def _serve(self, request: Request) -> Response:
        self.received.append(
            Received(
                request.method,
                request.path,
                dict(request.form),
                request.headers.get("Authorization", ""),
                dict(request.args),
            )
        )
        if self.delay:
            time.sleep(self.delay)
        if self.outage:
            return _error(500, "api_error", "Something went wrong on Stripe's end.")
        if (request.method, request.path) == ("GET", "/v1/prices"):
            return self._list_prices(request)
        return self._answer(request)

    def _answer(self, request: Request) -> Response:
        route = (request.method, *request.path.strip("/").split("/")[1:])
        match route:
            case ("GET", "prices", price_id) if price_id in self.prices:
                return _json(self.prices[price_id])
            case ("POST", "checkout", "sessions"):
                return self._open_session(dict(request.form))
            case ("GET", "checkout", "sessions", session_id) if session_id in self.sessions:
                return _json(self.sessions[session_id])
            case ("POST", "billing_portal", "sessions"):
                return self._portal(dict(request.form))
            case ("DELETE", "subscriptions", subscription_id) if self._live(subscription_id):
                subscription = self.subscriptions[subscription_id]
                subscription.update(status="canceled", canceled_at=int(time.time()))
                return _json(subscription)
        # Stripe answers for a canceled subscription as for one that never was.
        what = request.path.strip("/").split("/")[-1]
        return _error(404, "invalid_request_error", f"No such object: '{what}'", "resource_missing")

    def _list_prices(self, request: Request) -> Response:
        """`GET /v1/prices`: `lookup_keys[n]` (at most 10) and `active` filter it, as
        Stripe's do; newest first, `limit` (default 10) at most."""
        keys = [value for name, value in request.args.items() if name.startswith("lookup_keys[")]
        if len(keys) > 10:
            return _error(
                400, "invalid_request_error", "You may only specify up to 10 lookup keys."
            )
        active = request.args.get("active")
        listed = [
            price
            for price in reversed(self.prices.values())
            if (not keys or price["lookup_key"] in keys)
            and (active is None or price["active"] == (active == "true"))
        ]
        limit = int(request.args.get("limit", "10"))
        body = {
            "object": "list",
            "url": "/v1/prices",
            "has_more": len(listed) > limit,
            "data": listed[:limit],
        }
        return _json(body)

    def _live(self, subscription_id: str) -> bool:
        subscription = self.subscriptions.get(subscription_id)
        return subscription is not None and subscription["status"] != "canceled"

    def _open_session(self, form: dict[str, str]) -> Response:
        price = form.get("line_items[0][price]", "")
        if price not in self.prices:
            return _json({"error": "unreachable"})  # the gateway only sends prices it listed
        if form.get("customer") in self.deleted_customers:
            return _no_such_customer(form["customer"])
        session_id = f"cs_test_{next(self._ids):04d}abc"
        metadata = {key[9:-1]: value for key, value in form.items() if key.startswith("metadata[")}
        self.sessions[session_id] = {
            "id": session_id,
            "object": "checkout.session",
            "mode": form.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "client_reference_id": form.get("client_reference_id"),
            "customer": form.get("customer"),
            "customer_email": form.get("customer_email"),
            "metadata": metadata,
            "subscription": None,
            "success_url": form.get("success_url"),
            "cancel_url": form.get("cancel_url"),
            "livemode": False,
        }
        return _json(self.sessions[session_id])

    def _portal(self, form: dict[str, str]) -> Response:
        customer = form["customer"]
        if customer in self.deleted_customers:
            return _no_such_customer(customer)
        return _json(
            {
                "id": f"bps_{next(self._ids):04d}",
                "object": "billing_portal.session",
                "customer": customer,
                "return_url": form.get("return_url"),
                "url": f"https://billing.stripe.com/p/session/test_{customer}",
                "livemode": False,
            }
        )


def _json(body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), content_type="application/json")


def _no_such_customer(customer: str) -> Response:
    """Stripe's answer for a deleted customer that a parameter names: 400, not 404."""
    return _error(
        400, "invalid_request_error", f"No such customer: '{customer}'", "resource_missing"
    )


def _error(status: int, kind: str, message: str, code: str | None = None) -> Response:
    error = {"type": kind, "message": message, **({"code": code} if code else {})}
    return Response(json.dumps({"error": error}), status=status, content_type="application/json")


# ---------------------------------------------------------------- webhook events


def event(event_type: str, obj: dict[str, Any], *, created: int, event_id: str) -> bytes:
    """A webhook body as Stripe sends it."""
    body = {
        "id": event_id,
        "object": "event",
        "api_version": "2025-10-29.clover",
        "created": created,
        "type": event_type,
        "livemode": False,
        "data": {"object": obj},
    }
    return json.dumps(body, indent=2).encode()


def subscription(
    subscription_id: str,
    status: str,
    *,
    price_id: str,
    customer: str = "cus_T1",
    user_id: int | None = None,
    interval: str = "month",
    period_end: int = 1_900_000_000,
) -> dict[str, Any]:
    """A Subscription object (items carry the period, as in current API versions)."""
    return {
        "id": subscription_id,
        "object": "subscription",
        "status": status,
        "customer": customer,
        "metadata": {"user_id": str(user_id)} if user_id is not None else {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_1",
                    "object": "subscription_item",
                    "current_period_end": period_end,
                    "price": {"id": price_id, "recurring": {"interval": interval}},
                }
            ],
        },
    }


def signed(body: bytes, *, timestamp: int | None = None, secret: str = WEBHOOK_SECRET) -> str:
    """The Stripe-Signature header Stripe would send with `body`."""
    header: str = stripe.WebhookSignature.generate_signature_header(
        body.decode(), secret, timestamp=timestamp
    )
    return header
