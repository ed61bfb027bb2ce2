"""A stand-in for Paddle Billing's API on pytest-httpserver, speaking its wire format
(JSON requests, `{"data": ..., "meta": ...}` answers, Paddle's error bodies), and webhook
notifications signed as Paddle signs them: `Paddle-Signature: ts=...;h1=...`, the
HMAC-SHA256 of `ts:body` with the endpoint's secret key."""

import hashlib
import hmac
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

WEBHOOK_SECRET = "pdl_ntfset_01test_" + "k3y" * 8
API_KEY = "pdl_sdbx_apikey_01test"
STAMP = "2026-11-20T10:00:00.000000Z"


@dataclass
class Received:
    method: str
    path: str
    body: dict[str, Any]
    authorization: str
    query: dict[str, str]


@dataclass
class FakePaddle:
    """Prices, transactions and customer portal sessions, kept in memory.

    `outage` answers every request with a 500 `internal_error`; `delay` holds each
    answer that many seconds (for timeouts); `page_size` caps a page of a list below
    the `per_page` asked for (to see pages followed)."""

    httpserver: HTTPServer
    prices: dict[str, dict[str, Any]] = field(default_factory=dict)
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted_customers: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    checkout_link: str | None = "https://app.test/pay"
    outage: bool = False
    delay: float = 0.0
    page_size: int = 200

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self.httpserver.expect_request(re.compile(r"^/.*")).respond_with_handler(self._serve)

    @property
    def base_url(self) -> str:
        return self.httpserver.url_for("").rstrip("/")

    def add_price(
        self,
        price_id: str,
        amount: str,
        interval: str | None = "month",
        currency: str = "USD",
        *,
        custom_data: dict[str, Any] | None = None,
        status: str = "active",
        frequency: int = 1,
    ) -> None:
        """A price; `interval` None is a one-time price."""
        entity = price(price_id, amount, interval or "month", currency)
        cycle = {"interval": interval, "frequency": frequency} if interval else None
        entity.update(custom_data=custom_data, status=status, billing_cycle=cycle)
        self.prices[price_id] = entity

    def calls(self, method: str, path: str) -> int:
        """How many requests of `method` to `path` the fake answered."""
        return sum(1 for r in self.received if (r.method, r.path) == (method, path))

    def pay(self, transaction_id: str, *, subscription: str, customer: str) -> None:
        """The payer went through the checkout: the transaction completes, and the
        subscription it started is active."""
        transaction = self.transactions[transaction_id]
        transaction.update(status="completed", subscription_id=subscription, customer_id=customer)
        price_id = transaction["items"][0]["price"]["id"]
        self.add_subscription(subscription, price_id=price_id, customer=customer)

    def add_subscription(
        self, subscription_id: str, *, price_id: str, customer: str = "ctm_01test"
    ) -> None:
        self.subscriptions[subscription_id] = api_subscription(
            subscription_id, self.prices[price_id], customer
        )

    def last(self, method: str, path: str) -> Received:
        return [r for r in self.received if (r.method, r.path) == (method, path)][-1]

    def _serve(self, request: Request) -> Response:
        body = json.loads(request.get_data() or b"{}")
        self.received.append(
            Received(
                request.method,
                request.path,
                body,
                request.headers.get("Authorization", ""),
                dict(request.args),
            )
        )
        if self.delay:
            time.sleep(self.delay)
        if self.outage:
            return _error(500, "api_error", "internal_error", "An internal error occurred.")
        return self._answer(request, body)

    def _answer(self, request: Request, body: dict[str, Any]) -> Response:
        match (request.method, *request.path.strip("/").split("/")):
            case ("GET", "prices"):
                return self._list_prices(request)
            case ("POST", "transactions"):
                return _data(self._open_transaction(body), status=201)
            case ("GET", "transactions", txn) if txn in self.transactions:
                return _data(self.transactions[txn])
            case ("POST", "customers", customer, "portal-sessions") if (
                customer not in self.deleted_customers
            ):
                return _data(portal_session(customer), status=201)
            case ("POST", "subscriptions", subscription_id, "cancel"):
                return self._cancel(subscription_id, body.get("effective_from"))
        return _error(404, "request_error", "not_found", "Entity not found.")

    def _list_prices(self, request: Request) -> Response:
        """`GET /prices`, filtered by `id` and `status` (comma-separated), in id order,
        a page at a time: `per_page` (50 unless said), from the id after `after`."""
        ids = [i for i in request.args.get("id", "").split(",") if i]
        statuses = [s for s in request.args.get("status", "").split(",") if s]
        listed = sorted(
            (
                entity
                for entity in self.prices.values()
                if (not ids or entity["id"] in ids)
                and (not statuses or entity["status"] in statuses)
                and entity["id"] > request.args.get("after", "")
            ),
            key=lambda entity: entity["id"],
        )
        per_page = min(int(request.args.get("per_page", "50")), self.page_size)
        page, more = listed[:per_page], len(listed) > per_page
        after = {"after": page[-1]["id"]} if page else {}
        query = urlencode({**request.args, **after, "per_page": per_page})
        return _list(page, next_url=f"{self.base_url}/prices?{query}", has_more=more)

    def _cancel(self, subscription_id: str, effective_from: str | None) -> Response:
        subscription = self.subscriptions.get(subscription_id)
        if subscription is None:
            return _error(404, "request_error", "not_found", "Entity not found.")
        if subscription["status"] == "canceled":
            return _error(
                400,
                "request_error",
                "subscription_is_canceled_action_invalid",
                "action can't be performed on canceled subscription",
            )
        if effective_from == "immediately":
            subscription.update(status="canceled", canceled_at=STAMP, scheduled_change=None)
        else:  # at the end of the period Paddle has already been paid for
            ends_at = subscription["current_billing_period"]["ends_at"]
            change = {"action": "cancel", "effective_at": ends_at, "resume_at": None}
            subscription.update(scheduled_change=change)
        return _data(subscription)

    def _open_transaction(self, body: dict[str, Any]) -> dict[str, Any]:
        transaction_id = f"txn_01test{next(self._ids):04d}"
        item = body["items"][0]
        self.transactions[transaction_id] = transaction(
            transaction_id,
            self.prices[item["price_id"]],
            custom_data=body.get("custom_data"),
            customer_id=body.get("customer_id"),
            checkout_url=(
                f"{self.checkout_link}?_ptxn={transaction_id}" if self.checkout_link else None
            ),
        )
        return self.transactions[transaction_id]


