"""Paddle Billing through its official SDK: prices, checkout (a transaction), the customer
portal, and webhooks."""

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Literal, TypeVar

from paddle_billing.Entities.Shared import CustomData
from paddle_billing.Entities.Subscriptions import SubscriptionEffectiveFrom
from paddle_billing.Exceptions.ApiError import ApiError
from paddle_billing.Notifications import Secret
from paddle_billing.Notifications.PaddleSignature import PaddleSignature
from paddle_billing.Resources.CustomerPortalSessions.Operations import (
    CreateCustomerPortalSession,
)
from paddle_billing.Resources.Prices.Operations import ListPrices
from paddle_billing.Resources.Subscriptions.Operations import CancelSubscription
from paddle_billing.Resources.Transactions.Operations import CreateTransaction
from paddle_billing.Resources.Transactions.Operations.Create import TransactionCreateItem

from cvimprover.adapters.payments.event_fields import UnreadableField, optional_id
from cvimprover.adapters.payments.money import from_minor_units
from cvimprover.adapters.payments.paddle_events import INTERVALS, read_event
from cvimprover.adapters.payments.vendor_clients import paddle_client
from cvimprover.adapters.payments.webhook_time import check_timestamp, header_value
from cvimprover.core.billing.events import BillingEvent
from cvimprover.core.billing.model import Price
from cvimprover.core.errors import DependencyUnavailable, InvalidInput, InvalidSignature, NotFound
from cvimprover.ports.clock import Clock
from cvimprover.ports.payments import (
    CheckoutRequest,
    CheckoutSession,
    CheckoutState,
    PaymentGateway,
)

SIGNATURE_HEADER = "Paddle-Signature"
TRANSACTION_ID = re.compile(r"txn_[a-z0-9]{1,64}")
CUSTOMER_ID = re.compile(r"ctm_[a-z0-9]{1,64}")
SUBSCRIPTION_ID = re.compile(r"sub_[a-z0-9]{1,64}")
PAID = frozenset({"paid", "completed"})
ENDED = frozenset({"subscription_is_canceled_action_invalid", "subscription_update_when_canceled"})
"""The error codes Paddle answers a cancellation of a subscription already canceled with."""
NO_CUSTOMER = "Paddle has no customer record of yours any more; subscribe to a plan again."
T = TypeVar("T")


