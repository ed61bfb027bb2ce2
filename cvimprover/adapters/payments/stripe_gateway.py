"""Stripe through its official SDK: prices, Checkout, the customer portal, webhooks."""

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import stripe
from stripe.params.billing_portal import SessionCreateParams as PortalParams
from stripe.params.checkout import SessionCreateParams as CheckoutParams

from cvimprover.adapters.payments.event_fields import UnreadableField
from cvimprover.adapters.payments.money import from_minor_units
from cvimprover.adapters.payments.stripe_events import (
    INTERVALS,
    PAID,
    checkout_fields,
    read_event,
)
from cvimprover.adapters.payments.vendor_clients import stripe_client
from cvimprover.adapters.payments.webhook_time import check_timestamp, header_value
from cvimprover.core.billing.events import BillingEvent
from cvimprover.core.billing.model import Price
from cvimprover.core.errors import (
    DependencyUnavailable,
    InvalidInput,
    InvalidSignature,
    NotFound,
)
from cvimprover.ports.clock import Clock
from cvimprover.ports.payments import (
    CheckoutRequest,
    CheckoutSession,
    CheckoutState,
    PaymentGateway,
)

SIGNATURE_HEADER = "Stripe-Signature"
SESSION_ID = re.compile(r"cs_[A-Za-z0-9_]{1,250}")
NO_CUSTOMER = "Stripe has no customer record of yours any more; subscribe to a plan again."
T = TypeVar("T")


class StripePaymentGateway(PaymentGateway):
    """Stripe Checkout in subscription mode; our user and plan ids travel in the session's
    `client_reference_id` and metadata (also copied onto the subscription).

    - an unknown price is left out of `prices` (shown as unavailable), an unknown or
      malformed checkout session is NotFound; every other failure (network, timeout,
      5xx, a refused key) is DependencyUnavailable;
    - webhooks: the `Stripe-Signature` HMAC is checked on the raw bytes by the SDK, then
      its timestamp against our clock in both directions (the SDK checks only the past).
    `base_url` points the SDK elsewhere (a local fake in tests).
    """

    name = "stripe"

    def __init__(
        self,
        api_key: str,
        webhook_secret: str,
        clock: Clock,
        *,
        base_url: str | None = None,
        tolerance_seconds: int = 300,
        timeout_seconds: float = 10.0,
        max_retries: int = 1,
    ) -> None:
        self._client = stripe_client(
            api_key, base_url=base_url, timeout_seconds=timeout_seconds, max_retries=max_retries
        )
        self._webhook_secret = webhook_secret
        self._clock = clock
        self._tolerance = tolerance_seconds

    def prices(self, price_ids: Sequence[str]) -> dict[str, Price]:
        found: dict[str, Price] = {}
        for price_id in price_ids:
            try:
                price = self._client.v1.prices.retrieve(price_id)
            except stripe.InvalidRequestError:
                continue  # not in this account's catalogue: shown as unavailable
            except stripe.StripeError as error:
                raise _unavailable(error) from None
            recurring = price.recurring
            interval = INTERVALS.get(recurring.interval) if recurring else None
            if recurring and recurring.interval_count != 1:
                interval = None  # every 3 months is neither monthly nor yearly
            if price.unit_amount is not None and interval is not None:
                amount = from_minor_units(price.unit_amount, price.currency)
                found[price_id] = Price(amount, price.currency.upper(), interval)
        return found

    def start_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        metadata = {
            "user_id": str(request.user_id),
            "plan_id": str(request.plan_id),
            "interval": request.interval.value,
        }
        params: CheckoutParams = {
            "mode": "subscription",
            "line_items": [{"price": request.price_id, "quantity": 1}],
            "success_url": request.success_url,
            "cancel_url": request.cancel_url,
            "client_reference_id": str(request.user_id),
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
        }
        if request.customer_id:
            params["customer"] = request.customer_id
        else:
            params["customer_email"] = request.email
        session = self._call(
            lambda: self._client.v1.checkout.sessions.create(params),
            missing="Stripe knows no such price or customer.",
        )
        if not session.url:
            raise DependencyUnavailable("Stripe opened a checkout session without a URL.")
        return CheckoutSession(session.id, session.url)

    def checkout_state(self, session_id: str) -> CheckoutState:
        if not SESSION_ID.fullmatch(session_id):
            raise NotFound("No such checkout session.")
        session = self._call(lambda: self._client.v1.checkout.sessions.retrieve(session_id))
        raw = session.to_dict()
        try:
            fields = checkout_fields(raw)
        except UnreadableField:  # its ids are none we gave: not a checkout of ours
            raise NotFound("No such checkout session.") from None
        return CheckoutState(
            session_id=session.id,
            paid=raw.get("status") == "complete" and raw.get("payment_status") in PAID,
            user_id=fields.user_id,
            plan_id=fields.plan_id,
            subscription_id=fields.subscription_id,
            customer_id=fields.customer_id,
        )

    def portal_url(self, customer_id: str, return_url: str) -> str:
        params: PortalParams = {"customer": customer_id, "return_url": return_url}
        session = self._call(
            lambda: self._client.v1.billing_portal.sessions.create(params), missing=NO_CUSTOMER
        )
        return str(session.url)

    def cancel_subscription(self, subscription_id: str) -> None:
        try:
            self._client.v1.subscriptions.cancel(subscription_id)
        except stripe.InvalidRequestError as error:
            if error.http_status == 404:
                return  # Stripe answers a canceled subscription as if it were gone
            raise DependencyUnavailable(f"Stripe refused the request: {error}") from None
        except stripe.StripeError as error:
            raise _unavailable(error) from None

    def read_webhook(self, body: bytes, headers: Mapping[str, str]) -> BillingEvent | None:
        header = header_value(headers, SIGNATURE_HEADER)
        try:
            # No tolerance here: the SDK would read the system clock, and only one way.
            stripe.WebhookSignature.verify_header(body, header, self._webhook_secret)
        except (UnicodeDecodeError, stripe.SignatureVerificationError):
            raise InvalidSignature("The Stripe-Signature header does not verify.") from None
        check_timestamp(_signed_at(header), self._clock.now(), self._tolerance)
        try:
            payload = json.loads(body)
            return read_event(payload) if isinstance(payload, dict) else None
        except (KeyError, TypeError, ValueError):
            raise InvalidInput("The Stripe event is not one we can read.") from None

    def _call(self, request: Callable[[], T], *, missing: str = "No such checkout session.") -> T:
        """`request`'s answer. A missing object is NotFound, saying `missing`: Stripe
        answers 404 for the object in the path, 400 `resource_missing` for one a parameter
        names (a customer, a price)."""
        try:
            return request()
        except stripe.InvalidRequestError as error:
            if error.http_status == 404 or error.code == "resource_missing":
                raise NotFound(missing) from None
            raise DependencyUnavailable(f"Stripe refused the request: {error}") from None
        except stripe.StripeError as error:
            raise _unavailable(error) from None


def _unavailable(error: stripe.StripeError) -> DependencyUnavailable:
    return DependencyUnavailable(f"Stripe is unavailable: {type(error).__name__}")


def _signed_at(header: str) -> int:
    """The first `t=` of a header the SDK has verified (so it is there, and a number)."""
    stamps = [part[2:] for part in header.split(",") if part.startswith("t=")]
    return int(stamps[0])
