"""Stripe through its official SDK: prices, Checkout, the customer portal, webhooks."""

import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import stripe
from stripe.params.billing_portal import SessionCreateParams as PortalParams
from stripe.params.checkout import SessionCreateParams as CheckoutParams

from cvimprover.adapters.payments.stripe_events import INTERVALS, PAID, read_event
from cvimprover.adapters.payments.webhook_time import check_timestamp
from cvimprover.core.billing.events import BillingEvent
from cvimprover.core.billing.model import Price
from cvimprover.core.errors import DependencyUnavailable, InvalidSignature, NotFound
from cvimprover.ports.clock import Clock
from cvimprover.ports.payments import (
    CheckoutRequest,
    CheckoutSession,
    CheckoutState,
    PaymentGateway,
)

SIGNATURE_HEADER = "stripe-signature"


class StripePaymentGateway(PaymentGateway):
    """`base_url` points the SDK elsewhere (a local fake in tests)."""

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
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": base_url} if base_url else None,
            max_network_retries=max_retries,
            http_client=stripe.RequestsClient(timeout=timeout_seconds),
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
            interval = INTERVALS.get(price.recurring.interval if price.recurring else "")
            if price.unit_amount is not None and interval is not None:
                amount = Decimal(price.unit_amount) / 100
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
        session = self._call(lambda: self._client.v1.checkout.sessions.create(params))
        return CheckoutSession(session.id, session.url or "")

    def checkout_state(self, session_id: str) -> CheckoutState:
        session = self._call(lambda: self._client.v1.checkout.sessions.retrieve(session_id))
        raw = session.to_dict()
        event = read_event(
            {
                "id": "check",
                "created": 0,
                "type": "checkout.session.completed",
                "data": {"object": raw | {"payment_status": "paid", "mode": "subscription"}},
            }
        )
        if event is None:
            raise DependencyUnavailable("Stripe answered with a checkout session we cannot read.")
        return CheckoutState(
            session_id=session.id,
            paid=raw.get("status") == "complete" and raw.get("payment_status") in PAID,
            user_id=event.user_id,
            plan_id=event.plan_id,
            subscription_id=event.subscription_id,
            customer_id=event.customer_id,
        )

    def portal_url(self, customer_id: str, return_url: str) -> str:
        params: PortalParams = {"customer": customer_id, "return_url": return_url}
        session = self._call(lambda: self._client.v1.billing_portal.sessions.create(params))
        return str(session.url)

    def read_webhook(self, body: bytes, headers: Mapping[str, str]) -> BillingEvent | None:
        header = next((v for k, v in headers.items() if k.lower() == SIGNATURE_HEADER), "")
        for part in header.split(","):
            key, _, value = part.strip().partition("=")
            if key == "t":
                # The SDK refuses old timestamps only; a future one is refused here.
                check_timestamp(_int_or_refuse(value), self._clock.now(), self._tolerance)
        try:
            stripe.Webhook.construct_event(
                body, header, self._webhook_secret, tolerance=self._tolerance
            )
            payload = json.loads(body)
        except (ValueError, stripe.SignatureVerificationError):
            raise InvalidSignature("The Stripe-Signature header does not verify.") from None
        return read_event(payload)

    def _call(self, request: Any) -> Any:
        try:
            return request()
        except stripe.InvalidRequestError as error:
            if error.http_status == 404:
                raise NotFound("No such checkout session.") from None
            raise DependencyUnavailable(f"Stripe refused the request: {error}") from None
        except stripe.StripeError as error:
            raise _unavailable(error) from None


def _unavailable(error: stripe.StripeError) -> DependencyUnavailable:
    return DependencyUnavailable(f"Stripe is unavailable: {type(error).__name__}")


def _int_or_refuse(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise InvalidSignature("The Stripe-Signature timestamp is not a number.") from None