def _data(data: dict[str, Any], status: int = 200) -> Response:
    body = {"data": data, "meta": {"request_id": "req_test"}}
    return Response(json.dumps(body), status=status, content_type="application/json")


def _list(data: list[dict[str, Any]], *, next_url: str = "", has_more: bool = False) -> Response:
    pagination = {
        "per_page": 50,
        "next": next_url,
        "has_more": has_more,
        "estimated_total": len(data),
    }
    body = {"data": data, "meta": {"request_id": "req_test", "pagination": pagination}}
    return Response(json.dumps(body), content_type="application/json")


def _error(status: int, kind: str, code: str, detail: str) -> Response:
    error = {
        "type": kind,
        "code": code,
        "detail": detail,
        "documentation_url": f"https://developer.paddle.com/v1/errors/shared/{code}",
    }
    body = {"error": error, "meta": {"request_id": "req_test"}}
    return Response(json.dumps(body), status=status, content_type="application/json")


# ---------------------------------------------------------------- entities


def price(price_id: str, amount: str, interval: str = "month", currency: str = "USD") -> dict:
    return {
        "id": price_id,
        "product_id": "pro_01test",
        "name": f"{interval}ly",
        "description": f"Billed every {interval}",
        "type": "standard",
        "billing_cycle": {"interval": interval, "frequency": 1},
        "trial_period": None,
        "tax_mode": "account_setting",
        "unit_price": {"amount": amount, "currency_code": currency},
        "unit_price_overrides": [],
        "quantity": {"minimum": 1, "maximum": 1},
        "status": "active",
        "custom_data": None,
        "import_meta": None,
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def _totals(amount: str, currency: str) -> dict[str, Any]:
    return {
        "subtotal": amount,
        "discount": "0",
        "tax": "0",
        "total": amount,
        "credit": "0",
        "credit_to_balance": "0",
        "balance": amount,
        "grand_total": amount,
        "grand_total_tax": "0",
        "fee": None,
        "earnings": None,
        "currency_code": currency,
    }


def transaction(
    transaction_id: str,
    of_price: dict[str, Any],
    *,
    status: str = "ready",
    custom_data: dict[str, Any] | None = None,
    customer_id: str | None = None,
    subscription_id: str | None = None,
    checkout_url: str | None = None,
    origin: str = "api",
    billing_period: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A Transaction entity as the API and notifications send it."""
    amount, currency = of_price["unit_price"]["amount"], of_price["unit_price"]["currency_code"]
    return {
        "id": transaction_id,
        "status": status,
        "customer_id": customer_id,
        "address_id": None,
        "business_id": None,
        "custom_data": custom_data,
        "currency_code": currency,
        "origin": origin,
        "subscription_id": subscription_id,
        "invoice_id": None,
        "invoice_number": None,
        "collection_mode": "automatic",
        "discount_id": None,
        "billing_details": None,
        "billing_period": billing_period,
        "items": [{"price": of_price, "quantity": 1, "proration": None}],
        "details": {
            "tax_rates_used": [],
            "totals": _totals(amount, currency),
            "adjusted_totals": None,
            "payout_totals": None,
            "adjusted_payout_totals": None,
            "line_items": [],
        },
        "payments": [],
        "checkout": {"url": checkout_url},
        "created_at": STAMP,
        "updated_at": STAMP,
        "billed_at": None,
    }


def portal_session(customer_id: str) -> dict[str, Any]:
    return {
        "id": "cpls_01test",
        "customer_id": customer_id,
        "urls": {
            "general": {
                "overview": f"https://customer-portal.paddle.com/cpl_01test?token={customer_id}"
            },
            "subscriptions": [],
        },
        "created_at": STAMP,
    }


def subscription(
    subscription_id: str,
    status: str,
    *,
    price_id: str,
    customer_id: str = "ctm_01test",
    user_id: int | None = None,
    interval: str = "month",
    next_billed_at: str | None = "2026-12-20T10:00:00Z",
) -> dict[str, Any]:
    """The parts of a Subscription entity the gateway reads, as notifications send them."""
    return {
        "id": subscription_id,
        "status": status,
        "customer_id": customer_id,
        "custom_data": {"user_id": str(user_id)} if user_id is not None else None,
        "billing_cycle": {"interval": interval, "frequency": 1},
        "next_billed_at": next_billed_at,
        "current_billing_period": {"starts_at": STAMP, "ends_at": "2026-12-20T10:00:00Z"},
        "items": [
            {
                "status": "active",
                "quantity": 1,
                "price": price(price_id, "500", interval),
            }
        ],
        "created_at": STAMP,
        "updated_at": STAMP,
    }


def api_subscription(
    subscription_id: str, billed: dict[str, Any], customer_id: str
) -> dict[str, Any]:
    """A Subscription entity whole, as Paddle's API answers with it."""
    interval = billed["billing_cycle"]["interval"]
    entity = subscription(
        subscription_id, "active", price_id=billed["id"], customer_id=customer_id, interval=interval
    )
    product = {
        "id": billed["product_id"],
        "name": "cvimprover",
        "status": "active",
        "tax_category": "standard",
        "created_at": STAMP,
        "updated_at": STAMP,
    }
    item = {
        "status": "active",
        "quantity": 1,
        "recurring": True,
        "created_at": STAMP,
        "updated_at": STAMP,
        "price": billed,
        "product": product,
    }
    return entity | {
        "address_id": "add_01test",
        "currency_code": billed["unit_price"]["currency_code"],
        "collection_mode": "automatic",
        "items": [item],
        "started_at": STAMP,
        "canceled_at": None,
        "scheduled_change": None,
    }


# ---------------------------------------------------------------- webhook notifications


def notification(
    event_type: str, data: dict[str, Any], *, event_id: str, occurred_at: str
) -> bytes:
    """A webhook body as Paddle sends it."""
    body = {
        "event_id": event_id,
        "event_type": event_type,
        "occurred_at": occurred_at,
        "notification_id": "ntf_" + event_id.removeprefix("evt_"),
        "data": data,
    }
    return json.dumps(body).encode()


def signed(body: bytes, *, timestamp: int | None = None, secret: str = WEBHOOK_SECRET) -> str:
    """The Paddle-Signature header Paddle would send with `body`."""
    ts = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return f"ts={ts};h1={digest}"
