"""Payment gateways (Stripe, Paddle, the offline sandbox), in domain terms only."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from cvimprover.core.billing.events import BillingEvent
from cvimprover.core.billing.model import BillingInterval, Price


@dataclass(frozen=True)
class CheckoutRequest:
    user_id: int
    email: str
    customer_id: str | None
    plan_id: int
    price_id: str
    interval: BillingInterval
    success_url: str
    """Where the gateway sends the payer back; `{CHECKOUT_SESSION_ID}` is replaced."""
    cancel_url: str


@dataclass(frozen=True)
class CheckoutSession:
    session_id: str
    url: str


@dataclass(frozen=True)
class CheckoutState:
    """A checkout as the gateway sees it; `paid` once the payment went through."""

    session_id: str
    paid: bool
    user_id: int | None
    plan_id: int | None
    subscription_id: str | None = None
    customer_id: str | None = None


class PaymentGateway(Protocol):
    """Prices, checkout, the billing portal, and verified webhooks of one gateway.

    Network failures and gateway outages raise DependencyUnavailable; an unknown session
    raises NotFound; a webhook whose signature does not verify raises InvalidSignature.
    """

    name: str

    def prices(self, price_ids: Sequence[str]) -> dict[str, Price]: ...

    def start_checkout(self, request: CheckoutRequest) -> CheckoutSession: ...

    def checkout_state(self, session_id: str) -> CheckoutState: ...

    def portal_url(self, customer_id: str, return_url: str) -> str: ...

    def cancel_subscription(self, subscription_id: str) -> None:
        """Ends the subscription now, so the gateway charges nothing more; one the gateway
        has already ended, or does not know, counts as canceled."""
        ...

    def read_webhook(self, body: bytes, headers: Mapping[str, str]) -> BillingEvent | None:
        """Verifies the signature over the raw body first, then reads the event; None for
        event types that do not move a subscription."""
        ...


class PaymentGateways(Protocol):
    """The gateways configured here, by name: the selling one, where new checkouts go, and
    every other whose webhook secret is set, which keeps serving the subscriptions it
    holds (their webhooks, portal and cancellation)."""

    def selling(self) -> PaymentGateway:
        """Where new checkouts go, and whose prices the plans show."""
        ...

    def named(self, name: str) -> PaymentGateway | None:
        """The configured gateway called `name`; None for one that is not configured here
        (whose webhooks are not taken)."""
        ...