class PaddleGateway(PaymentGateway):
    """Paddle Billing: a checkout is a transaction (its id is the session id, its checkout
    URL the account's default payment link); our user and plan ids travel in its
    `custom_data`, which Paddle copies onto the subscription it creates.

    - an unknown price is left out of `prices`; an unknown or malformed transaction is
      NotFound; every other failure (network, timeout, 5xx, a refused key) is
      DependencyUnavailable;
    - webhooks: the `Paddle-Signature` (`ts=...;h1=...`, HMAC-SHA256 of `ts:body`) is
      checked on the raw bytes with the SDK's PaddleSignature, and `ts` against our own
      clock in both directions. The SDK's Verifier is not used: it reads the system clock
      and lets a TEST_MODE environment variable turn the replay check off.
    `base_url` points the SDK elsewhere (a local fake in tests); else `environment` picks
    Paddle's live API or its sandbox.
    """

    name = "paddle"

    def __init__(
        self,
        api_key: str,
        webhook_secret: str,
        clock: Clock,
        *,
        environment: Literal["production", "sandbox"] = "production",
        base_url: str | None = None,
        tolerance_seconds: int = 300,
        timeout_seconds: float = 10.0,
        max_retries: int = 1,
    ) -> None:
        self._client = paddle_client(
            api_key,
            environment=environment,
            base_url=base_url,
            timeout_seconds=timeout_seconds,
            max_retries=max_retries,
        )
        self._webhook_secret = webhook_secret
        self._clock = clock
        self._tolerance = tolerance_seconds

    def prices(self, price_ids: Sequence[str]) -> dict[str, Price]:
        if not price_ids:
            return {}
        listed = self._call(lambda: list(self._client.prices.list(ListPrices(ids=[*price_ids]))))
        found: dict[str, Price] = {}
        for price in listed:
            cycle = price.billing_cycle
            interval = INTERVALS.get(cycle.interval.value) if cycle else None
            if price.status.value != "active" or cycle is None or cycle.frequency != 1:
                continue
            if interval is not None and price.unit_price.currency_code is not None:
                currency = str(price.unit_price.currency_code.value)
                amount = from_minor_units(str(price.unit_price.amount), currency)
                found[str(price.id)] = Price(amount, currency, interval)
        return found

    def start_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        custom = {
            "user_id": str(request.user_id),
            "plan_id": str(request.plan_id),
            "interval": request.interval.value,
        }
        customer = request.customer_id
        operation = CreateTransaction(
            items=[TransactionCreateItem(price_id=request.price_id, quantity=1)],
            custom_data=CustomData(custom),
            **({"customer_id": customer} if customer and CUSTOMER_ID.fullmatch(customer) else {}),
        )
        transaction = self._call(
            lambda: self._client.transactions.create(operation),
            missing="Paddle knows no such price or customer.",
        )
        url = transaction.checkout.url if transaction.checkout else None
        if not url:
            raise DependencyUnavailable(
                "Paddle gave no checkout URL: set a default payment link in its dashboard."
            )
        return CheckoutSession(str(transaction.id), str(url))

    def checkout_state(self, session_id: str) -> CheckoutState:
        if not TRANSACTION_ID.fullmatch(session_id):
            raise NotFound("No such checkout session.")  # also keeps the id out of the path
        transaction = self._call(lambda: self._client.transactions.get(session_id))
        custom = transaction.custom_data.data if transaction.custom_data else {}
        custom = custom if isinstance(custom, dict) else {}
        try:
            user_id = optional_id(custom.get("user_id"), "custom_data.user_id")
            plan_id = optional_id(custom.get("plan_id"), "custom_data.plan_id")
        except UnreadableField:  # its ids are none we gave: not a checkout of ours
            raise NotFound("No such checkout session.") from None
        return CheckoutState(
            session_id=str(transaction.id),
            paid=transaction.status.value in PAID,
            user_id=user_id,
            plan_id=plan_id,
            subscription_id=transaction.subscription_id,
            customer_id=transaction.customer_id,
        )

    def portal_url(self, customer_id: str, return_url: str) -> str:
        """Paddle's portal has no return link: `return_url` is not used."""
        if not CUSTOMER_ID.fullmatch(customer_id):
            raise InvalidInput("You have no Paddle subscription to manage yet.")
        portal = self._call(
            lambda: self._client.customer_portal_sessions.create(
                customer_id, CreateCustomerPortalSession()
            ),
            missing=NO_CUSTOMER,
        )
        return str(portal.urls.general.overview)

    def cancel_subscription(self, subscription_id: str) -> None:
        if not SUBSCRIPTION_ID.fullmatch(subscription_id):
            return  # not one of Paddle's ids: there is nothing there to cancel
        operation = CancelSubscription(effective_from=SubscriptionEffectiveFrom.Immediately)
        try:
            self._call(
                lambda: self._client.subscriptions.cancel(subscription_id, operation),
                gone=ENDED,
                missing="No such subscription.",
            )
        except NotFound:
            return

    def read_webhook(self, body: bytes, headers: Mapping[str, str]) -> BillingEvent | None:
        header = header_value(headers, SIGNATURE_HEADER)
        refused = InvalidSignature("The Paddle-Signature header does not verify.")
        try:
            signed_at, hashes = PaddleSignature.parse(header)
            verified = bool(hashes.get("h1")) and PaddleSignature().verify(
                header, body.decode("utf-8"), Secret(self._webhook_secret)
            )
        except ValueError:  # a malformed header, or a body that is not UTF-8
            raise refused from None
        if not header or not self._webhook_secret or not verified:
            raise refused
        check_timestamp(int(signed_at), self._clock.now(), self._tolerance)
        try:
            notification = json.loads(body)
            return read_event(notification) if isinstance(notification, dict) else None
        except (KeyError, TypeError, ValueError):
            raise InvalidInput("The Paddle notification is not one we can read.") from None

    def _call(
        self,
        request: Callable[[], T],
        *,
        gone: frozenset[str] = frozenset(),
        missing: str = "No such checkout session.",
    ) -> T:
        """`request`'s answer; a 404, or an error whose code is in `gone`, is NotFound,
        saying `missing`."""
        try:
            return request()
        except ApiError as error:
            status = error.response.status_code if error.response is not None else None
            if status == 404 or error.error_code in gone:
                raise NotFound(missing) from None
            raise DependencyUnavailable(f"Paddle refused the request: {error.error_code}") from None
        except OSError as error:  # requests' errors: connection, timeout, a non-JSON 5xx
            raise DependencyUnavailable(f"Paddle is unavailable: {type(error).__name__}") from None
        except (KeyError, TypeError, ValueError) as error:
            raise DependencyUnavailable(
                f"Paddle answered in a shape we cannot read: {error}"
            ) from None
